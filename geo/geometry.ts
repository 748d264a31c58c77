/**
 * Geometry of the road network on WGS-84 positions, delegated to Turf.
 * Pure functions; runs in Node and in the browser.
 */
import { bearing, booleanPointInPolygon, distance, nearestPoint, point, featureCollection, polygon } from '@turf/turf';
import type { LonLat } from './crs.js';
import type { CompassDirection } from './network/network.schema.js';

/**
 * Initial great-circle bearing from `from` to `to`, degrees clockwise from north in [0, 360).
 *
 * @example bearingDeg([117.2, 39.1], [117.2, 39.2]) // 0 (due north)
 */
export function bearingDeg(from: LonLat, to: LonLat): number {
  const b = bearing(point(from), point(to));
  return (b + 360) % 360;
}

/**
 * Great-circle distance in metres.
 *
 * @example distanceM([117.2, 39.1], [117.2, 39.101]) // ≈ 111
 */
export function distanceM(from: LonLat, to: LonLat): number {
  return distance(point(from), point(to), { units: meters });
}
const meters = 'meters' as const;

/** Bearing of travel of vehicles arriving from each side of an intersection (北进口 travels south). */
const ARRIVAL_BEARING: Record<CompassDirection, number> = {
  N: 180,
  NE: 225,
  E: 270,
  SE: 315,
  S: 0,
  SW: 45,
  W: 90,
  NW: 135,
};

/**
 * Nominal travel bearing of an approach from the side it enters, when no geometry is known.
 *
 * @example arrivalBearingFromSide('N') // 180
 */
export function arrivalBearingFromSide(side: CompassDirection): number {
  return ARRIVAL_BEARING[side];
}

/**
 * Smallest absolute difference between two bearings, degrees in [0, 180].
 *
 * @example bearingDifferenceDeg(350, 10) // 20
 */
export function bearingDifferenceDeg(a: number, b: number): number {
  const d = Math.abs((((a - b) % 360) + 360) % 360);
  return d > 180 ? 360 - d : d;
}

/** A located thing that `nearest` can rank. */
export interface Located {
  id: string;
  lon: number;
  lat: number;
}

/**
 * The `count` items closest to `position`, nearest first, with their distances.
 *
 * @example nearest([117.2, 39.12], intersections, 3)
 */
export function nearest<T extends Located>(position: LonLat, items: readonly T[], count = 1): { item: T; distanceM: number }[] {
  if (count === 1 && items.length > 0) {
    const found = nearestPoint(
      point(position),
      featureCollection(items.map((item, index) => point([item.lon, item.lat], { index }))),
    );
    const item = items[found.properties.index as number] as T;
    return [{ item, distanceM: distanceM(position, [item.lon, item.lat]) }];
  }
  return items
    .map((item) => ({ item, distanceM: distanceM(position, [item.lon, item.lat]) }))
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, count);
}

/**
 * Whether `position` lies inside a closed ring (first position equals last).
 *
 * @example isInZone([117.2, 39.12], district.polygon)
 */
export function isInZone(position: LonLat, ring: readonly LonLat[]): boolean {
  return booleanPointInPolygon(point(position), polygon([ring.map((p) => [p[0], p[1]])]));
}
