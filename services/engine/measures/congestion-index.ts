/**
 * The intersection congestion index (路口拥堵指数) 0–10 and the five GB/T 33171
 * levels (DESIGN §6): per approach from HCM control delay, piecewise linear through
 * (0 s, 0) (20, 2) (35, 4) (55, 6) (80, 8) (150, 10), capped at 10, at least 8 while
 * spillback is active; an intersection is the volume-weighted mean of its approaches.
 */
import type { CongestionLevel } from '../../contracts/live.js';
import { piecewiseLinear, type Breakpoints } from './piecewise-linear.js';

/** Control delay (s/veh) → index (DESIGN §6 default). */
export const DEFAULT_DELAY_BREAKPOINTS: Breakpoints = [
  [0, 0],
  [20, 2],
  [35, 4],
  [55, 6],
  [80, 8],
  [150, 10],
];

/** Index while the approach's queue spills back (DESIGN §6: "≥ 8 while spillback is active"). */
export const SPILLBACK_FLOOR_INDEX = 8;

export interface ApproachIndexOptions {
  spillback?: boolean;
  breakpoints?: Breakpoints;
}

/**
 * Congestion index of an approach, 0–10. No delay (no vehicles) is 0 unless spillback.
 *
 * @param controlDelayS HCM control delay, s/veh; null when the approach served no vehicles
 * @example approachCongestionIndex(45) // 5 (between (35, 4) and (55, 6))
 * @example approachCongestionIndex(12, { spillback: true }) // 8
 */
export function approachCongestionIndex(controlDelayS: number | null, options: ApproachIndexOptions = {}): number {
  const { spillback = false, breakpoints = DEFAULT_DELAY_BREAKPOINTS } = options;
  const fromDelay = controlDelayS === null ? 0 : piecewiseLinear(Math.max(0, controlDelayS), breakpoints, { beyond: 'clamp', max: 10 });
  return spillback ? Math.max(SPILLBACK_FLOOR_INDEX, fromDelay) : fromDelay;
}

/**
 * Intersection index: the mean of its approaches' indices weighted by their flow;
 * with no flow at all, the plain mean (an empty intersection is as congested as its
 * approaches say, which is 0 unless one spills back).
 *
 * @example intersectionCongestionIndex([{ index: 2, flowVph: 300 }, { index: 6, flowVph: 100 }]) // 3
 */
export function intersectionCongestionIndex(approaches: readonly { index: number; flowVph: number }[]): number {
  if (approaches.length === 0) return 0;
  let weighted = 0;
  let flow = 0;
  for (const a of approaches) {
    weighted += a.index * a.flowVph;
    flow += a.flowVph;
  }
  if (flow > 0) return weighted / flow;
  return approaches.reduce((sum, a) => sum + a.index, 0) / approaches.length;
}

/**
 * The GB/T 33171-2016 level of an index (either index): [0, 2) smooth, [2, 4) mostly
 * smooth, [4, 6) light, [6, 8) moderate, [8, 10] severe — lower bounds inclusive, so
 * "level ≥ moderate" and "index ≥ 6" are the same test.
 *
 * @example congestionLevel(6) // 'moderate'
 */
export function congestionLevel(index: number): CongestionLevel {
  if (index >= 8) return 'severe';
  if (index >= 6) return 'moderate';
  if (index >= 4) return 'light';
  if (index >= 2) return 'mostly-smooth';
  return 'smooth';
}
