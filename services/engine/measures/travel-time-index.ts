/**
 * Corridor travel-time index (the Amap/Baidu style 拥堵延时指数, DESIGN §6):
 * actual ÷ free-flow travel time along the corridor direction.
 */

export interface CorridorLink {
  lengthM: number;
  freeFlowKmh: number;
  /** Control delay at the link's downstream signal, s/veh (0 when unknown). */
  controlDelayS: number;
}

export interface TravelTimeIndex {
  freeFlowS: number;
  actualS: number;
  /** actual ÷ free-flow; 1 when free-flow time is zero (no links). */
  index: number;
}

/**
 * @example travelTimeIndex([{ lengthM: 500, freeFlowKmh: 50, controlDelayS: 24 }, { lengthM: 250, freeFlowKmh: 50, controlDelayS: 0 }])
 * // free-flow 36 + 18 = 54 s, actual 54 + 24 = 78 s → index 1.444
 */
export function travelTimeIndex(links: readonly CorridorLink[]): TravelTimeIndex {
  let freeFlowS = 0;
  let delayS = 0;
  for (const link of links) {
    freeFlowS += link.lengthM / (link.freeFlowKmh / 3.6);
    delayS += Math.max(0, link.controlDelayS);
  }
  const actualS = freeFlowS + delayS;
  return { freeFlowS, actualS, index: freeFlowS > 0 ? actualS / freeFlowS : 1 };
}
