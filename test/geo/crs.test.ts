import { describe, expect, it } from 'vitest';
import { convertPosition, toWgs84, type LonLat } from '../../geo/crs.js';
import { distanceM } from '../../geo/geometry.js';

/*
 * Independent oracle: the published GCJ-02 obfuscation (Krasovsky 1940 ellipsoid,
 * a = 6378245 m, ee = 0.00669342162296594323) and the BD-09 formula
 * (z = √(x²+y²) + 2e-5·sin(y·π·3000/180), θ = atan2(y, x) + 3e-6·cos(x·π·3000/180),
 * bd = (z·cosθ + 0.0065, z·sinθ + 0.006)), written out here so the library is checked
 * against the formulas rather than against itself.
 */
const A = 6378245.0;
const EE = 0.00669342162296594323;
const X_PI = (Math.PI * 3000.0) / 180.0;
function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}
function transformLon(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}
function wgsToGcjOracle([lon, lat]: LonLat): LonLat {
  let dLat = transformLat(lon - 105.0, lat - 35.0);
  let dLon = transformLon(lon - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}
function gcjToBdOracle([x, y]: LonLat): LonLat {
  const z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) + 0.000003 * Math.cos(x * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

// Reference points: Tianjin (Nanjing Rd & Yingkou Rd), Beijing (Tiananmen), Shanghai (People's Square).
const points: LonLat[] = [
  [117.1925, 39.1218],
  [116.3912, 39.9073],
  [121.4737, 31.2304],
];

describe('coordinate systems', () => {
  it.each(points)('WGS-84 → GCJ-02 matches the published formula at %s', (lon, lat) => {
    const gcj = convertPosition([lon, lat], 'WGS-84', 'GCJ-02');
    expect(distanceM(gcj, wgsToGcjOracle([lon, lat]))).toBeLessThan(0.01);
  });

  it.each(points)('GCJ-02 → BD-09 matches the published formula at %s', (lon, lat) => {
    const bd = convertPosition([lon, lat], 'GCJ-02', 'BD-09');
    expect(distanceM(bd, gcjToBdOracle([lon, lat]))).toBeLessThan(0.01);
  });

  it('offsets WGS-84 by a few hundred metres in China (the obfuscation engineers see between GPS and Amap)', () => {
    const wgs: LonLat = [117.1925, 39.1218];
    const offset = distanceM(wgs, convertPosition(wgs, 'WGS-84', 'GCJ-02'));
    expect(offset).toBeGreaterThan(200);
    expect(offset).toBeLessThan(800);
  });

  it.each(['GCJ-02', 'BD-09'] as const)('round-trips %s → WGS-84 → back within 1 m', (crs) => {
    for (const wgs of points) {
      const there = convertPosition(wgs, 'WGS-84', crs);
      expect(distanceM(toWgs84(there, crs), wgs)).toBeLessThan(1);
    }
  });

  it('leaves positions outside China unchanged (GCJ-02 applies only inside China)', () => {
    const tokyo: LonLat = [139.7671, 35.6812];
    expect(convertPosition(tokyo, 'WGS-84', 'GCJ-02')).toEqual(tokyo);
  });

  it('is the identity between equal systems', () => {
    expect(convertPosition([117.2, 39.1], 'BD-09', 'BD-09')).toEqual([117.2, 39.1]);
  });
});
