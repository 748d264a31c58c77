/**
 * The network drawn as a schematic (DESIGN §1: "a map of the showcase intersections and
 * corridors coloured by level"): districts and zones as outlines, corridors as broad
 * bands, approaches as short strokes into each intersection, intersections as dots.
 * Colours come from feature state (`level`, `selected`, `fault`), so live updates touch
 * only the features that changed. No symbol layers: text would need remote glyphs, so
 * labels are HTML markers (map-labels.ts).
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import { LEVEL_COLORS, LEVELS, UNKNOWN_LEVEL_COLOR } from '../levels.js';

/** Kinds of `GET /api/v1/network.geojson` features (geo/network/network-geojson.ts). */
export const NETWORK_KINDS = ['district', 'zone', 'corridor', 'approach', 'intersection'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export type MapTheme = 'dark' | 'light';

/** Source id of each kind (one source per kind: ids are unique within a kind only). */
export const sourceOf = (kind: NetworkKind) => `zhidu-${kind}` as const;

/** Layer ids the app queries (clicks, rendered-feature counts). */
export const INTERSECTION_LAYER = 'zhidu-intersection-dot';
export const NETWORK_LAYER_IDS = [
  'zhidu-district-fill',
  'zhidu-district-line',
  'zhidu-zone-line',
  'zhidu-corridor-band',
  'zhidu-approach-line',
  INTERSECTION_LAYER,
] as const;

interface ThemeColours {
  background: string;
  districtLine: string;
  zoneLine: string;
  dotStroke: string;
  selected: string;
  fault: string;
}

const THEMES: Record<MapTheme, ThemeColours> = {
  dark: { background: '#070d18', districtLine: '#3d5f8f', zoneLine: '#7b6cd9', dotStroke: '#e6edf7', selected: '#3ea6ff', fault: '#ff6b6b' },
  light: { background: '#eef1f5', districtLine: '#51647f', zoneLine: '#6a4fc9', dotStroke: '#0b1320', selected: '#0055cc', fault: '#c1121f' },
};

/**
 * Splits the network GeoJSON into one collection per kind.
 *
 * @example splitByKind(geojson).intersection.features.length // 18
 */
export function splitByKind(collection: FeatureCollection): Record<NetworkKind, FeatureCollection> {
  const out = Object.fromEntries(NETWORK_KINDS.map((kind) => [kind, { type: 'FeatureCollection', features: [] as Feature[] }])) as Record<
    NetworkKind,
    FeatureCollection<Geometry>
  >;
  for (const feature of collection.features) {
    const kind = feature.properties?.kind as NetworkKind | undefined;
    if (kind && kind in out) out[kind].features.push(feature);
  }
  return out;
}

/** GeoJSON sources for the network, ids promoted so feature state can be set by network id. */
export function networkSources(collection: FeatureCollection): Record<string, GeoJSONSourceSpecification> {
  const byKind = splitByKind(collection);
  return Object.fromEntries(NETWORK_KINDS.map((kind) => [sourceOf(kind), { type: 'geojson', data: byKind[kind], promoteId: 'id' }]));
}

/** `level` feature state → level colour; no state yet → grey. (The spread of label/colour pairs is valid
 *  `match` syntax that the style-spec tuple type cannot express, hence the cast.) */
const levelColour = (): ExpressionSpecification =>
  ['match', ['coalesce', ['feature-state', 'level'], 'unknown'], ...LEVELS.flatMap((level) => [level, LEVEL_COLORS[level]]), UNKNOWN_LEVEL_COLOR] as unknown as ExpressionSpecification;

const selected = (): ExpressionSpecification => ['boolean', ['feature-state', 'selected'], false];
const fault = (): ExpressionSpecification => ['boolean', ['feature-state', 'fault'], false];

/**
 * Layers of the network, bottom to top. `scale` multiplies line widths and radii (a 4K wall
 * at the same zoom needs twice the pixels to read the same).
 *
 * @example networkLayers('dark', 1).map((layer) => layer.id)
 */
export function networkLayers(theme: MapTheme, scale = 1): LayerSpecification[] {
  const colours = THEMES[theme];
  const byZoom = (low: number, high: number): ExpressionSpecification => ['interpolate', ['linear'], ['zoom'], 12, low * scale, 17, high * scale];
  return [
    {
      id: 'zhidu-district-fill',
      type: 'fill',
      source: sourceOf('district'),
      paint: { 'fill-color': levelColour(), 'fill-opacity': theme === 'dark' ? 0.1 : 0.14 },
    },
    {
      id: 'zhidu-district-line',
      type: 'line',
      source: sourceOf('district'),
      paint: { 'line-color': colours.districtLine, 'line-width': 1.5 * scale, 'line-dasharray': [4, 2] },
    },
    {
      id: 'zhidu-zone-line',
      type: 'line',
      source: sourceOf('zone'),
      paint: { 'line-color': colours.zoneLine, 'line-width': 1.2 * scale, 'line-dasharray': [1, 2], 'line-opacity': 0.8 },
    },
    {
      id: 'zhidu-corridor-band',
      type: 'line',
      source: sourceOf('corridor'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': levelColour(), 'line-width': byZoom(6, 22), 'line-opacity': 0.35 },
    },
    {
      id: 'zhidu-approach-line',
      type: 'line',
      source: sourceOf('approach'),
      layout: { 'line-cap': 'butt' },
      paint: { 'line-color': levelColour(), 'line-width': byZoom(3, 10) },
    },
    {
      id: INTERSECTION_LAYER,
      type: 'circle',
      source: sourceOf('intersection'),
      paint: {
        'circle-color': ['case', fault(), colours.fault, levelColour()],
        'circle-radius': byZoom(5, 14),
        'circle-stroke-color': ['case', selected(), colours.selected, colours.dotStroke],
        'circle-stroke-width': ['case', selected(), 4 * scale, 1.5 * scale],
      },
    },
  ];
}

/**
 * The map's own background layer; with no basemap it is the whole base style.
 *
 * @example schematicBaseStyle('dark').layers.length // 1
 */
export function schematicBaseStyle(theme: MapTheme) {
  return {
    version: 8 as const,
    sources: {},
    layers: [{ id: 'zhidu-background', type: 'background' as const, paint: { 'background-color': THEMES[theme].background } }],
  };
}
