/**
 * The detector watchdog rules of DESIGN §7, one pure test each:
 * - no data: no sign of life for > 10 min while its phase had green and the lane should have seen vehicles;
 * - stuck on: continuous on for longer than max(cycle, 300 s) (see `stuckOnLimitS` in measures/detector-activations),
 *   unless a standing queue explains it (`stuckOnEvidence`);
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
  /** Seconds since the detector's last sign of life (Infinity when never seen). */
  silentS: number;
  /** The detector's phase showed green during that silence. */
  phaseHadGreen: boolean;
  /**
   * Vehicles the detector would have seen in that silence, from the lanes of its movement
   * (their mean count since) or its own last hour, whichever is larger.
   */
  expectedVehicles: number;
}

/** Below this many expected vehicles a silence is chance: a Poisson lane sees none with P = e^−8 ≈ 0.03 %. */
export const NO_DATA_MIN_EXPECTED_VEHICLES = 8;

/**
 * No data: silent > 10 min although its phase had green and traffic was there to be seen
 * (DESIGN §7 "neighbours count traffic", made precise: the vehicles the lane should have
 * seen, so a quiet left-turn lane at night beside busy through lanes is not a fault).
 *
 * @example isNoData({ silentS: 601, phaseHadGreen: true, expectedVehicles: 12 }) // true
 * @example isNoData({ silentS: 900, phaseHadGreen: true, expectedVehicles: 3 }) // false: a quiet lane
 */
export function isNoData(input: NoDataInput, afterS = NO_DATA_AFTER_S, minExpected = NO_DATA_MIN_EXPECTED_VEHICLES): boolean {
  return input.silentS > afterS && input.phaseHadGreen && input.expectedVehicles >= minExpected;
}

/** Jam spacing, m per stored vehicle (DESIGN §6). */
export const JAM_SPACING_M = 7;
/** Vehicles beyond the storage before the witness counts against a queue (counting slack). */
export const WITNESS_SLACK_VEH = 2;

/**
 * The lane witness of a detector held on: the nearest other loop in the same lane
 * (a stop bar's advance loop, an advance loop's stop bar), with the vehicles it has seen
 * since the held detector went on and how many vehicles fit between the two loops.
 */
export interface LaneWitness {
  detectorId: string;
  vehiclesSinceOn: number;
  storageVeh: number;
  /** The witness reports occupied now. */
  occupied: boolean;
}

/** Why a detector held on is judged stuck. */
export type StuckOnEvidence =
  | { kind: 'no-witness' }
  | { kind: 'lane-empty'; witness: string }
  | { kind: 'vehicles-passed'; witness: string; vehicles: number; storageVeh: number };

/**
 * Vehicles that fit in a lane between two loops `gapM` apart, at jam spacing.
 *
 * @example storageBetween(110) // 16
 */
export function storageBetween(gapM: number, jamSpacingM = JAM_SPACING_M): number {
  return Math.floor(Math.abs(gapM) / jamSpacingM) + 1;
}

/**
 * Stuck on, refined by conservation of vehicles in the lane. A loop can truly be held on
 * for many minutes: a vehicle blocked at the head of its lane because its next link is
 * full (spillback), or a queue standing over an advance loop. A shorted loop differs in
 * that traffic keeps moving over it: once the lane's other loop has seen more vehicles
 * since the held one went on than the lane between them can store, some of them must
 * have crossed the held loop, which never switched off. So the held loop is stuck when
 * its lane witness has seen more than storage + slack vehicles, and not yet (a standing
 * queue explains it) while it has not. Where no queue can be there at all, the plain rule
 * of DESIGN §7 applies (held past the limit is stuck): a loop with no witness in its lane,
 * or one whose witness stands clear and has seen no vehicle since (an empty lane).
 * Returns undefined while a standing queue explains the held detector.
 *
 * @example stuckOnEvidence({ detectorId: 'SB1', vehiclesSinceOn: 30, storageVeh: 16, occupied: true }) // { kind: 'vehicles-passed', witness: 'SB1', vehicles: 30, storageVeh: 16 }
 * @example stuckOnEvidence({ detectorId: 'SB1', vehiclesSinceOn: 9, storageVeh: 16, occupied: false }) // undefined: the lane between may hold them
 */
export function stuckOnEvidence(witness: LaneWitness | undefined, slackVeh = WITNESS_SLACK_VEH): StuckOnEvidence | undefined {
  if (!witness) return { kind: 'no-witness' };
  if (witness.vehiclesSinceOn === 0 && !witness.occupied) return { kind: 'lane-empty', witness: witness.detectorId };
  if (witness.vehiclesSinceOn > witness.storageVeh + slackVeh) {
    return { kind: 'vehicles-passed', witness: witness.detectorId, vehicles: witness.vehiclesSinceOn, storageVeh: witness.storageVeh };
  }
  return undefined;
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
