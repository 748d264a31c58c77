import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../../../geo/network/plan-rules.js';
import { criticalPath } from '../../../../services/engine/timing/critical-path.js';
import { optimiseIntersection } from '../../../../services/engine/timing/optimise-intersection.js';
import { pedestrianGreenS, phaseMinimum } from '../../../../services/engine/timing/phase-minimums.js';
import { roundToTotal, shareWithFloors } from '../../../../services/engine/timing/proportional-share.js';
import { planRequirements, retimePlan } from '../../../../services/engine/timing/retime-plan.js';
import { allocateSplits } from '../../../../services/engine/timing/split-allocation.js';
import { crossroads, demand, eightPhasePlan, twoPhasePlan } from './timing-fixtures.js';

/**
 * Eight-phase dual ring, every phase yellow 3 + all-red 2 (lost time 5 s), min green 5 (min split 10).
 * Flow ratios (s = 1,800 per lane): 1: 0.10, 2: 0.30 (through 1,080 on 2 lanes; its right turn, 270 on 1
 * lane, is only 0.15 — a phase takes its busiest movement), 5: 0.15, 6: 0.20, 3: 0.05, 4: 0.20, 7: 0.08, 8: 0.15.
 */
const dualRingDemand = [
  demand('S', 'L', 1, 180),
  demand('N', 'T', 2, 1080, 2),
  demand('N', 'R', 2, 270),
  demand('W', 'L', 3, 90),
  demand('E', 'T', 4, 360),
  demand('N', 'L', 5, 270),
  demand('S', 'T', 6, 360),
  demand('E', 'L', 7, 144),
  demand('W', 'T', 8, 270),
];

describe('critical path through the ring-barrier', () => {
  it('takes, per barrier group, the ring with the larger sum of y', () => {
    // group 1: ring 1 (1, 2) 0.10 + 0.30 = 0.40 > ring 2 (5, 6) 0.15 + 0.20 = 0.35
    // group 2: ring 1 (3, 4) 0.05 + 0.20 = 0.25 > ring 2 (7, 8) 0.08 + 0.15 = 0.23
    // Y = 0.65, L = 4 critical phases × 5 s = 20 s
    const path = criticalPath(eightPhasePlan({}), dualRingDemand);
    expect(path.groups.map((g) => [g.criticalPhases, g.flowRatio])).toEqual([
      [[1, 2], expect.closeTo(0.4, 12)],
      [[3, 4], expect.closeTo(0.25, 12)],
    ]);
    expect(path.flowRatioSum).toBeCloseTo(0.65, 12);
    expect(path.lostTimeS).toBe(20);
  });

  it('breaks a tie of y by the larger lost time', () => {
    // Three-leg style: ring 1 has phases 1 and 2, ring 2 only 6 in the first group; equal y, ring 1 loses more time.
    const plan = { ...eightPhasePlan({ 1: 20, 2: 50, 3: 20, 4: 50, 5: 20, 6: 50, 7: 20, 8: 50 }), rings: [[1, 2, 4], [6, 8]], barriers: [[2, 6], [4, 8]] };
    plan.phases = plan.phases.filter((p) => ![3, 5, 7].includes(p.phase)).map((p) => (p.phase === 6 ? { ...p, splitS: 70 } : p));
    const path = criticalPath(plan, [demand('a', 'L', 1, 180), demand('a', 'T', 2, 360), demand('b', 'T', 6, 540)]);
    expect(path.groups[0]).toMatchObject({ criticalRing: 0, criticalPhases: [1, 2], lostTimeS: 10 });
  });
});

describe('split allocation', () => {
  it('gives Webster splits in both rings with equal barriers (hand-computed)', () => {
    // C0 = (1.5·20 + 5) / 0.35 = 100 s. Effective green 80 s.
    // Group 1 = 10 + 0.40/0.65 · 80 = 59.23, group 2 = 10 + 0.25/0.65 · 80 = 40.77 → 59 / 41 (largest remainder).
    // Ring 1, group 1 (59 s, 49 s green): 1 → 5 + 0.10/0.40 · 49 = 17.25, 2 → 5 + 36.75 = 41.75 → 17 / 42
    // Ring 2, group 1: 5 → 5 + 0.15/0.35 · 49 = 26, 6 → 5 + 28 = 33 (exact)
    // Ring 1, group 2 (41 s, 31 s green): 3 → 5 + 0.05/0.25 · 31 = 11.2, 4 → 29.8 → 11 / 30
    // Ring 2, group 2: 7 → 5 + 0.08/0.23 · 31 = 15.78, 8 → 5 + 20.22 = 25.22 → 16 / 25
    const plan = eightPhasePlan({ 1: 25, 2: 25, 3: 25, 4: 25, 5: 25, 6: 25, 7: 25, 8: 25 });
    const s = optimiseIntersection({ id: 'X', approaches: crossroads(40, 2), plan }, dualRingDemand);
    expect(s.cycle.proposedS).toBe(100);
    expect(Object.fromEntries(s.proposedPlan.phases.map((p) => [p.phase, p.splitS]))).toEqual({ 1: 17, 2: 42, 3: 11, 4: 30, 5: 26, 6: 33, 7: 16, 8: 25 });
    expect(checkPlan(s.proposedPlan)).toEqual([]);
  });

  it('holds a phase at its pedestrian minimum and gives the rest to the other phase (hand-computed)', () => {
    // Two phases, yellow 3 + all-red 2 each, L = 10 s. y2 = 540/1800 = 0.3, y4 = 180/1800 = 0.1, Y = 0.4.
    // C0 = (15 + 5) / 0.6 = 33.3 s → below cycleMin → 60 s. Effective green 50 s:
    //   by flow ratio g4 = 0.1/0.4 · 50 = 12.5 s (split 17.5) — but phase 4 has a crossing:
    //   walk 7 + clearance 15 = 22 s of green (both end before the yellow) → minimum split 22 + 5 = 27 s.
    // Phase 4 is fixed at 27 s and phase 2 takes the remaining 60 − 27 = 33 s (green 28 s, X = 540 / 840 = 0.64).
    const plan = twoPhasePlan(35, 35, { 4: { pedWalkS: 7, pedClearS: 15 } });
    const s = optimiseIntersection({ id: 'X', approaches: crossroads(40, 1), plan }, [demand('N', 'T', 2, 540), demand('E', 'T', 4, 180)]);
    expect(s.cycle.webster).toMatchObject({ optimumS: expect.closeTo(33.333, 3), cycleS: 60, limit: 'cycle-min' });
    expect(s.cycle.proposedS).toBe(60);
    expect(s.splits.map((p) => [p.phase, p.proposedSplitS, p.proposedGreenS, p.bound])).toEqual([
      [2, 33, 28, 'flow-ratio'],
      [4, 27, 22, 'pedestrian'],
    ]);
    expect(s.flags).toContainEqual({ code: 'pedestrian-bound', phase: 4, greenS: 22 });
  });

  it('lets a pedestrian minimum in the non-critical ring stretch its barrier group (hand-computed)', () => {
    // The dual-ring demand above, but phase 6 (ring 2, group 1) has walk 10 + clearance 40 = 50 s → min split 55.
    // Group 1 needs max(ring 1: 10 + 10, ring 2: 10 + 55) = 65 s > its Webster share 59.23 → fixed at 65;
    // group 2 gets 100 − 65 = 35 s.
    // Ring 1, group 1 (65 s, 55 s green): 1 → 5 + 0.25 · 55 = 18.75, 2 → 5 + 41.25 = 46.25 → 19 / 46
    // Ring 2, group 1: 6 held at 55, 5 → 65 − 55 = 10 (its minimum)
    // Ring 1, group 2 (35 s, 25 s green): 3 → 5 + 0.2 · 25 = 10, 4 → 25
    // Ring 2, group 2: 7 → 5 + 0.08/0.23 · 25 = 13.70, 8 → 21.30 → 14 / 21
    const plan = eightPhasePlan({ 1: 25, 2: 55, 3: 10, 4: 10, 5: 10, 6: 70, 7: 10, 8: 10 }, { 6: { pedWalkS: 10, pedClearS: 40 } });
    const requirements = planRequirements(plan, dualRingDemand);
    const retimed = retimePlan(plan, requirements, 100);
    expect(retimed.allocation.groupDurationsS).toEqual([65, 35]);
    expect(Object.fromEntries(retimed.plan.phases.map((p) => [p.phase, p.splitS]))).toEqual({ 1: 19, 2: 46, 3: 10, 4: 25, 5: 10, 6: 55, 7: 14, 8: 21 });
    expect(retimed.splits.find((p) => p.phase === 6)?.bound).toBe('pedestrian');
    expect(checkPlan(retimed.plan)).toEqual([]);
  });

  it('lengthens the cycle when the minimums do not fit, and reports it', () => {
    // Both phases carry 8 + 30 s of pedestrian time → min splits 43 + 43 = 86 s > Webster's 60 s → 90 s (next 5 s).
    const plan = twoPhasePlan(45, 45, { 2: { pedWalkS: 8, pedClearS: 30 }, 4: { pedWalkS: 8, pedClearS: 30 } });
    const s = optimiseIntersection({ id: 'X', approaches: crossroads(40, 1), plan }, [demand('N', 'T', 2, 300), demand('E', 'T', 4, 200)]);
    expect(s.cycle.minimumCycleS).toBe(86);
    expect(s.cycle.proposedS).toBe(90);
    expect(s.flags).toContainEqual({ code: 'cycle-lengthened-for-minimums', fromS: 60, toS: 90, minimumCycleS: 86 });
    expect(checkPlan(s.proposedPlan)).toEqual([]);
  });

  it('refuses a cycle shorter than the minimums', () => {
    const plan = twoPhasePlan(45, 45, { 2: { pedWalkS: 8, pedClearS: 30 } });
    const requirements = planRequirements(plan, []);
    expect(() => allocateSplits(requirements.path.groups, requirements.allocationInputs, 50)).toThrow(RangeError);
    expect(() => allocateSplits(requirements.path.groups, requirements.allocationInputs, 60.5)).toThrow(RangeError);
  });
});

describe('pedestrian minimum rule', () => {
  it('needs walk + clearance within the green by default, or overlapping yellow + all-red when asked', () => {
    const timing = { phase: 2, splitS: 50, minGreenS: 15, yellowS: 3, allRedS: 3, pedWalkS: 8, pedClearS: 20 };
    expect(pedestrianGreenS(timing)).toBe(28);
    expect(phaseMinimum(timing)).toEqual({ phase: 2, greenS: 28, splitS: 34, source: 'pedestrian' });
    // MUTCD buffer rule: 28 − (3 + 3) = 22 s of green
    expect(pedestrianGreenS(timing, { pedClearanceIntoChangeInterval: true })).toBe(22);
    expect(phaseMinimum({ ...timing, minGreenS: 25 }, { pedClearanceIntoChangeInterval: true })).toEqual({ phase: 2, greenS: 25, splitS: 31, source: 'min-green' });
    expect(pedestrianGreenS({ yellowS: 3, allRedS: 2 })).toBe(0);
  });

  it('rounds a fractional minimum split up to whole seconds', () => {
    expect(phaseMinimum({ phase: 1, splitS: 20, minGreenS: 7, yellowS: 3.5, allRedS: 1.2 }).splitS).toBe(12);
    expect(phaseMinimum({ phase: 1, splitS: 20, minGreenS: 7, yellowS: 3.1, allRedS: 1.9 }).splitS).toBe(12);
  });
});

describe('proportional sharing and rounding', () => {
  it('fixes items below their floor and shares the rest', () => {
    // 100 s: item A would get 5 + 0.1/0.4 · 90 = 27.5 < 30 → 30; B gets 70.
    expect(shareWithFloors(100, [{ weight: 0.1, base: 5, min: 30 }, { weight: 0.3, base: 5, min: 10 }])).toEqual([
      { valueS: 30, atMinimum: true },
      { valueS: 70, atMinimum: false },
    ]);
    expect(shareWithFloors(30, [{ weight: 0, base: 5, min: 10 }, { weight: 0, base: 5, min: 10 }]).map((s) => s.valueS)).toEqual([15, 15]);
    expect(() => shareWithFloors(10, [{ weight: 1, base: 0, min: 11 }])).toThrow(RangeError);
  });

  it('rounds to an exact total by largest remainder, ties to the heavier then earlier item', () => {
    expect(roundToTotal([26.6, 23.4], 50, [0, 0])).toEqual([27, 23]);
    expect(roundToTotal([10.5, 10.5, 9], 30, [0, 0, 0], [1, 2, 3])).toEqual([10, 11, 9]);
    expect(roundToTotal([10.5, 10.5, 9], 30, [0, 0, 0])).toEqual([11, 10, 9]);
    expect(roundToTotal([9.6, 10.4], 20, [10, 0])).toEqual([10, 10]);
  });
});
