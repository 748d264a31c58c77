/**
 * The optional intranet basemap under the network (`GET /api/v1/dashboard/config`):
 * - `style`: a MapLibre style URL the city hosts (its tiles, glyphs and sprites are its own);
 * - `pmtiles`: one archive served by our server with HTTP Range; vector archives get a
 *   generic muted style drawn from their `vector_layers` (no labels, so no glyphs),
 *   raster archives are shown as they are.
 */
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { addProtocol } from 'maplibre-gl';
import { FetchSource, PMTiles, Protocol, TileType } from 'pmtiles';
import type { Basemap } from '../../../services/contracts/dashboard.js';
import { schematicBaseStyle, type MapTheme } from './network-layers.js';

let protocol: Protocol | null = null;
const archives = new Map<string, { archive: PMTiles; source: FetchSource }>();

/** The archive behind a same-origin URL, fetched with the user's token (the route needs a signed-in user). */
function archiveOf(url: string, token: string | null): PMTiles {
  if (!protocol) {
    protocol = new Protocol();
    addProtocol('pmtiles', protocol.tile);
  }
  const absolute = new URL(url, window.location.origin).href;
  const headers = new Headers(token ? { authorization: `Bearer ${token}` } : {});
  let held = archives.get(absolute);
  if (!held) {
    const source = new FetchSource(absolute, headers, 'same-origin');
    held = { archive: new PMTiles(source), source };
    archives.set(absolute, held);
    protocol.add(held.archive);
  } else held.source.setHeaders(headers);
  return held.archive;
}

/** Presents a renewed token to every open archive (tiles are fetched for hours on a wall). */
export function setBasemapToken(token: string | null): void {
  const headers = new Headers(token ? { authorization: `Bearer ${token}` } : {});
  for (const { source } of archives.values()) source.setHeaders(headers);
}

interface VectorLayerInfo {
  id: string;
}

const MUTED: Record<MapTheme, { water: string; land: string; road: string; building: string; other: string }> = {
  dark: { water: '#0d2240', land: '#0b1424', road: '#23324a', building: '#121d30', other: '#1a2638' },
  light: { water: '#b9d3ee', land: '#f1f1ee', road: '#ffffff', building: '#dcdad5', other: '#d6dbe2' },
};

/**
 * A muted style for any vector archive: polygons filled, lines stroked, per source layer,
 * coloured by what the layer name suggests (water, roads, buildings).
 *
 * @example genericVectorLayers(['water', 'roads'], 'dark').length // 4
 */
export function genericVectorLayers(layerIds: readonly string[], theme: MapTheme, sourceId = 'basemap'): LayerSpecification[] {
  const colours = MUTED[theme];
  const colourOf = (name: string) =>
    /water|ocean|river|lake/i.test(name)
      ? colours.water
      : /road|street|transport|highway/i.test(name)
        ? colours.road
        : /building/i.test(name)
          ? colours.building
          : /earth|land|park|landuse/i.test(name)
            ? colours.land
            : colours.other;
  return layerIds.flatMap((name): LayerSpecification[] => [
    {
      id: `basemap-${name}-fill`,
      type: 'fill',
      source: sourceId,
      'source-layer': name,
      filter: ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false],
      paint: { 'fill-color': colourOf(name), 'fill-opacity': 0.9 },
    },
    {
      id: `basemap-${name}-line`,
      type: 'line',
      source: sourceId,
      'source-layer': name,
      filter: ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false],
      paint: { 'line-color': colourOf(name), 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 17, 6] },
    },
  ]);
}

/**
 * The base style to put the network on.
 *
 * @example const style = await baseStyle({ kind: 'none' }, 'dark', null);
 */
export async function baseStyle(basemap: Basemap, theme: MapTheme, token: string | null): Promise<StyleSpecification | string> {
  if (basemap.kind === 'style') return basemap.styleUrl;
  const schematic = schematicBaseStyle(theme) as StyleSpecification;
  if (basemap.kind === 'none') return schematic;
  const archive = archiveOf(basemap.url, token);
  const header = await archive.getHeader();
  const url = `pmtiles://${new URL(basemap.url, window.location.origin).href}`;
  const bounds: [number, number, number, number] = [header.minLon, header.minLat, header.maxLon, header.maxLat];
  if (header.tileType === TileType.Mvt) {
    const metadata = (await archive.getMetadata()) as { vector_layers?: VectorLayerInfo[] } | null;
    const layerIds = (metadata?.vector_layers ?? []).map((layer) => layer.id);
    const source: SourceSpecification = { type: 'vector', url, minzoom: header.minZoom, maxzoom: header.maxZoom, bounds };
    return { ...schematic, sources: { basemap: source }, layers: [...schematic.layers, ...genericVectorLayers(layerIds, theme)] };
  }
  const source: SourceSpecification = { type: 'raster', url, tileSize: 256, minzoom: header.minZoom, maxzoom: header.maxZoom, bounds };
  return {
    ...schematic,
    sources: { basemap: source },
    layers: [...schematic.layers, { id: 'basemap-raster', type: 'raster', source: 'basemap', paint: { 'raster-opacity': theme === 'dark' ? 0.55 : 1 } }],
  };
}
