import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../../../../services/engine/timing/plan-evaluation.js';
import { TimingInputError } from '../../../../services/engine/timing/demand.js';
import { demand, twoPhasePlan } from './timing-fixtures.js';

describe('expected HCM control delay of a plan', () => {
  // C = 100 s, both phases split 50 = green 45 + yellow 3 + all-red 2; lost time = yellow + all-red → g = 45 s.
  const plan = twoPhasePlan(50, 50);

  it('matches the hand-computed delay per movement and the flow-weighted means', () => {
    // Phase 2, N through: s = 1800, N = 2 → c = 1800 · 2 · 0.45 = 1620 veh/h, v = 1200 → X = 0.7407
    //   d1 = 0.5 · 100 · 0.55² / (1 − 0.7407 · 0.45) = 22.6875; d2 = 3.0926 → d = 25.780 s (as in control-delay.test.ts)
    // Phase 4, E through: N = 1 → c = 810, v = 600 → X = 0.7407; d1 = 22.6875
    //   d2 = 225 · [−0.259259 + √(0.067215 + 8·0.5·0.7407/(810·0.25))] = 225 · 0.026830 = 6.0368 → d = 28.724 s
    // Intersection: (1200 · 25.780 + 600 · 28.724) / 1800 = 26.762 s → LOS C
    const result = evaluatePlan(plan, [demand('N', 'T', 2, 1200, 2), demand('E', 'T', 4, 600, 1)]);
    expect(result.movements.map((m) => [m.capacityVph, m.delayS])).toEqual([
      [1620, expect.closeTo(25.7801, 3)],
      [810, expect.closeTo(28.7243, 3)],
    ]);
    expect(result.delayS).toBeCloseTo(26.7615, 3);
    expect(result.los).toBe('C');
    expect(result.flowVph).toBe(1800);
  });

  it('weights each approach by the flows of its movements', () => {
    // Approach N: through 1200 veh/h at 25.780 s and a right turn of 0 veh/h → 25.780 s.
    const result = evaluatePlan(plan, [demand('N', 'T', 2, 1200, 2), demand('N', 'R', 2, 0, 1), demand('E', 'T', 4, 600)]);
    expect(result.approaches.find((a) => a.approachId === 'N')?.delayS).toBeCloseTo(25.7801, 3);
    expect(result.approaches.map((a) => a.approachId)).toEqual(['N', 'E']);
  });

  it('keeps a measured arrival type: P = Rp · g/C', () => {
    // Rp = 4/3, g/C = 0.45 → P = 0.6 → f_PA = 1.15, PF = 0.4 · 1.15 / 0.55 = 0.83636
    // d = 22.6875 · 0.83636 + 3.0926 = 22.068 s
    const result = evaluatePlan(plan, [{ ...demand('N', 'T', 2, 1200, 2), platoonRatio: 4 / 3 }]);
    expect(result.movements[0]?.delayS).toBeCloseTo(22.0676, 3);
  });

  it('is zero with no flow and refuses demand on a phase the plan lacks', () => {
    expect(evaluatePlan(plan, []).delayS).toBe(0);
    expect(() => evaluatePlan(plan, [demand('N', 'T', 6, 100)])).toThrow(TimingInputError);
  });
});
