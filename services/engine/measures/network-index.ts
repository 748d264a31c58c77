/**
 * Network traffic performance index (交通运行指数) of a district or the city by the
 * GB/T 33171-2016 method (DESIGN §6): the VKT-weighted share R of links in 严重拥堵
 * (optionally part of 中度拥堵), mapped piecewise linearly to 0–10 through a breakpoint
 * table; default after Beijing DB11/T 785: 4 % → 2, 8 % → 4, 11 % → 6, 14 % → 8,
 * continued beyond 14 % with the last slope and capped at 10 (so 17 % → 10).
 */
import type { CongestionLevel } from '../../contracts/live.js';
import { congestionLevel } from './congestion-index.js';
import { piecewiseLinear, type Breakpoints } from './piecewise-linear.js';

/** Severe share (percent of VKT) → index. */
export const DEFAULT_SEVERE_SHARE_BREAKPOINTS: Breakpoints = [
  [0, 0],
  [4, 2],
  [8, 4],
  [11, 6],
  [14, 8],
];

export interface NetworkLink {
  lengthM: number;
  /** Flow over the link, veh/h; VKT weight = length × flow. */
  flowVph: number;
  state: CongestionLevel;
}

export interface NetworkIndexOptions {
  breakpoints?: Breakpoints;
  /** Weight of moderately congested links in R (0 = severe only, the default). */
  moderateWeight?: number;
}

export interface NetworkIndex {
  /** R, percent. */
  severeSharePct: number;
  index: number;
  level: CongestionLevel;
}

/**
 * @example networkIndex([{ lengthM: 1000, flowVph: 600, state: 'severe' }, { lengthM: 1000, flowVph: 5400, state: 'smooth' }])
 * // R = 600 000 / 6 000 000 = 10 % → between (8, 4) and (11, 6): 5.333
 */
export function networkIndex(links: readonly NetworkLink[], options: NetworkIndexOptions = {}): NetworkIndex {
  const { breakpoints = DEFAULT_SEVERE_SHARE_BREAKPOINTS, moderateWeight = 0 } = options;
  let total = 0;
  let congested = 0;
  for (const link of links) {
    const vkt = link.lengthM * Math.max(0, link.flowVph);
    total += vkt;
    if (link.state === 'severe') congested += vkt;
    else if (link.state === 'moderate') congested += moderateWeight * vkt;
  }
  const severeSharePct = total > 0 ? (100 * congested) / total : 0;
  const index = Math.max(0, piecewiseLinear(severeSharePct, breakpoints, { beyond: 'extend', max: 10 }));
  return { severeSharePct, index, level: congestionLevel(index) };
}
