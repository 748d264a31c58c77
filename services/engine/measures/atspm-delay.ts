/**
 * ATSPM approach delay (DESIGN §6; UDOT ATSPM "Approach Delay"): each vehicle arriving
 * on red waits from its adjusted arrival to the start of green. A lower bound on delay
 * (no queue discharge, no deceleration), reported for engineers who know ATSPM; it is
 * not the HCM control delay.
 */

export interface AtspmDelay {
  /** Σ (green start − adjusted arrival) over arrivals on red, s. */
  totalS: number;
  /** totalS ÷ all arrivals, s/veh; null without arrivals. */
  perVehicleS: number | null;
}

/**
 * @param arrivalTimes adjusted arrivals of one red-to-red cycle, epoch ms
 * @param greenStart   green start of that cycle, epoch ms
 * @example atspmApproachDelay([10_000, 40_000, 70_000], 60_000) // totalS 70 (50 + 20), perVehicleS 23.33
 */
export function atspmApproachDelay(arrivalTimes: readonly number[], greenStart: number): AtspmDelay {
  let totalMs = 0;
  for (const t of arrivalTimes) if (t < greenStart) totalMs += greenStart - t;
  const totalS = totalMs / 1000;
  return { totalS, perVehicleS: arrivalTimes.length > 0 ? totalS / arrivalTimes.length : null };
}
