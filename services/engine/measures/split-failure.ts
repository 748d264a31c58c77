/**
 * Green and red occupancy and split failure (DESIGN §6; the Purdue / ATSPM split
 * failure measure). Occupancy is the union of the activations of all stop-bar lanes
 * of the phase. GOR = occupied time during green ÷ green duration; ROR5 = occupied
 * time in the first 5 s after red start (end of yellow) ÷ 5 s. A cycle fails when
 * GOR > 0.79 and ROR5 > 0.79.
 */
import { occupancyRatio, type TimeInterval } from './occupancy.js';

export interface SplitFailureOptions {
  /** Red window after the end of yellow, s (ATSPM: 5). */
  redWindowS?: number;
  /** Both ratios must exceed this (ATSPM: 0.79). */
  threshold?: number;
}

export interface SplitFailure {
  /** Green occupancy ratio 0..1; null for a zero-length green. */
  gor: number | null;
  /** Occupancy of the first 5 s of red, 0..1. */
  ror5: number;
  failed: boolean;
}

/**
 * Split failure of one green (the green-to-green cycle it starts) from stop-bar activations.
 *
 * @param activations stop-bar occupancy intervals of all lanes of the phase (epoch ms)
 * @param green       the green interval [greenStart, yellowStart)
 * @param redStart    end of that green's yellow
 * @example
 * // green 0–40 s occupied 0–36 s → GOR 0.9; red from 43 s, occupied 43–47 s → ROR5 0.8 → failed
 * splitFailure([{ start: 0, end: 36000 }, { start: 43000, end: 47000 }], { start: 0, end: 40000 }, 43000)
 */
export function splitFailure(activations: readonly TimeInterval[], green: TimeInterval, redStart: number, options: SplitFailureOptions = {}): SplitFailure {
  const { redWindowS = 5, threshold = 0.79 } = options;
  const gor = occupancyRatio(activations, green.start, green.end);
  const ror5 = occupancyRatio(activations, redStart, redStart + redWindowS * 1000) ?? 0;
  return { gor, ror5, failed: gor !== null && gor > threshold && ror5 > threshold };
}
