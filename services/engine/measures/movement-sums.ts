/**
 * The additive record of a movement (lane group) over a bin: every field is a count or
 * a sum, so bins add up into any window — the engine's rolling 5-minute window, the
 * minute rows, and the 15-minute and hourly roll-ups — and the ratios (v/c, delay, %AoG)
 * are always derived from the sums, never averaged.
 */
import type { MovementSums } from '../../contracts/measures.js';

export type { MovementSums };

export const MOVEMENT_SUM_FIELDS = [
  'volumeVeh',
  'arrivals',
  'arrivalsOnGreen',
  'arrivalsOnRed',
  'arrivalsOnYellow',
  'redArrivalWaitS',
  'greenS',
  'cycles',
  'cycleS',
  'cycleEffectiveGreenS',
  'splitFailures',
  'queueVehSum',
  'spillbackCycles',
] as const satisfies readonly (keyof MovementSums)[];

/**
 * All zeros.
 *
 * @example emptyMovementSums().volumeVeh // 0
 */
export function emptyMovementSums(): MovementSums {
  return {
    volumeVeh: 0,
    arrivals: 0,
    arrivalsOnGreen: 0,
    arrivalsOnRed: 0,
    arrivalsOnYellow: 0,
    redArrivalWaitS: 0,
    greenS: 0,
    cycles: 0,
    cycleS: 0,
    cycleEffectiveGreenS: 0,
    splitFailures: 0,
    queueVehSum: 0,
    spillbackCycles: 0,
  };
}

/**
 * Adds `source` into `target` (in place) and returns `target`.
 *
 * @example addMovementSums(emptyMovementSums(), { ...emptyMovementSums(), volumeVeh: 3 }).volumeVeh // 3
 */
export function addMovementSums(target: MovementSums, source: Readonly<MovementSums>): MovementSums {
  for (const field of MOVEMENT_SUM_FIELDS) target[field] += source[field];
  return target;
}
