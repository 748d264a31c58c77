import { describe, expect, it } from 'vitest';
import { approachCongestionIndex, congestionLevel, intersectionCongestionIndex } from '../../../../services/engine/measures/congestion-index.js';
import { linkState, linkTravelSpeedKmh } from '../../../../services/engine/measures/link-state.js';
import { networkIndex } from '../../../../services/engine/measures/network-index.js';
import { piecewiseLinear } from '../../../../services/engine/measures/piecewise-linear.js';
import { travelTimeIndex } from '../../../../services/engine/measures/travel-time-index.js';

describe('intersection congestion index', () => {
  it('interpolates the delay breakpoints (0,0)(20,2)(35,4)(55,6)(80,8)(150,10)', () => {
    // 10 s → 1; 27.5 s → 2 + 2·7.5/15 = 3; 45 s → 5; 67.5 s → 7; 115 s → 8 + 2·35/70 = 9; 200 s → capped 10
    expect([0, 10, 20, 27.5, 45, 67.5, 80, 115, 150, 200].map((d) => approachCongestionIndex(d))).toEqual([0, 1, 2, 3, 5, 7, 8, 9, 10, 10]);
  });

  it('is at least 8 while spillback is active', () => {
    expect(approachCongestionIndex(12, { spillback: true })).toBe(8);
    expect(approachCongestionIndex(115, { spillback: true })).toBe(9);
  });

  it('is 0 when no vehicle was served', () => {
    expect(approachCongestionIndex(null)).toBe(0);
  });

  it('weights approaches by flow', () => {
    // (2·300 + 6·100) / 400 = 3
    expect(intersectionCongestionIndex([{ index: 2, flowVph: 300 }, { index: 6, flowVph: 100 }])).toBe(3);
    expect(intersectionCongestionIndex([{ index: 2, flowVph: 0 }, { index: 4, flowVph: 0 }])).toBe(3);
    expect(intersectionCongestionIndex([])).toBe(0);
  });

  it('names the five GB/T 33171 levels with inclusive lower bounds', () => {
    expect([0, 1.99, 2, 4, 5.99, 6, 8, 10].map(congestionLevel)).toEqual([
      'smooth',
      'smooth',
      'mostly-smooth',
      'light',
      'light',
      'moderate',
      'severe',
      'severe',
    ]);
  });

  it('accepts configured breakpoints and rejects a table that is not increasing', () => {
    expect(approachCongestionIndex(30, { breakpoints: [[0, 0], [60, 10]] })).toBe(5);
    expect(() => piecewiseLinear(1, [[0, 0], [0, 1]])).toThrow(RangeError);
  });
});

describe('link speed and state (GB/T 33171)', () => {
  it('adds the downstream control delay to the free-flow time', () => {
    // 500 m at 50 km/h = 36 s; + 24 s delay = 60 s → 500 / 60 m/s = 30 km/h
    expect(linkTravelSpeedKmh(500, 50, 24)).toBeCloseTo(30, 10);
  });

  it('maps speeds to states by road class', () => {
    expect([41, 40, 30.1, 30, 20, 15.1, 15].map((v) => linkState(v, 'arterial'))).toEqual([
      'smooth',
      'mostly-smooth',
      'mostly-smooth',
      'light',
      'moderate',
      'moderate',
      'severe',
    ]);
    expect([66, 50, 35, 20].map((v) => linkState(v, 'expressway'))).toEqual(['smooth', 'light', 'moderate', 'severe']);
    expect([36, 25, 10].map((v) => linkState(v, 'collector'))).toEqual(['smooth', 'light', 'severe']);
  });
});

describe('corridor travel-time index', () => {
  it('divides actual by free-flow travel time', () => {
    // free-flow 36 + 18 = 54 s; delays 24 + 0 → 78 s; 78 / 54 = 1.4444
    const tti = travelTimeIndex([
      { lengthM: 500, freeFlowKmh: 50, controlDelayS: 24 },
      { lengthM: 250, freeFlowKmh: 50, controlDelayS: 0 },
    ]);
    expect(tti.freeFlowS).toBeCloseTo(54, 10);
    expect(tti.index).toBeCloseTo(1.4444, 4);
  });
});

describe('network index (交通运行指数)', () => {
  it('maps the VKT-weighted severe share through (4 %, 2) (8 %, 4) (11 %, 6) (14 %, 8)', () => {
    // 1 km × 600 veh/h severe of 1 km × 6000 veh/h in all → R = 10 % → 4 + 2·2/3 = 5.333
    const r10 = networkIndex([
      { lengthM: 1000, flowVph: 600, state: 'severe' },
      { lengthM: 1000, flowVph: 5400, state: 'smooth' },
    ]);
    expect(r10.severeSharePct).toBeCloseTo(10, 10);
    expect(r10.index).toBeCloseTo(5.3333, 4);
    expect(r10.level).toBe('light');
  });

  it('interpolates from (0 %, 0), continues the last slope past 14 % and caps at 10', () => {
    const at = (pct: number) =>
      networkIndex([
        { lengthM: 100, flowVph: pct, state: 'severe' },
        { lengthM: 100, flowVph: 100 - pct, state: 'light' },
      ]).index;
    // 2 % → 1; 14 % → 8; 15.5 % → 8 + 2·1.5/3 = 9; 17 % → 10; 30 % → 10
    expect(at(2)).toBeCloseTo(1, 10);
    expect(at(14)).toBeCloseTo(8, 10);
    expect(at(15.5)).toBeCloseTo(9, 10);
    expect(at(17)).toBeCloseTo(10, 10);
    expect(at(30)).toBe(10);
  });

  it('counts moderate links at a configured weight, and is 0 for an empty network', () => {
    const links = [
      { lengthM: 1000, flowVph: 100, state: 'moderate' as const },
      { lengthM: 1000, flowVph: 900, state: 'smooth' as const },
    ];
    expect(networkIndex(links).severeSharePct).toBe(0);
    // half weight: 0.5 · 100 / 1000 = 5 % → 2 + 2·1/4 = 2.5
    expect(networkIndex(links, { moderateWeight: 0.5 }).index).toBeCloseTo(2.5, 10);
    expect(networkIndex([]).index).toBe(0);
  });
});
