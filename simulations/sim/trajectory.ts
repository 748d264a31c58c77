/**
 * Where a vehicle is on its lane over time, reconstructed from the few instants the
 * queue model decides, so detectors can see it.
 *
 * The queue model (a point queue at the stop line, see `traffic.ts`) gives each vehicle:
 * its free-flow arrival at the stop line `joinAt`, the distance upstream of the stop line
 * where it waits `stopDistanceM` (its place in the queue × jam spacing) and its stop-line
 * crossing `crossAt`. The trajectory consistent with those instants:
 * - free flow at the approach speed up to the stop position;
 * - when the delay is long enough to have stopped, a stop, then a start from standstill at
 *   constant acceleration up to the free speed, timed to cross the stop line at `crossAt`
 *   (so queued vehicles cross stop-bar zones slowly and keep them occupied, as real loops
 *   see during queue discharge);
 * - otherwise (a short delay behind a moving platoon) a slow-down, modelled as a dwell at the
 *   stop position followed by free flow.
 * Positions are metres upstream of the stop line (negative past it); times are epoch ms.
 */

/** What the queue model decided for one vehicle on one lane. */
export interface LanePassage {
  /** Free-flow arrival of the front at the stop line, epoch ms. */
  joinAt: number;
  /** Stop-line crossing of the front, epoch ms (≥ joinAt). */
  crossAt: number;
  /** Where the front waits, metres upstream of the stop line. */
  stopDistanceM: number;
  speedMps: number;
}

export interface KinematicOptions {
  /** Acceleration from standstill, m/s² (passenger cars 1.5–2.5; default 2.0). */
  accelerationMps2?: number;
}

export const DEFAULT_ACCELERATION_MPS2 = 2.0;

/**
 * Time (s) to travel `distanceM` from standstill, accelerating at `a` up to `speedMps` then cruising.
 *
 * @example timeFromStandstillS(4, 2, 14) // 2 (4 m at 2 m/s²: √(2·4/2))
 */
export function timeFromStandstillS(distanceM: number, accelerationMps2: number, speedMps: number): number {
  if (distanceM <= 0) return 0;
  const accelerationDistance = (speedMps * speedMps) / (2 * accelerationMps2);
  if (distanceM <= accelerationDistance) return Math.sqrt((2 * distanceM) / accelerationMps2);
  return speedMps / accelerationMps2 + (distanceM - accelerationDistance) / speedMps;
}

/**
 * Time (epoch ms, fractional) at which the vehicle's front reaches `positionM` metres upstream
 * of the stop line (negative: downstream).
 *
 * @example
 * // Free flow at 10 m/s, no delay: reaches 100 m upstream 10 s before the stop line.
 * frontReachesAt({ joinAt: 60_000, crossAt: 60_000, stopDistanceM: 0, speedMps: 10 }, 100) // 50000
 */
export function frontReachesAt(passage: LanePassage, positionM: number, options: KinematicOptions = {}): number {
  const { joinAt, crossAt, stopDistanceM, speedMps } = passage;
  const v = speedMps;
  // Before its stop position, or never delayed: free flow.
  if (positionM >= stopDistanceM || crossAt <= joinAt) return joinAt - (positionM / v) * 1000;
  const a = options.accelerationMps2 ?? DEFAULT_ACCELERATION_MPS2;
  const delayS = (crossAt - joinAt) / 1000;
  const startUpLossS = timeFromStandstillS(stopDistanceM, a, v) - stopDistanceM / v;
  if (delayS >= startUpLossS) {
    // Stopped: released from standstill so as to cross the stop line at crossAt.
    const releaseAt = crossAt - timeFromStandstillS(stopDistanceM, a, v) * 1000;
    return releaseAt + timeFromStandstillS(stopDistanceM - positionM, a, v) * 1000;
  }
  // Slowed only: the delay is spent as a dwell at the stop position.
  const releaseAt = joinAt - (stopDistanceM / v) * 1000 + (crossAt - joinAt);
  return releaseAt + ((stopDistanceM - positionM) / v) * 1000;
}

/**
 * Occupancy of a detection zone by one vehicle: from the front entering the zone's upstream
 * edge (`distanceM + zoneLengthM`) to the rear leaving its downstream edge (`distanceM`).
 *
 * @example zoneOccupancy(passage, 0, 8, 4.5) // [on, off] in epoch ms for a stop-bar zone 0–8 m
 */
export function zoneOccupancy(
  passage: LanePassage,
  distanceM: number,
  zoneLengthM: number,
  vehicleLengthM: number,
  options: KinematicOptions = {},
): [number, number] {
  return [frontReachesAt(passage, distanceM + zoneLengthM, options), frontReachesAt(passage, distanceM - vehicleLengthM, options)];
}
