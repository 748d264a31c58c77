import { describe, expect, it } from 'vitest';
import { requiredCycle } from '../../../../services/engine/timing/cycle-refinement.js';
import { optimiseIntersection } from '../../../../services/engine/timing/optimise-intersection.js';
import { planRequirements } from '../../../../services/engine/timing/retime-plan.js';
import { crossroads, demand, twoPhasePlan } from './timing-fixtures.js';

describe('cycle lengthened for a starved movement', () => {
  // Two phases, yellow 3 + all-red 2, L = 10 s. y2 = 900/1800 = 0.5, y4 = 180/1800 = 0.1 → C0 = 20 / 0.4 = 50 → 60 s.
  // Phase 4 carries a crossing of walk 7 + clearance 15 → its split is held at 27 s, so phase 2 gets what is left:
  //   60 s: green 28 → c = 1800 · 28/60 = 840 veh/h → X = 900/840 = 1.071  (starved: > 0.95)
  //   65 s: green 33 → c = 1800 · 33/65 = 913.8     → X = 0.985  (still > 0.95)
  //   70 s: green 38 → c = 1800 · 38/70 = 977.1     → X = 0.921  (stop here)
  // Webster sees none of this (its formula has no minimums), so the cycle grows while the delay falls.
  const plan = twoPhasePlan(35, 35, { 4: { pedWalkS: 7, pedClearS: 15 } });
  const demands = [demand('N', 'T', 2, 900), demand('E', 'T', 4, 180)];

  it('grows the cycle in 5 s steps until no movement is starved', () => {
    const required = requiredCycle(plan, planRequirements(plan, demands), demands);
    expect(required.webster).toMatchObject({ optimumS: 50, cycleS: 60 });
    expect(required.afterMinimumsS).toBe(60);
    expect(required.refinement.tried.map((t) => t.cycleS)).toEqual([60, 65, 70]);
    const delays = required.refinement.tried.map((t) => t.delayS);
    expect(delays[1]).toBeLessThan(delays[0] as number);
    expect(delays[2]).toBeLessThan(delays[1] as number);
    expect(required.cycleS).toBe(70);
  });

  it('reports the lengthening in the suggestion', () => {
    const s = optimiseIntersection({ id: 'X', approaches: crossroads(40, 1), plan }, demands);
    expect(s.cycle.proposedS).toBe(70);
    expect(s.flags).toContainEqual(expect.objectContaining({ code: 'cycle-lengthened-for-delay', fromS: 60, toS: 70 }));
    expect(s.delay.proposed.movements.find((m) => m.phase === 2)?.degreeOfSaturation).toBeCloseTo(900 / ((1800 * 38) / 70), 9);
  });

  it('leaves a healthy plan at Webster’s cycle', () => {
    // y2 = 0.4: at 60 s phase 2 has X = 720/840 = 0.857 ≤ 0.95 → nothing to fix, one evaluation only.
    const healthy = [demand('N', 'T', 2, 720), demand('E', 'T', 4, 180)];
    const required = requiredCycle(plan, planRequirements(plan, healthy), healthy);
    expect(required.refinement.tried.map((t) => t.cycleS)).toEqual([60]);
    expect(required.cycleS).toBe(60);
  });
});
