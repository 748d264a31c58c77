/**
 * Phase intervals and cycles from controller events (DESIGN §6 "cycles"; ATSPM's
 * cycle definitions). Red-to-red cycles start at the end of yellow (code 9, or code 10
 * when a controller does not log 9; all-red counts as red) and serve arrivals on green
 * and the Purdue Coordination Diagram; green-to-green cycles (1 → next 1) serve split
 * failure and the split monitor. A green's termination type is the first of 4/5/6 inside it.
 *
 * A feed may lack codes: a missing yellow start is taken from code 7 or from the plan's
 * yellow, a missing red start from code 10, 11 or the plan — each such cycle says what
 * was inferred. What cannot be inferred (no green start, the red start before the stream
 * began, a cycle longer than plausible after a controller clock jump) is dropped with a reason.
 */
import type { GreenTermination } from '../../contracts/live.js';
import { EventCode } from '../../contracts/records.js';
import type { OrderedEvent } from './event-order.js';

/** What a cycle's times rest on besides the events of its own codes. */
export type PhaseInference = 'yellow-from-code-7' | 'yellow-from-plan' | 'red-from-code-10' | 'red-from-plan';

/** Why a cycle was not reported. */
export type PhaseDropReason = 'start-unknown' | 'missing-green' | 'green-not-ended' | 'implausible-length';

/** One red-to-red cycle of a phase (epoch ms): red [cycleStart, greenStart), green, yellow [yellowStart, redStart). */
export interface PhaseCycle {
  phase: number;
  cycleStart: number;
  greenStart: number;
  yellowStart: number;
  /** End of yellow: the next cycle starts here. */
  redStart: number;
  termination: GreenTermination;
  inferred: PhaseInference[];
}

export interface PhaseDrop {
  phase: number;
  reason: PhaseDropReason;
  /** When the cycle would have ended, epoch ms. */
  at: number;
}

export type PhaseSignal = 'unknown' | 'red' | 'green' | 'yellow';

export interface PhaseTrackerOptions {
  /** Plan yellow, s: used when a feed omits the yellow or red start. */
  yellowS: number;
  /** Longest plausible red-to-red cycle, s (a skipped phase doubles a cycle; longer means a clock jump). Default 600. */
  maxCycleS?: number;
}

/** What one event did to a phase: closed a cycle, dropped one, or nothing. */
export type PhaseStep = { kind: 'cycle'; cycle: PhaseCycle } | { kind: 'drop'; drop: PhaseDrop } | undefined;

const TERMINATIONS: Readonly<Record<number, GreenTermination>> = {
  [EventCode.PHASE_GAP_OUT]: 'gap-out',
  [EventCode.PHASE_MAX_OUT]: 'max-out',
  [EventCode.PHASE_FORCE_OFF]: 'force-off',
};

/**
 * The streaming state machine of one phase: feed it the phase's events in (ts, code)
 * order; it returns each cycle as its red starts. `phaseCycles` runs it over an array;
 * the engine's shards run it live, so both give the same cycles.
 *
 * @example
 * const tracker = new PhaseTracker(2, { yellowS: 3 });
 * tracker.accept(EventCode.PHASE_END_YELLOW, 0); // red starts: the first cycle's start
 * tracker.accept(EventCode.PHASE_BEGIN_GREEN, 60_000);
 * tracker.accept(EventCode.PHASE_BEGIN_YELLOW, 100_000);
 * tracker.accept(EventCode.PHASE_END_YELLOW, 103_000); // { kind: 'cycle', cycle: { cycleStart: 0, greenStart: 60000, ... } }
 */
export class PhaseTracker {
  readonly phase: number;
  state: PhaseSignal = 'unknown';
  /** Start of the current red-to-red cycle, or null before the first red start. */
  cycleStart: number | null = null;
  greenStart: number | null = null;
  yellowStart: number | null = null;
  /** Time of the last end of red clearance (code 11) seen, epoch ms. */
  redClearanceEnd: number | null = null;
  private termination: GreenTermination = 'unknown';
  private greenTerminatedAt: number | null = null;
  private readonly yellowMs: number;
  private readonly maxCycleMs: number;

  constructor(phase: number, options: PhaseTrackerOptions) {
    this.phase = phase;
    this.yellowMs = options.yellowS * 1000;
    this.maxCycleMs = (options.maxCycleS ?? 600) * 1000;
  }

  /** Applies one event of this phase. Codes other than 1, 4–11 are ignored. */
  accept(code: number, ts: number): PhaseStep {
    switch (code) {
      case EventCode.PHASE_BEGIN_GREEN:
        return this.beginGreen(ts);
      case EventCode.PHASE_GAP_OUT:
      case EventCode.PHASE_MAX_OUT:
      case EventCode.PHASE_FORCE_OFF:
        if (this.state === 'green' && this.termination === 'unknown') this.termination = TERMINATIONS[code] as GreenTermination;
        return undefined;
      case EventCode.PHASE_GREEN_TERMINATION:
        if (this.state === 'green') this.greenTerminatedAt = ts;
        return undefined;
      case EventCode.PHASE_BEGIN_YELLOW:
        if (this.state === 'green') {
          this.yellowStart = ts;
          this.state = 'yellow';
        } else if (this.state !== 'yellow') {
          // Yellow without a green start: the cycle cannot be measured; remember where red will begin.
          this.greenStart = null;
          this.yellowStart = ts;
          this.state = 'yellow';
        }
        return undefined;
      case EventCode.PHASE_END_YELLOW:
        return this.beginRed(ts, []);
      case EventCode.PHASE_BEGIN_RED_CLEARANCE:
        // Red starts at 10 only when the controller did not log 9 (the state is still green or yellow).
        return this.state === 'green' || this.state === 'yellow' ? this.beginRed(ts, ['red-from-code-10']) : this.beginRed(ts, []);
      case EventCode.PHASE_END_RED_CLEARANCE:
        if (this.state === 'green' || this.state === 'yellow') {
          const step = this.beginRed(this.plannedRedStart(ts), ['red-from-plan']);
          this.redClearanceEnd = ts;
          return step;
        }
        this.redClearanceEnd = ts;
        return undefined;
      default:
        return undefined;
    }
  }

  /** Red start implied by the plan's yellow when the feed logged none, never after `limit`. */
  private plannedRedStart(limit: number): number {
    const start = this.yellowStart ?? this.greenTerminatedAt;
    return start === null ? limit : Math.min(limit, start + this.yellowMs);
  }

  private beginGreen(ts: number): PhaseStep {
    let step: PhaseStep;
    if (this.state === 'yellow') step = this.beginRed(this.plannedRedStart(ts), ['red-from-plan']);
    else if (this.state === 'green') {
      // A second green start without an end: the previous green's end is unknown.
      step = { kind: 'drop', drop: { phase: this.phase, reason: 'green-not-ended', at: ts } };
      this.cycleStart = null;
    }
    this.state = 'green';
    this.greenStart = ts;
    this.yellowStart = null;
    this.greenTerminatedAt = null;
    this.termination = 'unknown';
    return step;
  }

  private beginRed(ts: number, inferred: PhaseInference[]): PhaseStep {
    if (this.state === 'red') return undefined; // 10 or 11 after 9: red already began
    if (this.state === 'unknown') {
      this.state = 'red';
      this.cycleStart = ts;
      return undefined;
    }
    let yellowStart = this.yellowStart;
    if (this.state === 'green') {
      if (this.greenTerminatedAt !== null) {
        yellowStart = this.greenTerminatedAt;
        inferred = ['yellow-from-code-7', ...inferred];
      } else {
        yellowStart = Math.max(this.greenStart ?? ts, ts - this.yellowMs);
        inferred = ['yellow-from-plan', ...inferred];
      }
    }
    const cycleStart = this.cycleStart;
    const greenStart = this.greenStart;
    this.state = 'red';
    this.cycleStart = ts;
    this.greenStart = null;
    this.yellowStart = null;
    this.redClearanceEnd = null;
    if (cycleStart === null) return { kind: 'drop', drop: { phase: this.phase, reason: 'start-unknown', at: ts } };
    if (greenStart === null || yellowStart === null) return { kind: 'drop', drop: { phase: this.phase, reason: 'missing-green', at: ts } };
    if (ts - cycleStart > this.maxCycleMs || greenStart < cycleStart) {
      return { kind: 'drop', drop: { phase: this.phase, reason: 'implausible-length', at: ts } };
    }
    return {
      kind: 'cycle',
      cycle: { phase: this.phase, cycleStart, greenStart, yellowStart, redStart: ts, termination: this.termination, inferred },
    };
  }
}

/** A controller event as the phase measures read it. */
export interface PhaseEvent extends OrderedEvent {
  param: number;
}

/**
 * The red-to-red cycles of one phase in a stream of events sorted by (ts, code).
 *
 * @example
 * // red at 0, green 60 s, yellow 100 s, red 103 s → one cycle of 103 s
 * phaseCycles([{ ts: 0, code: 9, param: 2 }, { ts: 60000, code: 1, param: 2 }, { ts: 100000, code: 8, param: 2 }, { ts: 103000, code: 9, param: 2 }], 2, { yellowS: 3 }).cycles.length // 1
 */
export function phaseCycles(events: readonly PhaseEvent[], phase: number, options: PhaseTrackerOptions): { cycles: PhaseCycle[]; dropped: PhaseDrop[] } {
  const tracker = new PhaseTracker(phase, options);
  const cycles: PhaseCycle[] = [];
  const dropped: PhaseDrop[] = [];
  for (const event of events) {
    if (event.param !== phase || event.code < EventCode.PHASE_BEGIN_GREEN || event.code > EventCode.PHASE_END_RED_CLEARANCE) continue;
    const step = tracker.accept(event.code, event.ts);
    if (step?.kind === 'cycle') cycles.push(step.cycle);
    else if (step?.kind === 'drop') dropped.push(step.drop);
  }
  return { cycles, dropped };
}

/** A green-to-green cycle: from one green start of a phase to its next (split failure, split monitor). */
export interface GreenToGreenCycle {
  phase: number;
  greenStart: number;
  nextGreenStart: number;
  /** nextGreenStart − greenStart, s. */
  durationS: number;
}

/**
 * Green-to-green cycles from consecutive red-to-red cycles; a gap (a dropped cycle)
 * breaks the chain rather than bridging it.
 *
 * @example greenToGreenCycles([c1, c2]) // [{ greenStart: c1.greenStart, nextGreenStart: c2.greenStart, ... }] when c2 follows c1
 */
export function greenToGreenCycles(cycles: readonly PhaseCycle[]): GreenToGreenCycle[] {
  const result: GreenToGreenCycle[] = [];
  for (let i = 1; i < cycles.length; i++) {
    const previous = cycles[i - 1] as PhaseCycle;
    const current = cycles[i] as PhaseCycle;
    if (current.cycleStart !== previous.redStart) continue;
    result.push({
      phase: current.phase,
      greenStart: previous.greenStart,
      nextGreenStart: current.greenStart,
      durationS: (current.greenStart - previous.greenStart) / 1000,
    });
  }
  return result;
}
