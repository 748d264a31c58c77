import { describe, expect, it } from 'vitest';
import { capacityVph, controlDelay, platoonAdjustmentFactor, progressionFactor } from '../../../../services/engine/measures/control-delay.js';
import { levelOfService } from '../../../../services/engine/measures/level-of-service.js';

describe('HCM control delay', () => {
  it('matches a hand-computed undersaturated case', () => {
    // C = 100 s, g = 45 s → g/C = 0.45; s = 1800, N = 2 → c = 1800 · 2 · 0.45 = 1620 veh/h; v = 1200 → X = 0.7407.
    // d1 = 0.5 · 100 · 0.55² / (1 − 0.7407 · 0.45) = 15.125 / 0.66667 = 22.6875 s
    // d2 = 900 · 0.25 · [(0.7407 − 1) + √((0.7407 − 1)² + 8 · 0.5 · 1 · 0.7407 / (1620 · 0.25))]
    //    = 225 · [−0.259259 + √(0.067215 + 0.007316)] = 225 · 0.013745 = 3.0926 s
    // d = 22.6875 + 3.0926 = 25.78 s → LOS C
    const c = capacityVph(1800, 2, 45, 100);
    expect(c).toBe(1620);
    const d = controlDelay(1200, c, 0.45, { cycleS: 100 });
    expect(d.degreeOfSaturation).toBeCloseTo(0.74074, 5);
    expect(d.uniformS).toBeCloseTo(22.6875, 4);
    expect(d.incrementalS).toBeCloseTo(3.0926, 3);
    expect(d.delayS).toBeCloseTo(25.78, 2);
    expect(levelOfService(d.delayS, d.degreeOfSaturation)).toBe('C');
  });

  it('caps X at 1 in the uniform term and lets d2 grow beyond capacity', () => {
    // v = 1800 > c = 1620 → X = 1.1111. d1 = 0.5 · 100 · 0.3025 / (1 − 0.45) = 27.5 s.
    // d2 = 225 · [0.1111 + √(0.012346 + 8·0.5·1.1111/405)] = 225 · [0.1111 + √(0.012346 + 0.010974)]
    //    = 225 · (0.11111 + 0.152709) = 59.36 s → d = 86.86 s, LOS F
    const d = controlDelay(1800, 1620, 0.45, { cycleS: 100 });
    expect(d.uniformS).toBeCloseTo(27.5, 6);
    expect(d.incrementalS).toBeCloseTo(59.36, 1);
    expect(levelOfService(d.delayS, d.degreeOfSaturation)).toBe('F');
  });

  it('applies the progression factor from arrivals on green', () => {
    // P = 0.6, g/C = 0.45 → Rp = 1.333 → arrival type 4, f_PA = 1.15; PF = 0.4 · 1.15 / 0.55 = 0.83636
    expect(platoonAdjustmentFactor(1.3333)).toBe(1.15);
    expect(progressionFactor(0.6, 0.45)).toBeCloseTo(0.83636, 5);
    const random = controlDelay(1200, 1620, 0.45, { cycleS: 100 });
    const platooned = controlDelay(1200, 1620, 0.45, { cycleS: 100, proportionOnGreen: 0.6 });
    expect(platooned.progressionFactor).toBeCloseTo(0.83636, 5);
    expect(platooned.delayS).toBeCloseTo(22.6875 * 0.83636 + 3.0926, 2);
    expect(platooned.delayS).toBeLessThan(random.delayS);
  });

  it('maps platoon ratios to f_PA at the arrival-type boundaries', () => {
    expect([0.5, 0.51, 0.85, 0.86, 1.15, 1.16, 1.5, 1.51].map(platoonAdjustmentFactor)).toEqual([1, 0.93, 0.93, 1, 1, 1.15, 1.15, 1]);
  });

  it('has no delay beyond the uniform term with no traffic', () => {
    const d = controlDelay(0, 1620, 0.45, { cycleS: 100 });
    expect(d.incrementalS).toBe(0);
    expect(d.delayS).toBeCloseTo(0.5 * 100 * 0.55 ** 2, 6);
  });

  it('refuses impossible inputs', () => {
    expect(() => controlDelay(100, 0, 0.5, { cycleS: 90 })).toThrow(RangeError);
    expect(() => controlDelay(100, 1000, 1, { cycleS: 90 })).toThrow(RangeError);
  });
});

describe('level of service', () => {
  it('uses the HCM thresholds, inclusive at each upper bound', () => {
    expect([10, 10.01, 20, 35, 55, 80, 80.1].map((d) => levelOfService(d, 0.5))).toEqual(['A', 'B', 'B', 'C', 'D', 'E', 'F']);
  });
  it('is F for a lane group over capacity', () => {
    expect(levelOfService(5, 1.01)).toBe('F');
  });
});
