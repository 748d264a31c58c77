/**
 * Replay (DESIGN §3: "replaying a time range from the database reproduces the same
 * measures"): a fresh core reads the stored events from a warm-up before the range, so
 * its state (current cycles, rolling window, residual queues, detector health) has
 * converged by the range's start, and keeps the outputs that belong to the range.
 */
import type { ControllerEvent, DetectorSample } from '../../contracts/records.js';
import { emptyOutputs, type CoreOutputs, type MeasureCore } from './measure-core.js';
import { MINUTE_MS } from './minute-bins.js';
import { SampleQueue } from './sample-queue.js';

/** Default warm-up before a replayed range: two long cycles and the 5-minute window, with margin. */
export const DEFAULT_WARMUP_MS = 15 * MINUTE_MS;

/**
 * The outputs whose key lies in [from, to): cycles by red start, minutes by minute start,
 * detector changes by time.
 *
 * @example keepOutputs(core.drain(), from, to).cycles
 */
export function keepOutputs(outputs: CoreOutputs, from: number, to: number): CoreOutputs {
  const inRange = (t: number) => t >= from && t < to;
  return {
    cycles: outputs.cycles.filter((c) => inRange(c.redStart)),
    movementMinutes: outputs.movementMinutes.filter((m) => inRange(m.ts)),
    approachMinutes: outputs.approachMinutes.filter((m) => inRange(m.ts)),
    intersectionMinutes: outputs.intersectionMinutes.filter((m) => inRange(m.ts)),
    detectorChanges: outputs.detectorChanges.filter((c) => inRange(c.at)),
    signals: outputs.signals.filter((s) => inRange(s.at)),
  };
}

/**
 * Appends `more` to `into` (in place).
 *
 * @example mergeOutputs(all, core.drain())
 */
export function mergeOutputs(into: CoreOutputs, more: CoreOutputs): CoreOutputs {
  into.cycles.push(...more.cycles);
  into.movementMinutes.push(...more.movementMinutes);
  into.approachMinutes.push(...more.approachMinutes);
  into.intersectionMinutes.push(...more.intersectionMinutes);
  into.detectorChanges.push(...more.detectorChanges);
  into.signals.push(...more.signals);
  return into;
}

/**
 * Runs a fresh core (started at `from − warmup`) over stored events and samples up to
 * `until` and returns what it produced for [from, to). A sample is applied when its
 * interval has ended, as it would have arrived live.
 *
 * @param core    a core created with streamStart = the start of the stored range
 * @param events  the stored events from the core's start up to `until`, in (ts, code) order
 * @param samples the stored samples of that range, any order
 * @param until   time the core is moved to (every output of [from, to) is final by then)
 * @example replayOutputs(shard.newCore(from - DEFAULT_WARMUP_MS), events, samples, from, to, settledBy(to))
 */
export function replayOutputs(
  core: MeasureCore,
  events: readonly ControllerEvent[],
  samples: readonly DetectorSample[],
  from: number,
  to: number,
  until: number,
): CoreOutputs {
  const all = emptyOutputs();
  const queue = new SampleQueue();
  queue.push(core, samples);
  let applied = 0;
  for (const event of events) {
    if (event.ts >= until) break;
    queue.applyUntil(core, event.ts);
    core.apply(event);
    // Drain as it goes: the warm-up's outputs are dropped, not held.
    if (++applied % 4096 === 0) mergeOutputs(all, keepOutputs(core.drain(), from, to));
  }
  queue.applyUntil(core, until);
  core.advanceTo(until);
  return mergeOutputs(all, keepOutputs(core.drain(), from, to));
}

/**
 * Time by which every output keyed before `to` is final: minutes close `closeLagMs` after
 * their end, cycles finalise 10 s after their red start.
 *
 * @example settledBy(to, 60_000) // to + 60 s
 */
export function settledBy(to: number, closeLagMs = 60_000): number {
  return to + closeLagMs + 1;
}
