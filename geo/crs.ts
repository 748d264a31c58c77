/**
 * Coordinate reference systems used by Chinese map providers.
 *
 * WGS-84 is the product's internal system. GCJ-02 ("Mars coordinates", Amap, Tencent)
 * and BD-09 (Baidu) are obfuscated systems that networks exported from those
 * providers use; the conversion itself is delegated to `gcoord`.
 */
import gcoordImport, { type CRSTypes } from 'gcoord';
import type { Crs } from './network/network.schema.js';

// gcoord ships CommonJS with ESM-style typings: under Node the default import is the API
// object itself, while TypeScript expects it under `.default`. Accept both shapes.
const gcoord = ('default' in gcoordImport ? gcoordImport.default : gcoordImport) as typeof gcoordImport.default;

/** A position as `[lon, lat]` in degrees. */
export type LonLat = [lon: number, lat: number];

const GCOORD_CRS: Record<Crs, CRSTypes> = {
  'WGS-84': gcoord.WGS84,
  'GCJ-02': gcoord.GCJ02,
  'BD-09': gcoord.BD09,
};

/**
 * Converts a position between two of the supported systems.
 *
 * @example
 * // Tiananmen in GCJ-02 (as Amap shows it) to WGS-84
 * convertPosition([116.397428, 39.90923], 'GCJ-02', 'WGS-84') // ≈ [116.39119, 39.90783]
 */
export function convertPosition(position: LonLat, from: Crs, to: Crs): LonLat {
  if (from === to) return [position[0], position[1]];
  const [lon, lat] = gcoord.transform([position[0], position[1]], GCOORD_CRS[from], GCOORD_CRS[to]);
  return [lon, lat];
}

/**
 * Converts a position in `crs` to WGS-84.
 *
 * @example toWgs84([117.2, 39.13], 'GCJ-02')
 */
export function toWgs84(position: LonLat, crs: Crs): LonLat {
  return convertPosition(position, crs, 'WGS-84');
}
