import { describe, expect, it } from 'vitest';
import { degreeOfSaturation } from '../../../../services/engine/measures/degree-of-saturation.js';
import { approachMeasures, greenRatio, movementMeasures } from '../../../../services/engine/measures/movement-measures.js';
import { addMovementSums, emptyMovementSums, type MovementSums } from '../../../../services/engine/measures/movement-sums.js';

const sums = (values: Partial<MovementSums>): MovementSums => ({ ...emptyMovementSums(), ...values });

describe('degree of saturation', () => {
  it('is v / (s · N · g / C)', () => {
    // c = 1800 · 2 · 45 / 100 = 1620; 1200 / 1620 = 0.74074
    expect(degreeOfSaturation({ flowVph: 1200, satFlowVphpl: 1800, lanes: 2, effectiveGreenS: 45, cycleS: 100 })).toBeCloseTo(0.74074, 5);
    expect(degreeOfSaturation({ flowVph: 10, satFlowVphpl: 1800, lanes: 2, effectiveGreenS: 0, cycleS: 100 })).toBeNull();
  });
});

describe('movement measures from additive sums', () => {
  it('derives flow, g/C, capacity, X and HCM delay of a lane group over a window', () => {
    // 5-minute window: 100 vehicles → 1200 veh/h. Two cycles of 100 s ended (200 s), effective green 2 · 45 = 90 s
    // → g/C = 0.45, C = 100 s. 2 lanes · 1800 → c = 1620 veh/h; X = 0.74074.
    // No advance detectors → PF = 1 → d = 22.6875 + 3.0926 = 25.78 s (worked in control-delay.test.ts) → LOS C.
    const s = sums({ volumeVeh: 100, cycles: 2, cycleS: 200, cycleEffectiveGreenS: 90, greenS: 130, queueVehSum: 24 });
    const m = movementMeasures(s, { lanes: 2, satFlowVphpl: 1800, hasAdvance: false }, 300, { fallbackCycleS: 140 });
    expect(m.flowVph).toBeCloseTo(1200, 10);
    expect(m.greenRatio).toBeCloseTo(0.45, 10);
    expect(m.cycleS).toBe(100);
    expect(m.capacityVph).toBeCloseTo(1620, 8);
    expect(m.vc).toBeCloseTo(0.74074, 5);
    expect(m.controlDelayS).toBeCloseTo(25.78, 2);
    expect(m.los).toBe('C');
    expect(m.aogPct).toBeNull();
    // mean queue at green start 24 / 2 = 12 veh on 2 lanes → 42 m
    expect([m.queueVeh, m.queueM]).toEqual([12, 42]);
  });

  it('applies the progression factor from arrivals on green when advance detectors exist', () => {
    // as above with 48 of 80 arrivals on green: P = 0.6, Rp = 0.6 / 0.45 = 1.333 → f_PA 1.15,
    // PF = 0.4 · 1.15 / 0.55 = 0.83636 → d = 22.6875 · 0.83636 + 3.0926 = 22.068 s
    const s = sums({ volumeVeh: 100, cycles: 2, cycleS: 200, cycleEffectiveGreenS: 90, arrivals: 80, arrivalsOnGreen: 48, arrivalsOnRed: 30, arrivalsOnYellow: 2 });
    const m = movementMeasures(s, { lanes: 2, satFlowVphpl: 1800, hasAdvance: true }, 300, { fallbackCycleS: 140 });
    expect(m.aogPct).toBeCloseTo(60, 10);
    expect(m.platoonRatio).toBeCloseTo(1.3333, 4);
    expect(m.controlDelayS).toBeCloseTo(22.6875 * 0.83636 + 3.0926, 2);
  });

  it('falls back to the share of the window in green when no cycle ended in it', () => {
    // 60 s window, 27 s green → g/C 0.45; cycle length from the plan
    expect(greenRatio({ cycles: 0, cycleS: 0, cycleEffectiveGreenS: 0, greenS: 27 }, 60)).toBeCloseTo(0.45, 10);
    const m = movementMeasures(sums({ greenS: 27 }), { lanes: 1, satFlowVphpl: 1800, hasAdvance: false }, 60, { fallbackCycleS: 120 });
    expect(m.cycleS).toBe(120);
  });

  it('reports no capacity or delay for a phase that showed no green (skipped all window)', () => {
    const m = movementMeasures(sums({ volumeVeh: 3 }), { lanes: 1, satFlowVphpl: 1700, hasAdvance: false }, 300, { fallbackCycleS: 120 });
    expect([m.capacityVph, m.vc, m.controlDelayS, m.los]).toEqual([null, null, null, null]);
  });

  it('combines movements into the approach: flow-weighted delay, critical X, pooled %AoG', () => {
    // T: 1200 veh/h, d 25.78 s, X 0.741, 48/80 on green; L: 200 veh/h on 1 lane · 1700 with g/C 0.15 (cycles 2 × 100 s, 15 s eff. green)
    // L: c = 255, X = 0.7843; d1 = 0.5·100·0.85² / (1 − 0.7843·0.15) = 36.125 / 0.88235 = 40.942;
    //    d2 = 225 · [−0.21569 + √(0.046521 + 8·0.5·0.7843/(255·0.25))] = 225 · [−0.21569 + √(0.046521 + 0.049211)] = 225 · 0.093713 = 21.085
    //    d = 62.03 s
    // approach d = (1200 · 22.068 + 200 · 62.03) / 1400 = 27.777 s → LOS C; X = max(0.741, 0.784)
    const t = sums({ volumeVeh: 100, cycles: 2, cycleS: 200, cycleEffectiveGreenS: 90, arrivals: 80, arrivalsOnGreen: 48, arrivalsOnRed: 30, arrivalsOnYellow: 2 });
    const l = sums({ volumeVeh: 100 / 6, cycles: 2, cycleS: 200, cycleEffectiveGreenS: 30 });
    const tm = movementMeasures(t, { lanes: 2, satFlowVphpl: 1800, hasAdvance: true }, 300, { fallbackCycleS: 100 });
    const lm = movementMeasures(l, { lanes: 1, satFlowVphpl: 1700, hasAdvance: false }, 300, { fallbackCycleS: 100 });
    expect(lm.controlDelayS).toBeCloseTo(62.03, 1);
    const approach = approachMeasures([
      { sums: t, measures: tm },
      { sums: l, measures: lm },
    ]);
    expect(approach.flowVph).toBeCloseTo(1400, 8);
    expect(approach.controlDelayS).toBeCloseTo((1200 * 22.068 + 200 * 62.03) / 1400, 1);
    expect(approach.vc).toBeCloseTo(0.7843, 4);
    expect(approach.los).toBe('C');
    expect(approach.aogPct).toBeCloseTo(60, 10);
  });

  it('has no delay for an approach with no vehicles', () => {
    const empty = sums({ cycles: 2, cycleS: 200, cycleEffectiveGreenS: 90 });
    const m = movementMeasures(empty, { lanes: 2, satFlowVphpl: 1800, hasAdvance: true }, 300, { fallbackCycleS: 100 });
    expect(approachMeasures([{ sums: empty, measures: m }])).toMatchObject({ flowVph: 0, controlDelayS: null, los: null, aogPct: null });
  });

  it('adds sums field by field', () => {
    const total = addMovementSums(sums({ volumeVeh: 3, cycleS: 100 }), sums({ volumeVeh: 4, cycleS: 120, splitFailures: 1 }));
    expect([total.volumeVeh, total.cycleS, total.splitFailures]).toEqual([7, 220, 1]);
  });
});
