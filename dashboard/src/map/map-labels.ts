/**
 * Map labels as HTML markers: the map loads no glyphs (they would have to come from
 * a font server), and the browser draws CJK text with the system's fonts.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';

export interface MapLabel {
  id: string;
  kind: 'intersection' | 'district';
  lonLat: [number, number];
  text: string;
}

/** The vertex mean of a polygon's outer ring (districts are convex-ish sketches; good enough to place a name). */
function ringCentre(polygon: Polygon): [number, number] {
  const ring = polygon.coordinates[0] ?? [];
  const points = ring.length > 1 ? ring.slice(0, -1) : ring;
  const sum = points.reduce<[number, number]>((acc, p) => [acc[0] + (p[0] ?? 0), acc[1] + (p[1] ?? 0)], [0, 0]);
  return [sum[0] / Math.max(1, points.length), sum[1] / Math.max(1, points.length)];
}

/**
 * Labels of intersections and districts in the chosen language (`nameZh` / `nameEn`).
 *
 * @example mapLabels(geojson, 'en').find((l) => l.kind === 'district')?.text // 'Heping District'
 */
export function mapLabels(collection: FeatureCollection, locale: string): MapLabel[] {
  const nameKey = locale.startsWith('zh') ? 'nameZh' : 'nameEn';
  const labels: MapLabel[] = [];
  for (const feature of collection.features as Feature[]) {
    const props = feature.properties ?? {};
    const text = String(props[nameKey] ?? props.nameZh ?? props.id ?? '');
    if (props.kind === 'intersection' && feature.geometry.type === 'Point') {
      labels.push({ id: String(props.id), kind: 'intersection', lonLat: feature.geometry.coordinates as [number, number], text });
    } else if (props.kind === 'district' && feature.geometry.type === 'Polygon') {
      labels.push({ id: String(props.id), kind: 'district', lonLat: ringCentre(feature.geometry), text });
    }
  }
  return labels;
}

/**
 * The bounding box [[west, south], [east, north]] of the intersections (the view to fit).
 *
 * @example intersectionBounds(geojson) // [[117.16, 39.10], [117.21, 39.14]]
 */
export function intersectionBounds(collection: FeatureCollection): [[number, number], [number, number]] | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const feature of collection.features) {
    if (feature.properties?.kind !== 'intersection' || feature.geometry.type !== 'Point') continue;
    const [lon, lat] = feature.geometry.coordinates as [number, number];
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  return Number.isFinite(west) ? [[west, south], [east, north]] : null;
}
