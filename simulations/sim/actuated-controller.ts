/**
 * Fully actuated, uncoordinated NEMA ring-barrier control (the `actuated` controller mode).
 *
 * - Calls: a vehicle waiting at the stop line of one of the phase's lanes (locking memory of the
 *   stop-bar detector), a pedestrian call, or recall. The coordinated phases of the plan (main
 *   street, normally 2 and 6) are on minimum recall, so the controller always returns to them.
 * - Within a barrier group each ring serves its called phases in ring order and skips the others;
 *   a ring without calls in the group waits at the barrier in red (no dual entry).
 * - A green lasts at least its minimum green (and walk + pedestrian clearance when a pedestrian
 *   call is served), then extends while the phase has demand: a queue at the stop line or a
 *   vehicle due at the stop line within the passage time (an upstream detector's extension).
 *   It gaps out (4) when demand stops, maxes out (5) at its maximum green (`maxGreenS`, else the
 *   plan's split green), checked every 0.5 s.
 * - A ring's phase that is ready to end goes to the next called phase of its ring in the group;
 *   the last one rests in green until every ring is ready and another group has a call, then all
 *   rings cross the barrier together (simultaneous termination).
 * Events as in fixed-time control, with 4 or 5 before 7 and 8 at green end, and 45 at pedestrian calls.
 */
import type { PhaseTiming, TimingPlan } from '../../geo/network/network.schema.js';
import { barrierGroups } from '../../geo/network/plan-rules.js';
import { EventCode } from '../../services/contracts/records.js';
import { toMs, type PhaseInterval } from './cycle-layout.js';
import type { RandomStream } from './rng.js';
import type { SignalContext, SignalController } from './signal-context.js';

/** How often a green's demand is re-examined, ms. */
const CHECK_MS = 500;

type Stage = 'green' | 'change' | 'done';

interface RingState {
  index: number;
  stage: Stage;
  /** Position of the current phase in the ring's group list. */
  position: number;
  phase: number;
  interval: PhaseInterval | undefined;
  minEnd: number;
  maxEnd: number;
  /** 4 (gap out) or 5 (max out) once the phase may end; 0 while it extends. */
  reason: number;
}

export interface ActuatedOptions {
  passageTimeS: number;
  pedCallsPerHour: number;
  /** Demand level (relative to the AM peak) at a time: scales pedestrian calls. */
  levelAt: (ts: number) => number;
  /** Stream for pedestrian call times. */
  pedestrians: RandomStream;
}

export class ActuatedController implements SignalController {
  private plan: TimingPlan;
  private pendingPlan: TimingPlan | undefined;
  private groups: number[][][];
  private timings: Map<number, PhaseTiming>;
  private recall: Set<number>;
  private readonly pedCalls = new Set<number>();
  private group = 0;
  private rings: RingState[] = [];
  private tickAt = Infinity;
  private tickToken = 0;

  constructor(
    private readonly context: SignalContext,
    plan: TimingPlan,
    private readonly options: ActuatedOptions,
  ) {
    this.plan = plan;
    this.groups = barrierGroups(plan) ?? [plan.rings];
    this.timings = new Map(plan.phases.map((t) => [t.phase, t]));
    this.recall = this.recallOf(plan);
  }

  setPlan(plan: TimingPlan): void {
    this.pendingPlan = plan;
  }

  start(t0: number): void {
    const first = this.plan.coordinatedPhases[0];
    const group = this.groups.findIndex((g) => g.some((ring) => first !== undefined && ring.includes(first)));
    this.context.queue.schedule(t0, (t) => this.startGroup(Math.max(0, group), t));
    for (const timing of this.plan.phases) if (timing.pedWalkS) this.schedulePedCall(timing.phase, t0);
  }

  private recallOf(plan: TimingPlan): Set<number> {
    return new Set(plan.coordinatedPhases.length > 0 ? plan.coordinatedPhases : [plan.rings[0]?.[0] ?? 1]);
  }

  private hasCall(phase: number): boolean {
    return this.recall.has(phase) || this.pedCalls.has(phase) || this.context.traffic.hasWaiting(this.context.intersection, phase);
  }

  private startGroup(group: number, t: number): void {
    if (this.pendingPlan) {
      this.plan = this.pendingPlan;
      this.pendingPlan = undefined;
      this.groups = barrierGroups(this.plan) ?? [this.plan.rings];
      this.timings = new Map(this.plan.phases.map((p) => [p.phase, p]));
      this.recall = this.recallOf(this.plan);
      group = Math.min(group, this.groups.length - 1);
    }
    this.group = group;
    this.rings = (this.groups[group] ?? []).map((_, index) => ({
      index,
      stage: 'done' as Stage,
      position: -1,
      phase: 0,
      interval: undefined,
      minEnd: 0,
      maxEnd: 0,
      reason: 0,
    }));
    for (const ring of this.rings) this.advanceRing(ring, t);
    this.tick(t);
  }

  /** Starts the ring's next called phase in the group, or leaves it waiting at the barrier. */
  private advanceRing(ring: RingState, t: number): void {
    const phases = this.groups[this.group]?.[ring.index] ?? [];
    for (let position = ring.position + 1; position < phases.length; position++) {
      const phase = phases[position] as number;
      if (!this.hasCall(phase)) continue;
      this.beginGreen(ring, position, phase, t);
      return;
    }
    ring.stage = 'done';
  }

  private beginGreen(ring: RingState, position: number, phase: number, t: number): void {
    const timing = this.timings.get(phase) as PhaseTiming;
    let minGreenMs = toMs(timing.minGreenS);
    const { emit } = this.context;
    emit(t, EventCode.PHASE_BEGIN_GREEN, phase);
    if (this.pedCalls.delete(phase) && timing.pedWalkS) {
      const walkEnd = t + toMs(timing.pedWalkS);
      const clearEnd = walkEnd + toMs(timing.pedClearS ?? 0);
      emit(t, EventCode.PED_BEGIN_WALK, phase);
      emit(walkEnd, EventCode.PED_BEGIN_CLEARANCE, phase);
      emit(clearEnd, EventCode.PED_BEGIN_DONT_WALK, phase);
      minGreenMs = Math.max(minGreenMs, clearEnd - t);
    }
    const maxGreenMs = Math.max(minGreenMs, toMs(timing.maxGreenS ?? timing.splitS - timing.yellowS - timing.allRedS));
    const interval: PhaseInterval = { phase, greenStart: t, yellowStart: Infinity, redStart: Infinity, redEnd: Infinity };
    Object.assign(ring, { stage: 'green', position, phase, interval, minEnd: t + minGreenMs, maxEnd: t + maxGreenMs, reason: 0 });
    this.context.intersection.intervals.set(phase, interval);
    this.context.traffic.onGreen(this.context.intersection, phase, t);
  }

  private laterCall(ring: RingState): boolean {
    const phases = this.groups[this.group]?.[ring.index] ?? [];
    return phases.slice(ring.position + 1).some((p) => this.hasCall(p));
  }

  private callElsewhere(): boolean {
    return this.groups.some((group, g) => g !== this.group && group.some((ring) => ring.some((p) => this.hasCall(p))));
  }

  private tick(t: number): void {
    const passageMs = toMs(this.options.passageTimeS);
    for (const ring of this.rings) {
      if (ring.stage !== 'green') continue;
      if (t >= ring.maxEnd) ring.reason = EventCode.PHASE_MAX_OUT;
      else if (t >= ring.minEnd) {
        const demand = this.context.traffic.hasDemand(this.context.intersection, ring.phase, t, passageMs);
        ring.reason = demand ? 0 : EventCode.PHASE_GAP_OUT;
      }
      if (ring.reason !== 0 && this.laterCall(ring)) this.terminate(ring, t);
    }
    const green = this.rings.filter((r) => r.stage === 'green');
    const atBarrier = this.rings.every((r) => r.stage === 'done' || (r.stage === 'green' && r.reason !== 0));
    if (green.length > 0 && atBarrier && this.callElsewhere()) for (const ring of green) this.terminate(ring, t);
    if (this.rings.every((r) => r.stage === 'done')) {
      this.crossBarrier(t);
      return;
    }
    let next = Infinity;
    for (const ring of this.rings) {
      if (ring.stage !== 'green') continue;
      next = Math.min(next, t < ring.minEnd ? ring.minEnd : Math.min(ring.maxEnd > t ? ring.maxEnd : Infinity, t + CHECK_MS));
    }
    this.scheduleTick(next);
  }

  private scheduleTick(at: number): void {
    if (at === Infinity || at >= this.tickAt) return;
    this.tickAt = at;
    const token = ++this.tickToken;
    this.context.queue.schedule(at, (t) => {
      if (token !== this.tickToken) return;
      this.tickAt = Infinity;
      this.tick(t);
    });
  }

  private terminate(ring: RingState, t: number): void {
    const interval = ring.interval as PhaseInterval;
    const timing = this.timings.get(ring.phase) as PhaseTiming;
    const { emit } = this.context;
    interval.yellowStart = t;
    interval.redStart = t + toMs(timing.yellowS);
    interval.redEnd = interval.redStart + toMs(timing.allRedS);
    emit(t, ring.reason, ring.phase);
    emit(t, EventCode.PHASE_GREEN_TERMINATION, ring.phase);
    emit(t, EventCode.PHASE_BEGIN_YELLOW, ring.phase);
    emit(interval.redStart, EventCode.PHASE_END_YELLOW, ring.phase);
    emit(interval.redStart, EventCode.PHASE_BEGIN_RED_CLEARANCE, ring.phase);
    emit(interval.redEnd, EventCode.PHASE_END_RED_CLEARANCE, ring.phase);
    ring.stage = 'change';
    const group = this.group;
    this.context.queue.schedule(interval.redEnd, (end) => {
      if (this.group !== group) return;
      this.advanceRing(ring, end);
      this.tick(end);
    });
  }

  private crossBarrier(t: number): void {
    const count = this.groups.length;
    for (let step = 1; step <= count; step++) {
      const candidate = (this.group + step) % count;
      if ((this.groups[candidate] ?? []).some((ring) => ring.some((p) => this.hasCall(p)))) {
        this.startGroup(candidate, t);
        return;
      }
    }
    // Recall keeps a call somewhere, so this is a safety net: look again in a second.
    this.context.queue.schedule(t + 1000, (later) => this.crossBarrier(later));
  }

  private schedulePedCall(phase: number, from: number): void {
    const ratePerMs = (this.options.pedCallsPerHour * Math.max(0.05, this.options.levelAt(from))) / 3_600_000;
    const at = Math.round(from + this.options.pedestrians.exponential() / ratePerMs);
    this.context.queue.schedule(at, (t) => {
      if (!this.pedCalls.has(phase)) {
        this.pedCalls.add(phase);
        this.context.emit(t, EventCode.PED_CALL, phase);
        this.scheduleTick(t);
      }
      this.schedulePedCall(phase, t);
    });
  }
}
