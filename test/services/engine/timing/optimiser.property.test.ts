/**
 * Properties of the optimiser over random plans and demands: every proposed plan is valid
 * (`checkPlan`), whole seconds with exact sums, and respects every minimum; a proposal is made only
 * for a ≥ 5 % gain (or to restore a minimum); and the optimiser never proposes its own proposal again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PhaseTiming, TimingPlan } from '../../../../geo/network/network.schema.js';
import { barrierGroups, checkPlan } from '../../../../geo/network/plan-rules.js';
import { optimiseCorridor } from '../../../../services/engine/timing/corridor/optimise-corridor.js';
import type { MovementDemand } from '../../../../services/engine/timing/demand.js';
import { optimiseIntersection } from '../../../../services/engine/timing/optimise-intersection.js';
import { phaseMinimum } from '../../../../services/engine/timing/phase-minimums.js';
import { crossroads } from './timing-fixtures.js';

/** Ring-barrier structures found on real controllers (and in the showcase network). */
const STRUCTURES: Pick<TimingPlan, 'rings' | 'barriers' | 'coordinatedPhases'>[] = [
  { rings: [[1, 2, 3, 4], [5, 6, 7, 8]], barriers: [[2, 6], [4, 8]], coordinatedPhases: [2, 6] },
  { rings: [[1, 2, 4], [5, 6, 8]], barriers: [[2, 6], [4, 8]], coordinatedPhases: [2, 6] },
  { rings: [[1, 2, 4], [6, 8]], barriers: [[2, 6], [4, 8]], coordinatedPhases: [2, 6] },
  { rings: [[2, 4], [5, 6, 8]], barriers: [[2, 6], [4, 8]], coordinatedPhases: [2, 6] },
  { rings: [[2, 4], [6, 8]], barriers: [[2, 6], [4, 8]], coordinatedPhases: [2, 6] },
  { rings: [[2, 4]], barriers: [[2], [4]], coordinatedPhases: [2] },
  { rings: [[2, 4, 3]], barriers: [[2], [3]], coordinatedPhases: [2] },
];

/** What is drawn for one phase: its minimums and change intervals, and extra split beyond the minimum. */
interface TimingDraw {
  minGreenS: number;
  yellowS: number;
  allRedS: number;
  ped: { pedWalkS: number; pedClearS: number } | undefined;
  extraS: number;
}

const timingArb: fc.Arbitrary<TimingDraw> = fc.record({
  minGreenS: fc.integer({ min: 1, max: 20 }),
  yellowS: fc.constantFrom(3, 3.5, 4),
  allRedS: fc.constantFrom(0, 1, 1.5, 2, 3),
  ped: fc.option(fc.record({ pedWalkS: fc.integer({ min: 0, max: 10 }), pedClearS: fc.integer({ min: 0, max: 30 }) }), { nil: undefined }),
  extraS: fc.integer({ min: 0, max: 30 }),
});

const movementArb = fc.record({
  movement: fc.constantFrom<MovementDemand['movement']>('L', 'T', 'R', 'U'),
  flowVph: fc.integer({ min: 0, max: 1500 }),
  lanes: fc.integer({ min: 1, max: 3 }),
  satFlowVphpl: fc.integer({ min: 1400, max: 2000 }),
  platoonRatio: fc.option(fc.double({ min: 0.3, max: 2, noNaN: true }), { nil: undefined }),
});

/** A valid current plan: each ring gets its minimums plus random extra, then the barrier groups are equalised. */
function buildPlan(structure: (typeof STRUCTURES)[number], timings: TimingDraw[]): TimingPlan {
  const phaseNumbers = structure.rings.flat();
  const draft = new Map<number, PhaseTiming>();
  phaseNumbers.forEach((p, i) => {
    const t = timings[i % timings.length] as TimingDraw;
    const base = Math.ceil(t.minGreenS + t.yellowS + t.allRedS);
    draft.set(p, { phase: p, splitS: base + t.extraS, minGreenS: t.minGreenS, yellowS: t.yellowS, allRedS: t.allRedS, ...(t.ped ?? {}) });
  });
  const groups = barrierGroups(structure) as number[][][];
  let cycleS = 0;
  for (const group of groups) {
    const sums = group.map((ring) => ring.reduce((s, p) => s + (draft.get(p) as PhaseTiming).splitS, 0));
    const target = Math.max(...sums);
    group.forEach((ring, r) => {
      const last = draft.get(ring[ring.length - 1] as number) as PhaseTiming;
      last.splitS += target - (sums[r] as number);
    });
    cycleS += target;
  }
  return { id: 'prop', cycleS, offsetS: 0, ...structure, phases: phaseNumbers.map((p) => draft.get(p) as PhaseTiming) };
}

const caseArb = fc
  .record({
    structure: fc.constantFrom(...STRUCTURES),
    timings: fc.array(timingArb, { minLength: 8, maxLength: 8 }),
    movements: fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), movementArb), { maxLength: 12 }),
  })
  .map(({ structure, timings, movements }) => {
    const plan = buildPlan(structure, timings);
    const phases = structure.rings.flat();
    const seen = new Set<string>();
    const demands: MovementDemand[] = [];
    movements.forEach(([k, m], i) => {
      const approachId = `A${i % 4}`;
      if (seen.has(`${approachId}/${m.movement}`)) return;
      seen.add(`${approachId}/${m.movement}`);
      const { platoonRatio, ...rest } = m;
      demands.push({ approachId, phase: phases[k % phases.length] as number, ...rest, ...(platoonRatio === undefined ? {} : { platoonRatio }) });
    });
    return { plan, demands };
  });

function assertRespectsMinimums(plan: TimingPlan): void {
  expect(checkPlan(plan)).toEqual([]);
  for (const ring of plan.rings) expect(ring.reduce((s, p) => s + (plan.phases.find((t) => t.phase === p)?.splitS ?? 0), 0)).toBe(plan.cycleS);
  for (const t of plan.phases) {
    expect(Number.isInteger(t.splitS)).toBe(true);
    const minimum = phaseMinimum(t);
    expect(t.splitS).toBeGreaterThanOrEqual(minimum.splitS);
    expect(t.splitS - t.yellowS - t.allRedS).toBeGreaterThanOrEqual(minimum.greenS - 1e-9);
  }
}

describe('optimiser properties', () => {
  const approaches = crossroads(50, 2);

  it('always proposes a valid plan that respects every minimum', () => {
    fc.assert(
      fc.property(caseArb, ({ plan, demands }) => {
        expect(checkPlan(plan)).toEqual([]);
        const s = optimiseIntersection({ id: 'X', approaches, plan }, demands);
        assertRespectsMinimums(s.proposedPlan);
        expect(Number.isInteger(s.proposedPlan.cycleS)).toBe(true);
        expect(s.proposedPlan.offsetS).toBeLessThan(s.proposedPlan.cycleS);
      }),
      { numRuns: 300 },
    );
  });

  it('proposes only for a gain of at least 5 % (or to restore a minimum)', () => {
    fc.assert(
      fc.property(caseArb, ({ plan, demands }) => {
        const s = optimiseIntersection({ id: 'X', approaches, plan }, demands);
        const restoring = s.flags.some((f) => f.code === 'current-below-minimum');
        if (!restoring && s.decision.improvementPct < 5) expect(s.decision.propose).toBe(false);
        if (s.decision.propose && !restoring) {
          expect(s.decision.reason).toBe('delay-improves');
          expect(s.delay.proposed.delayS).toBeLessThanOrEqual(0.95 * s.delay.current.delayS + 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never proposes its own proposal again (no oscillation)', () => {
    fc.assert(
      fc.property(caseArb, ({ plan, demands }) => {
        const first = optimiseIntersection({ id: 'X', approaches, plan }, demands);
        const second = optimiseIntersection({ id: 'X', approaches, plan: first.proposedPlan }, demands);
        expect(second.decision.propose).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('coordinates random corridors into valid plans with offsets inside their cycles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(caseArb, fc.integer({ min: 150, max: 900 })), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 25, max: 60 }),
        (stops, speedKmh) => {
          let distanceM = 0;
          const members = stops.map(([{ plan, demands }, gapM], i) => {
            if (i > 0) distanceM += gapM;
            const inRings = plan.rings.flat();
            return {
              intersection: { id: `I${i}`, approaches, plan },
              demands,
              distanceM,
              outboundPhase: plan.coordinatedPhases[0] as number,
              inboundPhase: inRings[inRings.length - 1] as number,
            };
          });
          const timing = optimiseCorridor({ id: 'c', progressionSpeedKmh: speedKmh }, members);
          for (const i of timing.intersections) {
            assertRespectsMinimums(i.proposedPlan);
            expect(i.proposedPlan.offsetS).toBeGreaterThanOrEqual(0);
            expect(i.proposedPlan.offsetS).toBeLessThan(i.proposedPlan.cycleS);
            expect([timing.cycleS, timing.cycleS / 2]).toContain(i.cycleS);
          }
          expect(timing.bandwidth.outbound.widthS).toBeGreaterThanOrEqual(0);
          expect(timing.bandwidth.outbound.widthS).toBeLessThanOrEqual(timing.cycleS);
        },
      ),
      { numRuns: 25 },
    );
  });
});
