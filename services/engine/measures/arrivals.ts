/**
 * Arrivals on green, red and yellow and the platoon ratio (DESIGN §6; ATSPM's Purdue
 * Coordination Diagram and Arrivals on Green measures).
 * Adjusted arrival = advance-detector on time + distanceM / speed limit (m/s) − latency:
 * when the vehicle would reach the stop line at free-flow speed.
 */

export interface AdvanceDetectorGeometry {
  /** Distance of the detection zone upstream of the stop line, m. */
  distanceM: number;
  /** Approach speed limit, km/h. */
  speedLimitKmh: number;
  /** Detector reporting latency, s (default 0). */
  latencyS?: number;
}

/**
 * Travel time from the advance detector to the stop line at the speed limit, minus the
 * detector latency, ms; never negative (an arrival is never before its detection).
 *
 * @example advanceTravelMs({ distanceM: 125, speedLimitKmh: 50 }) // 9000
 */
export function advanceTravelMs(geometry: AdvanceDetectorGeometry): number {
  const { distanceM, speedLimitKmh, latencyS = 0 } = geometry;
  return Math.max(0, Math.round((distanceM / (speedLimitKmh / 3.6) - latencyS) * 1000));
}

/**
 * Adjusted arrival time at the stop line, epoch ms.
 *
 * @example adjustedArrivalMs(1_000_000, { distanceM: 125, speedLimitKmh: 50, latencyS: 1 }) // 1_008_000
 */
export function adjustedArrivalMs(onTs: number, geometry: AdvanceDetectorGeometry): number {
  return onTs + advanceTravelMs(geometry);
}

/** Where an arrival falls in a red-to-red cycle. */
export type ArrivalClass = 'red' | 'green' | 'yellow';

/** The times of a red-to-red cycle that classify arrivals (epoch ms). */
export interface CycleTimes {
  cycleStart: number;
  greenStart: number;
  yellowStart: number;
  redStart: number;
}

/**
 * Class of an arrival in its cycle: before green start → red; [green start, yellow start) → green; after → yellow.
 *
 * @example classifyArrival(65_000, { cycleStart: 0, greenStart: 60_000, yellowStart: 100_000, redStart: 103_000 }) // 'green'
 */
export function classifyArrival(arrivalTs: number, cycle: CycleTimes): ArrivalClass {
  if (arrivalTs < cycle.greenStart) return 'red';
  if (arrivalTs < cycle.yellowStart) return 'green';
  return 'yellow';
}

export interface CycleArrivals {
  onGreen: number;
  onRed: number;
  onYellow: number;
  /** AoG ÷ all arrivals, percent; null without arrivals. */
  aogPct: number | null;
  /** Rp = %AoG ÷ %green time (green ÷ cycle); null without arrivals. */
  platoonRatio: number | null;
  /** Arrival times after the cycle start, s (the PCD dots). */
  offsetsS: number[];
}

/**
 * Platoon ratio Rp = (AoG share) ÷ (green ÷ cycle) (HCM 2000 Eq. 16-10 input; ATSPM).
 *
 * @example platoonRatio(0.6, 40, 100) // 1.5
 */
export function platoonRatio(aogShare: number, greenS: number, cycleS: number): number | null {
  if (!(greenS > 0 && cycleS > 0)) return null;
  return aogShare / (greenS / cycleS);
}

/**
 * Arrivals of one red-to-red cycle: those with an adjusted time in [cycleStart, redStart).
 *
 * @example
 * // red 0–60 s, green 60–90 s, yellow 90–100 s
 * classifyArrivals([10_000, 65_000, 70_000, 95_000], { cycleStart: 0, greenStart: 60_000, yellowStart: 90_000, redStart: 100_000 })
 * // { onRed: 1, onGreen: 2, onYellow: 1, aogPct: 50, platoonRatio: 0.5 / 0.3 = 1.667, offsetsS: [10, 65, 70, 95] }
 */
export function classifyArrivals(arrivalTimes: readonly number[], cycle: CycleTimes): CycleArrivals {
  let onGreen = 0;
  let onRed = 0;
  let onYellow = 0;
  const offsetsS: number[] = [];
  for (const t of arrivalTimes) {
    if (t < cycle.cycleStart || t >= cycle.redStart) continue;
    const kind = classifyArrival(t, cycle);
    if (kind === 'green') onGreen++;
    else if (kind === 'red') onRed++;
    else onYellow++;
    offsetsS.push((t - cycle.cycleStart) / 1000);
  }
  const total = onGreen + onRed + onYellow;
  const greenS = (cycle.yellowStart - cycle.greenStart) / 1000;
  const cycleS = (cycle.redStart - cycle.cycleStart) / 1000;
  return {
    onGreen,
    onRed,
    onYellow,
    aogPct: total > 0 ? (100 * onGreen) / total : null,
    platoonRatio: total > 0 ? platoonRatio(onGreen / total, greenS, cycleS) : null,
    offsetsS,
  };
}
