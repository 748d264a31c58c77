import { describe, expect, it } from 'vitest';
import { arrivalBearingFromSide, bearingDeg, bearingDifferenceDeg, distanceM, isInZone, nearest } from '../../geo/geometry.js';

describe('geometry', () => {
  it('gives bearings clockwise from north in [0, 360)', () => {
    expect(bearingDeg([117.2, 39.1], [117.2, 39.2])).toBeCloseTo(0, 6);
    expect(bearingDeg([117.2, 39.1], [117.3, 39.1])).toBeCloseTo(90, 0);
    expect(bearingDeg([117.2, 39.1], [117.2, 39.0])).toBeCloseTo(180, 6);
    expect(bearingDeg([117.2, 39.1], [117.1, 39.1])).toBeCloseTo(270, 0);
  });

  it('measures distances in metres (0.001° of latitude ≈ 111.2 m)', () => {
    expect(distanceM([117.2, 39.1], [117.2, 39.101])).toBeCloseTo(111.2, 0);
  });

  it('names the arrival bearing of each entry side (北进口 travels south)', () => {
    expect(arrivalBearingFromSide('N')).toBe(180);
    expect(arrivalBearingFromSide('W')).toBe(90);
    expect(arrivalBearingFromSide('SE')).toBe(315);
  });

  it('takes the short way round when comparing bearings', () => {
    expect(bearingDifferenceDeg(350, 10)).toBe(20);
    expect(bearingDifferenceDeg(10, 350)).toBe(20);
    expect(bearingDifferenceDeg(0, 180)).toBe(180);
  });

  it('ranks the nearest located items', () => {
    const items = [
      { id: 'far', lon: 117.3, lat: 39.2 },
      { id: 'near', lon: 117.201, lat: 39.1 },
      { id: 'mid', lon: 117.21, lat: 39.1 },
    ];
    expect(nearest([117.2, 39.1], items)[0]?.item.id).toBe('near');
    expect(nearest([117.2, 39.1], items, 2).map((n) => n.item.id)).toEqual(['near', 'mid']);
  });

  it('tells whether a point lies in a zone', () => {
    const square: [number, number][] = [
      [117.1, 39.0],
      [117.3, 39.0],
      [117.3, 39.2],
      [117.1, 39.2],
      [117.1, 39.0],
    ];
    expect(isInZone([117.2, 39.1], square)).toBe(true);
    expect(isInZone([117.4, 39.1], square)).toBe(false);
  });
});
