/**
 * Queue estimate per cycle (DESIGN §6): the vehicles arriving during red (from adjusted
 * arrivals) plus the residual not served in the previous green, capped by the storage;
 * metres = vehicles × jam spacing (default 7 m) ÷ lanes. The residual after a green is
 * what the green could not serve at saturation flow (an input-output queue model).
 */

export interface CycleQueueInput {
  /** Vehicles left over from the previous cycle. */
  residualVeh: number;
  arrivalsOnRed: number;
  arrivalsOnGreen: number;
  /** Vehicles the green can discharge: s · N · g / 3600. */
  servedVeh: number;
  /** Vehicles the lanes hold (storage length × lanes ÷ jam spacing); Infinity when unknown. */
  storageVeh?: number;
}

export interface CycleQueue {
  /** Queue at the start of green, veh. */
  maxQueueVeh: number;
  /** Carried into the next cycle, veh. */
  residualVeh: number;
}

/**
 * @example cycleQueue({ residualVeh: 2, arrivalsOnRed: 10, arrivalsOnGreen: 8, servedVeh: 15 })
 * // max queue 12; residual max(0, 2 + 10 + 8 − 15) = 5
 */
export function cycleQueue(input: CycleQueueInput): CycleQueue {
  const storage = input.storageVeh ?? Infinity;
  const maxQueueVeh = Math.min(storage, input.residualVeh + input.arrivalsOnRed);
  const residualVeh = Math.min(storage, Math.max(0, input.residualVeh + input.arrivalsOnRed + input.arrivalsOnGreen - input.servedVeh));
  return { maxQueueVeh, residualVeh };
}

/**
 * Queue length in metres over the lanes of a movement.
 *
 * @example queueLengthM(12, 2) // 42
 */
export function queueLengthM(vehicles: number, lanes: number, options: { jamSpacingM?: number } = {}): number {
  const { jamSpacingM = 7 } = options;
  return lanes > 0 ? (vehicles * jamSpacingM) / lanes : 0;
}

/**
 * Vehicles a length of lanes stores.
 *
 * @example storageVeh(140, 2) // 40
 */
export function storageVeh(lengthM: number, lanes: number, options: { jamSpacingM?: number } = {}): number {
  const { jamSpacingM = 7 } = options;
  return (lengthM * lanes) / jamSpacingM;
}
