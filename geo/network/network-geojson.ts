/**
 * The network as GeoJSON for maps: intersections as points, approaches and
 * corridors as lines, districts and zones as polygons. Pure; the dashboard and
 * `GET /api/v1/network.geojson` share it.
 */
import { destination, featureCollection, lineString, point, polygon } from '@turf/turf';
import type { Feature } from 'geojson';
import type { Network } from './load-network.js';

/** How far upstream an approach line is drawn, metres (shortened on short links). */
const APPROACH_DRAW_M = 160;
/** Right-hand offset so opposing approaches on one road do not overlap, metres. */
const APPROACH_OFFSET_M = 7;
/** Gap left at the stop line so the intersection point stays visible, metres. */
const STOP_LINE_GAP_M = 18;

type LonLat = [number, number];
const move = (from: LonLat, distanceM: number, bearing: number): LonLat =>
  destination(point(from), distanceM, bearing, { units: 'meters' }).geometry.coordinates as LonLat;

/**
 * Builds the feature collection. Every feature has `properties.kind`
 * (`intersection` | `approach` | `corridor` | `district` | `zone`) and `properties.id`.
 *
 * @example networkToGeoJson(network).features.filter((f) => f.properties.kind === 'intersection').length // 18
 */
export function networkToGeoJson(network: Network) {
  const features: Feature[] = [];
  const byId = new Map(network.intersections.map((i) => [i.id, i]));
  for (const district of network.districts) {
    features.push(polygon([district.polygon], { kind: 'district', id: district.id, nameZh: district.name.zh, nameEn: district.name.en }));
  }
  for (const zone of network.zones ?? []) {
    features.push(polygon([zone.polygon], { kind: 'zone', id: zone.id, zoneKind: zone.kind, nameZh: zone.name.zh, nameEn: zone.name.en }));
  }
  for (const corridor of network.corridors) {
    const coordinates = corridor.intersections.map((id) => byId.get(id)).filter((i) => i !== undefined).map((i) => [i.lon, i.lat]);
    features.push(
      lineString(coordinates, {
        kind: 'corridor',
        id: corridor.id,
        nameZh: corridor.name.zh,
        nameEn: corridor.name.en,
        direction: corridor.direction,
        progressionSpeedKmh: corridor.progressionSpeedKmh,
      }),
    );
  }
  for (const intersection of network.intersections) {
    const centre: LonLat = [intersection.lon, intersection.lat];
    for (const approach of intersection.approaches) {
      const drawM = Math.min(APPROACH_DRAW_M, (approach.linkLengthM ?? APPROACH_DRAW_M * 2) / 2);
      const back = (approach.bearingDeg + 180) % 360;
      const right = (approach.bearingDeg + 90) % 360;
      const start = move(move(centre, drawM, back), APPROACH_OFFSET_M, right);
      const end = move(move(centre, STOP_LINE_GAP_M, back), APPROACH_OFFSET_M, right);
      features.push(
        lineString([start, end], {
          kind: 'approach',
          id: approach.id,
          intersectionId: intersection.id,
          direction: approach.direction,
          bearingDeg: approach.bearingDeg,
          roadZh: approach.road.zh,
          roadEn: approach.road.en,
          roadClass: approach.roadClass,
        }),
      );
    }
    features.push(
      point(centre, {
        kind: 'intersection',
        id: intersection.id,
        nameZh: intersection.name.zh,
        nameEn: intersection.name.en,
        district: intersection.district,
        corridors: intersection.corridors.join(','),
        cycleS: intersection.plan.cycleS,
      }),
    );
  }
  return featureCollection(features);
}
