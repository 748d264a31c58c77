/**
 * What a signal controller needs from the rest of the simulator, and what every controller offers.
 */
import type { TimingPlan } from '../../geo/network/network.schema.js';
import type { EventQueue } from './event-queue.js';
import type { IntersectionState } from './model.js';
import type { Traffic } from './traffic.js';

export interface SignalContext {
  intersection: IntersectionState;
  queue: EventQueue;
  traffic: Traffic;
  /** Records a controller event of this intersection (at any time not before the agenda's now). */
  emit(ts: number, code: number, param: number): void;
  timeZone: string;
}

export interface SignalController {
  /** Schedules the controller from `t0` (the first agenda instant). */
  start(t0: number): void;
  /** Runs `plan` from the next cycle (fixed) or barrier crossing (actuated) that is still to be scheduled. */
  setPlan(plan: TimingPlan): void;
}
