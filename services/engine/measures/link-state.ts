/**
 * Link travel speed and its GB/T 33171-2016 state by road class (DESIGN §6):
 * speed = link length ÷ (length / free-flow speed + control delay of the downstream approach).
 */
import type { RoadClass } from '../../../geo/network/network.schema.js';
import type { CongestionLevel } from '../../contracts/live.js';

/**
 * Speed limits (km/h) between the five states, from 畅通 down: above the first is smooth,
 * at or below the last is severe (GB/T 33171-2016 Table 2, as DESIGN §6 lists them).
 */
export const LINK_SPEED_THRESHOLDS_KMH: Readonly<Record<RoadClass, readonly [number, number, number, number]>> = {
  expressway: [65, 50, 35, 20],
  arterial: [40, 30, 20, 15],
  collector: [35, 25, 15, 10],
  local: [35, 25, 15, 10],
};

/**
 * Travel speed over a signalised link, km/h.
 *
 * @param lengthM        link length (upstream stop line to this stop line), m
 * @param freeFlowKmh    free-flow speed (the approach speed limit), km/h
 * @param controlDelayS  control delay of the downstream approach, s/veh
 * @example linkTravelSpeedKmh(500, 50, 24) // 500 / (36 + 24) m/s = 30 km/h
 */
export function linkTravelSpeedKmh(lengthM: number, freeFlowKmh: number, controlDelayS: number): number {
  const freeFlowS = lengthM / (freeFlowKmh / 3.6);
  return (lengthM / (freeFlowS + Math.max(0, controlDelayS))) * 3.6;
}

/**
 * State of a link at a travel speed: arterial > 40 smooth, (30, 40] mostly smooth,
 * (20, 30] light, (15, 20] moderate, ≤ 15 severe; other classes by their thresholds.
 *
 * @example linkState(30, 'arterial') // 'light'
 * @example linkState(15, 'arterial') // 'severe'
 */
export function linkState(speedKmh: number, roadClass: RoadClass): CongestionLevel {
  const [smooth, mostly, light, moderate] = LINK_SPEED_THRESHOLDS_KMH[roadClass];
  if (speedKmh > smooth) return 'smooth';
  if (speedKmh > mostly) return 'mostly-smooth';
  if (speedKmh > light) return 'light';
  if (speedKmh > moderate) return 'moderate';
  return 'severe';
}
