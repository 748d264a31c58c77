/** An intersection coordinated on a corridor keeps its cycle and offset; only the splits move. */
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../../../geo/network/plan-rules.js';
import { optimiseIntersection } from '../../../../services/engine/timing/optimise-intersection.js';
import { crossroads, demand, twoPhasePlan } from './timing-fixtures.js';

// N/S through (phase 2) y = 1080 / (2 × 1800) = 0.30; E/W (phase 4) y = 720 / 3600 = 0.20.
const demands = [demand('N', 'T', 2, 1080, 2), demand('S', 'T', 2, 1080, 2), demand('E', 'T', 4, 720, 2), demand('W', 'T', 4, 720, 2)];
const approaches = crossroads(40, 2, 2, 4);

describe('holding the cycle of a coordinated intersection', () => {
  it('re-splits at the current cycle and keeps the offset', () => {
    // Alone: L = 2 × 5 = 10 s, Y = 0.5 → C0 = (1.5 · 10 + 5) / 0.5 = 40 s → clamped to 60 s.
    // Held at 100 s: green 90 s split 0.3 : 0.2 → 54 / 36 s green → splits 59 / 41.
    const plan = { ...twoPhasePlan(50, 50), offsetS: 17 };
    const alone = optimiseIntersection({ id: 'X', approaches, plan }, demands);
    expect(alone.proposedPlan.cycleS).toBe(60);
    const held = optimiseIntersection({ id: 'X', approaches, plan }, demands, { holdCycle: true });
    expect(held.proposedPlan.cycleS).toBe(100);
    expect(held.proposedPlan.offsetS).toBe(17);
    expect(held.proposedPlan.phases.map((p) => p.splitS)).toEqual([59, 41]);
    expect(held.flags).toContainEqual({ code: 'cycle-held', currentS: 100, requiredS: 60 });
    expect(held.flags.some((f) => f.code === 'cycle-kept' || f.code === 'cycle-lengthened-for-delay')).toBe(false);
    expect(checkPlan(held.proposedPlan)).toEqual([]);
  });

  it('still lengthens a held cycle that no longer fits the minimums', () => {
    // Phase 4 pedestrians need walk 10 + clearance 25 s of green; phase 2 needs its 5 s minimum green:
    // splits ≥ 40 and 10 → 50 s > the 40 s cycle → the next 5 s step that fits, 50 s.
    const plan = twoPhasePlan(20, 20, { 4: { pedWalkS: 10, pedClearS: 25 } });
    const s = optimiseIntersection({ id: 'X', approaches, plan }, demands, { holdCycle: true });
    const flag = s.flags.find((f) => f.code === 'cycle-lengthened-for-minimums');
    expect(flag).toMatchObject({ fromS: 40, minimumCycleS: s.cycle.minimumCycleS });
    expect(s.proposedPlan.cycleS).toBe(Math.ceil(s.cycle.minimumCycleS / 5) * 5);
    expect(s.proposedPlan.cycleS).toBeGreaterThan(40);
    expect(checkPlan(s.proposedPlan)).toEqual([]);
  });
});
