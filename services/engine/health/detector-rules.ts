/**
 * The detector watchdog rules of DESIGN §7, one pure test each:
 * - no data: no on-event for > 10 min while the approach had green and its other detectors counted traffic;
 * - stuck on: continuous on for longer than max(cycle, 300 s) (see `stuckOnLimitS` in measures/detector-activations);
 * - chatter: on-events per minute above the physical ceiling of 40 per lane;
 * - fault codes 84–88 (83 restores);
 * - count mismatch: a lane's hourly count deviating > 40 % from the lanes of the same movement.
 */
import type { DetectorFault } from '../../contracts/measures.js';
import { EventCode } from '../../contracts/records.js';

export type { DetectorFault };

export const NO_DATA_AFTER_S = 600;
export const CHATTER_ON_EVENTS_PER_MINUTE = 40;
export const COUNT_MISMATCH_SHARE = 0.4;

/**
 * A controller-reported detector fault (84 other, 85 watchdog, 86 open loop, 87 shorted loop, 88 excessive change).
 *
 * @example isFaultCode(86) // true
 */
export function isFaultCode(code: number): boolean {
  return code >= EventCode.DETECTOR_FAULT_OTHER && code <= EventCode.DETECTOR_FAULT_EXCESSIVE_CHANGE;
}

/**
 * Chatter: more on-events in one minute than a lane can physically produce (40: a vehicle every 1.5 s).
 *
 * @example isChatter(41) // true
 */
export function isChatter(onEventsInMinute: number, ceiling = CHATTER_ON_EVENTS_PER_MINUTE): boolean {
  return onEventsInMinute > ceiling;
}

export interface NoDataInput {
  /** Seconds since the detector's last on-event (Infinity when never seen). */
  silentS: number;
  /** The detector's phase showed green during that silence. */
  phaseHadGreen: boolean;
  /** Other detectors of the approach counted vehicles during that silence. */
  neighboursCounted: boolean;
}

/**
 * No data: silent > 10 min although its phase had green and the neighbours saw traffic
 * (a quiet night with empty neighbours is not a fault).
 *
 * @example isNoData({ silentS: 601, phaseHadGreen: true, neighboursCounted: true }) // true
 */
export function isNoData(input: NoDataInput, afterS = NO_DATA_AFTER_S): boolean {
  return input.silentS > afterS && input.phaseHadGreen && input.neighboursCounted;
}

export interface CountMismatchOptions {
  share?: number;
  /** Below this reference hourly count the comparison says nothing (Poisson noise). */
  minReferenceCount?: number;
}

/**
 * Count mismatch: a lane's hourly count deviates > 40 % from the lanes of its movement,
 * taken as their median (a robust reference: one bad lane does not drag the others
 * into a mismatch; with two lanes each is compared with their mean and both are flagged,
 * since nothing tells which one is wrong).
 *
 * @param movementLaneCounts hourly counts of every lane of the movement, this lane included
 * @example countMismatch(30, [30, 100, 110]) // true (median 100, |30 − 100| / 100 = 70 %)
 * @example countMismatch(95, [95, 100, 110]) // false (5 %)
 */
export function countMismatch(laneCount: number, movementLaneCounts: readonly number[], options: CountMismatchOptions = {}): boolean {
  const { share = COUNT_MISMATCH_SHARE, minReferenceCount = 60 } = options;
  if (movementLaneCounts.length < 2) return false;
  const reference = median(movementLaneCounts);
  if (reference < minReferenceCount) return false;
  return Math.abs(laneCount - reference) / reference > share;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
