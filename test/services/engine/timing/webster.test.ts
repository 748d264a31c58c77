import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../../../geo/network/plan-rules.js';
import { criticalPath } from '../../../../services/engine/timing/critical-path.js';
import { optimiseIntersection } from '../../../../services/engine/timing/optimise-intersection.js';
import { criticalDegreeOfSaturation, roundUpToStep, websterCycle } from '../../../../services/engine/timing/webster-cycle.js';
import { crossroads, demand, twoPhasePlan } from './timing-fixtures.js';

describe('Webster cycle — the textbook two-phase example', () => {
  // Source: Webster (1958) RRL Technical Paper 39, C0 = (1.5·L + 5)/(1 − Y); the numbers are the standard
  // exercise for a two-phase fixed-time signal (N–S and E–W through only, total lost time 12 s):
  //   N–S: higher approach flow 1000 veh/h, saturation flow 2500 veh/h → y1 = 0.40
  //   E–W: higher approach flow  900 veh/h, saturation flow 3000 veh/h → y2 = 0.30
  //   Y = 0.70, L = 12 s (here: yellow 4 + all-red 2 per phase, lost time = yellow + all-red)
  //   C0 = (1.5·12 + 5) / (1 − 0.7) = 23 / 0.3 = 76.67 s (the textbook answer: ≈ 77 s)
  // Our rule rounds UP to 5 s: C = 80 s. Effective green C − L = 68 s, split by y:
  //   g1 = 0.4/0.7 · 68 = 38.857 s, g2 = 0.3/0.7 · 68 = 29.143 s
  //   splits = g + 6: 44.857 and 35.143 → whole seconds by largest remainder: 45 and 35 (sum 80).
  const plan = twoPhasePlan(50, 50, { 2: { yellowS: 4, allRedS: 2 }, 4: { yellowS: 4, allRedS: 2 } });
  const demands = [
    demand('N', 'T', 2, 1000, 2, 1250),
    demand('S', 'T', 2, 800, 2, 1250),
    demand('E', 'T', 4, 900, 2, 1500),
    demand('W', 'T', 4, 700, 2, 1500),
  ];

  it('finds Y = 0.70 and L = 12 s on the critical path', () => {
    const path = criticalPath(plan, demands);
    expect(path.flowRatioSum).toBeCloseTo(0.7, 12);
    expect(path.lostTimeS).toBe(12);
    expect(path.phases.find((p) => p.phase === 2)?.critical).toEqual({ approachId: 'N', movement: 'T' });
  });

  it('computes C0 = 76.67 s and rounds up to 80 s', () => {
    const cycle = websterCycle(0.7, 12);
    expect(cycle.optimumS).toBeCloseTo(76.6667, 4);
    expect(cycle).toMatchObject({ roundedS: 80, cycleS: 80, limit: 'none' });
  });

  it('splits the effective green in proportion to y, in whole seconds', () => {
    const s = optimiseIntersection({ id: 'X', approaches: crossroads(40, 2), plan }, demands);
    expect(s.cycle.proposedS).toBe(80);
    expect(s.splits.map((p) => [p.phase, p.proposedSplitS, p.bound])).toEqual([
      [2, 45, 'flow-ratio'],
      [4, 35, 'flow-ratio'],
    ]);
    expect(checkPlan(s.proposedPlan)).toEqual([]);
    // Xc = 0.7 · 80 / 68 = 0.8235
    expect(s.criticalDegreeOfSaturation.proposed).toBeCloseTo(0.82353, 5);
  });
});

describe('Webster cycle — bounds', () => {
  it('rounds up, with tolerance for floating error just above a multiple', () => {
    expect(roundUpToStep(76.67, 5)).toBe(80);
    expect(roundUpToStep(80.0000000001, 5)).toBe(80);
    expect(roundUpToStep(80.01, 5)).toBe(85);
  });

  it('clamps to cycleMin and cycleMax and says so', () => {
    // Y = 0.3, L = 10: C0 = 20 / 0.7 = 28.57 → 30 → clamped to 60
    expect(websterCycle(0.3, 10)).toMatchObject({ roundedS: 30, cycleS: 60, limit: 'cycle-min' });
    // Y = 0.85, L = 20: C0 = 35 / 0.15 = 233.3 → 235 → clamped to 180
    expect(websterCycle(0.85, 20)).toMatchObject({ roundedS: 235, cycleS: 180, limit: 'cycle-max' });
    expect(websterCycle(0.3, 10, { cycleMinS: 30 })).toMatchObject({ cycleS: 30, limit: 'none' });
  });

  it('uses cycleMax and reports saturation when Y reaches 0.95', () => {
    expect(websterCycle(0.95, 12)).toEqual({ optimumS: null, roundedS: null, cycleS: 180, limit: 'saturated' });
    expect(websterCycle(1.2, 12, { cycleMaxS: 150 })).toMatchObject({ cycleS: 150, limit: 'saturated' });
  });

  it('refuses impossible inputs', () => {
    expect(() => websterCycle(-0.1, 10)).toThrow(RangeError);
    expect(() => websterCycle(0.5, -1)).toThrow(RangeError);
    expect(() => websterCycle(0.5, 10, { cycleMinS: 120, cycleMaxS: 90 })).toThrow(RangeError);
  });

  it('gives the critical degree of saturation (HCM Eq. 16-14)', () => {
    // 0.9 · 100 / (100 − 16) = 1.0714: over capacity whatever the splits
    expect(criticalDegreeOfSaturation(0.9, 16, 100)).toBeCloseTo(1.07143, 5);
    expect(criticalDegreeOfSaturation(0.5, 16, 16)).toBe(Infinity);
  });

  it('flags saturation and oversaturation in a suggestion', () => {
    const plan = twoPhasePlan(60, 60);
    // y = 0.6 + 0.4 = 1.0 ≥ 0.95 → 180 s; Xc = 1.0 · 180 / 170 = 1.059 > 1
    const s = optimiseIntersection({ id: 'X', approaches: crossroads(40, 1), plan }, [demand('N', 'T', 2, 1080), demand('E', 'T', 4, 720)]);
    expect(s.cycle.proposedS).toBe(180);
    expect(s.flags).toContainEqual({ code: 'saturated', flowRatioSum: 1 });
    expect(s.flags).toContainEqual({ code: 'oversaturated', criticalDegreeOfSaturation: expect.closeTo(1.0588, 4) });
  });
});
