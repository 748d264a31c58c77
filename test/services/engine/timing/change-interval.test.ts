import { describe, expect, it } from 'vitest';
import {
  checkChangeIntervals,
  crossingWidthM,
  kinematicAllRedS,
  kinematicYellowS,
} from '../../../../services/engine/timing/change-interval.js';
import { optimiseIntersection } from '../../../../services/engine/timing/optimise-intersection.js';
import { crossroads, demand, twoPhasePlan } from './timing-fixtures.js';

describe('kinematic change interval (ITE)', () => {
  it('computes the yellow from speed, reaction time, deceleration and grade', () => {
    // 50 km/h = 13.889 m/s: Y = 1.0 + 13.889 / (2 · 3.05) = 1.0 + 2.2769 = 3.277 s
    expect(kinematicYellowS(50)).toBeCloseTo(3.27687, 4);
    // 60 km/h = 16.667 m/s: Y = 1.0 + 16.667 / 6.1 = 3.732 s
    expect(kinematicYellowS(60)).toBeCloseTo(3.73224, 4);
    // +3 % grade: Y = 1.0 + 13.889 / (6.1 + 2 · 0.03 · 9.81) = 1.0 + 13.889 / 6.6886 = 3.0765 s
    expect(kinematicYellowS(50, { gradePct: 3 })).toBeCloseTo(3.0765, 4);
  });

  it('computes the all-red from the width to clear and the vehicle length', () => {
    // AR = (32 + 6) / 13.889 = 2.736 s
    expect(kinematicAllRedS(50, 32)).toBeCloseTo(2.736, 4);
    expect(kinematicAllRedS(50, 32, { vehicleLengthM: 12 })).toBeCloseTo(3.168, 4);
  });

  it('estimates the width from the lanes of the crossing approaches', () => {
    // Crossroads with 4 lanes per approach: the west approach crosses N + S = 8 lanes → 3.5 · 8 + 4 = 32 m.
    const approaches = crossroads(50, 4);
    const west = approaches.find((a) => a.id === 'W')!;
    expect(crossingWidthM(approaches, west)).toBe(32);
    // A bend (only E and W): no crossing approach, twice the own 4 lanes → 3.5 · 8 + 4 = 32 m.
    expect(crossingWidthM(approaches.filter((a) => a.id === 'E' || a.id === 'W'), west)).toBe(32);
  });

  it('flags short yellows and all-reds per phase without changing them', () => {
    // N/S at 50 km/h need 3.3 s yellow (3.277 rounded up) and 2.8 s all-red (2.736); the plan has 3 + 2.
    const plan = twoPhasePlan(50, 50);
    const checks = checkChangeIntervals(crossroads(50, 4), plan);
    expect(checks).toEqual([
      { phase: 2, approachId: 'N', speedKmh: 50, widthM: 32, requiredYellowS: 3.3, requiredAllRedS: 2.8, yellowS: 3, allRedS: 2, yellowShort: true, allRedShort: true },
      { phase: 4, approachId: 'E', speedKmh: 50, widthM: 32, requiredYellowS: 3.3, requiredAllRedS: 2.8, yellowS: 3, allRedS: 2, yellowShort: true, allRedShort: true },
    ]);
    // 40 km/h = 11.111 m/s: Y = 1 + 1.8215 = 2.82 → 2.9 s ≤ 3 s; AR = 38 / 11.111 = 3.42 → 3.5 s > 2 s
    const slower = checkChangeIntervals(crossroads(40, 4), plan)[0];
    expect(slower).toMatchObject({ requiredYellowS: 2.9, requiredAllRedS: 3.5, yellowShort: false, allRedShort: true });
  });

  it('reports the shortfall as flags and keeps the plan’s intervals unless asked', () => {
    const plan = twoPhasePlan(50, 50);
    const demands = [demand('N', 'T', 2, 900, 4), demand('E', 'T', 4, 700, 4)];
    const kept = optimiseIntersection({ id: 'X', approaches: crossroads(50, 4), plan }, demands);
    expect(kept.flags).toContainEqual({ code: 'yellow-short', phase: 2, approachId: 'N', yellowS: 3, requiredS: 3.3 });
    expect(kept.flags).toContainEqual({ code: 'all-red-short', phase: 4, approachId: 'E', allRedS: 2, requiredS: 2.8 });
    expect(kept.proposedPlan.phases.map((p) => [p.yellowS, p.allRedS])).toEqual([
      [3, 2],
      [3, 2],
    ]);
    const applied = optimiseIntersection({ id: 'X', approaches: crossroads(50, 4), plan }, demands, { applyKinematicChangeIntervals: true });
    expect(applied.proposedPlan.phases.map((p) => [p.yellowS, p.allRedS])).toEqual([
      [3.3, 2.8],
      [3.3, 2.8],
    ]);
    expect(applied.flags).toContainEqual({ code: 'change-interval-applied', phase: 2, yellowS: 3.3, allRedS: 2.8 });
    expect(applied.flags.some((f) => f.code === 'yellow-short' || f.code === 'all-red-short')).toBe(false);
  });
});
