/**
 * Spillback (DESIGN §6): the queue reaches the advance detector's storage or the link
 * length, or the advance detector is occupied ≥ 80 % over ≥ 30 s while its phase is
 * green. The occupancy test reads the last 30 s of each green: a queue that still sits
 * on the advance detector at the end of a long green cannot move — it is held by the
 * downstream link, not by the signal.
 */
import { occupancyRatio, type TimeInterval } from './occupancy.js';

/**
 * The queue reaches the advance detector or the end of the link.
 *
 * @example queueSpillback(150, { advanceDistanceM: 140 }) // true
 */
export function queueSpillback(queueM: number, limits: { advanceDistanceM?: number; linkLengthM?: number }): boolean {
  const reach = Math.min(limits.advanceDistanceM ?? Infinity, limits.linkLengthM ?? Infinity);
  return Number.isFinite(reach) && queueM >= reach;
}

export interface OccupancySpillbackOptions {
  windowS?: number;
  thresholdPct?: number;
}

/**
 * The advance detector is occupied ≥ 80 % of the last 30 s of the green (greens shorter than 30 s cannot tell).
 *
 * @example advanceOccupancySpillback([{ start: 0, end: 60000 }], { start: 10000, end: 50000 }) // true (100 %)
 */
export function advanceOccupancySpillback(activations: readonly TimeInterval[], green: TimeInterval, options: OccupancySpillbackOptions = {}): boolean {
  const { windowS = 30, thresholdPct = 80 } = options;
  const windowMs = windowS * 1000;
  if (green.end - green.start < windowMs) return false;
  const ratio = occupancyRatio(activations, green.end - windowMs, green.end) ?? 0;
  return ratio * 100 >= thresholdPct;
}
