/**
 * Pretimed, coordinated NEMA ring-barrier control: every phase runs its split every cycle,
 * cycles start on the plan's offset grid (see `cycle-layout.ts` for the conventions).
 *
 * Events per phase and cycle (Indiana enumeration, DESIGN §4.1), all at whole milliseconds:
 * - 1 (begin green) at green start;
 * - at green end, at the same instant: 6 (force off — only for phases that are not coordinated:
 *   the coordinated phases are never forced off in a coordinated plan), 7 (green termination),
 *   8 (begin yellow);
 * - 9 (end yellow) and 10 (begin red clearance) together at yellow end;
 * - 11 (end red clearance) all-red later;
 * - phases with pedestrian timing (pedestrian recall): 21 (walk) at green start, 22 (flashing
 *   don't walk) after the walk, 23 (solid don't walk) after the clearance, never after the
 *   phase's red clearance ends.
 */
import type { TimingPlan } from '../../geo/network/network.schema.js';
import { EventCode } from '../../services/contracts/records.js';
import { cycleTemplate, firstCycleStart, layoutCycle, toMs, transitionDwellMs, type CycleTemplate, type PhaseInterval } from './cycle-layout.js';
import type { SignalContext, SignalController } from './signal-context.js';

/**
 * @example
 * const controller = new FixedTimeController(context, intersection.plan);
 * controller.start(t0); // schedules cycle after cycle on the agenda
 */
export class FixedTimeController implements SignalController {
  private template: CycleTemplate;
  private pending: CycleTemplate | undefined;

  constructor(
    private readonly context: SignalContext,
    plan: TimingPlan,
  ) {
    this.template = cycleTemplate(plan);
  }

  start(t0: number): void {
    const first = firstCycleStart(this.template, t0, this.context.timeZone);
    this.context.queue.schedule(first, (t) => this.runCycle(t));
  }

  setPlan(plan: TimingPlan): void {
    this.pending = cycleTemplate(plan);
  }

  private runCycle(cycleStart: number): void {
    const current = this.template;
    const next = this.pending ?? current;
    this.pending = undefined;
    const dwellMs = transitionDwellMs(current, next, cycleStart, this.context.timeZone);
    const coordinated = new Set(current.plan.coordinatedPhases);
    for (const interval of layoutCycle(current, cycleStart, dwellMs)) {
      this.context.queue.schedule(interval.greenStart, (t) => {
        this.context.intersection.intervals.set(interval.phase, interval);
        this.context.traffic.onGreen(this.context.intersection, interval.phase, t);
      });
      this.emitPhase(interval, !coordinated.has(interval.phase), current);
    }
    this.template = next;
    this.context.queue.schedule(cycleStart + current.cycleMs + dwellMs, (t) => this.runCycle(t));
  }

  private emitPhase(interval: PhaseInterval, forcedOff: boolean, template: CycleTemplate): void {
    const { emit } = this.context;
    const { phase } = interval;
    emit(interval.greenStart, EventCode.PHASE_BEGIN_GREEN, phase);
    if (forcedOff) emit(interval.yellowStart, EventCode.PHASE_FORCE_OFF, phase);
    emit(interval.yellowStart, EventCode.PHASE_GREEN_TERMINATION, phase);
    emit(interval.yellowStart, EventCode.PHASE_BEGIN_YELLOW, phase);
    emit(interval.redStart, EventCode.PHASE_END_YELLOW, phase);
    emit(interval.redStart, EventCode.PHASE_BEGIN_RED_CLEARANCE, phase);
    emit(interval.redEnd, EventCode.PHASE_END_RED_CLEARANCE, phase);
    const timing = template.timings.get(phase);
    if (timing?.pedWalkS) {
      const walkEnd = Math.min(interval.redEnd, interval.greenStart + toMs(timing.pedWalkS));
      const clearEnd = Math.min(interval.redEnd, walkEnd + toMs(timing.pedClearS ?? 0));
      emit(interval.greenStart, EventCode.PED_BEGIN_WALK, phase);
      emit(walkEnd, EventCode.PED_BEGIN_CLEARANCE, phase);
      emit(clearEnd, EventCode.PED_BEGIN_DONT_WALK, phase);
    }
  }
}
