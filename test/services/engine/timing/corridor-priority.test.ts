/**
 * Shared intersections under corridor priority: a held member keeps its plan and sets the
 * common cycle, the band's offsets are shifted onto its offset, and a corridor that needs a
 * longer cycle than the held one is coordinated without it.
 */
import { describe, expect, it } from 'vitest';
import type { TimingPlan } from '../../../../geo/network/network.schema.js';
import { checkPlan } from '../../../../geo/network/plan-rules.js';
import { corridorOwners, prioritisedCorridor, prioritisedCorridors } from '../../../../services/engine/timing/corridor/corridor-priority.js';
import { currentBand, suggestCorridorTiming } from '../../../../services/engine/timing/corridor/corridor-suggestion.js';
import { optimiseCorridor, type CorridorMember } from '../../../../services/engine/timing/corridor/optimise-corridor.js';
import { TimingInputError } from '../../../../services/engine/timing/demand.js';
import { crossroads, demand, phase } from './timing-fixtures.js';

/** Two-phase dual ring: 2/6 (main street, coordinated) then 4/8; splits 40 s each → greens 35 s; C = 80 s. */
function mainStreetPlan(id: string, cycleS = 80, offsetS = 0): TimingPlan {
  const half = cycleS / 2;
  return {
    id,
    cycleS,
    offsetS,
    coordinatedPhases: [2, 6],
    rings: [
      [2, 4],
      [6, 8],
    ],
    barriers: [
      [2, 6],
      [4, 8],
    ],
    phases: [2, 4, 6, 8].map((p) => phase(p, half, { minGreenS: 7 })),
  };
}

function member(id: string, distanceM: number, yMain: number, ySide: number, plan = mainStreetPlan(id)): CorridorMember {
  const flow = (y: number) => y * 3600;
  return {
    intersection: { id, approaches: crossroads(40, 2, 2, 4), plan },
    demands: [demand('W', 'T', 2, flow(yMain), 2), demand('E', 'T', 6, flow(yMain), 2), demand('N', 'T', 4, flow(ySide), 2), demand('S', 'T', 8, flow(ySide), 2)],
    distanceM,
    outboundPhase: 2,
    inboundPhase: 6,
  };
}

/**
 * The three-intersection corridor of corridor.test.ts: A at 0 m (needs 70 s), B at 400 m (30 s),
 * C at 900 m (45 s); 40 km/h → B is 36 s and C 81 s after A. Lost time 5 s per phase.
 */
const corridor = { id: 'main', progressionSpeedKmh: 40 };
const members = [member('A', 0, 0.45, 0.25), member('B', 400, 0.2, 0.1), member('C', 900, 0.35, 0.2)];
const options = { cycle: { cycleMinS: 30 }, twoWay: false, allowDoubleCycling: false };

describe('a held member in the corridor optimiser', () => {
  it('keeps its plan, takes its cycle as the common one and shifts the band onto its offset', () => {
    // B is held at C = 80 s, offset 5 (green 35 s). A and C need 70 and 45 s ≤ 80: they run 80 s.
    // One-way offsets from A (kept at 0): A 0, B 36, C 81 mod 80 = 1; shifted by 5 − 36 = −31 so that B
    // keeps 5: A = −31 mod 80 = 49, B = 5, C = 1 − 31 = −30 mod 80 = 50.
    // Band at A: A green [49, 94); B [5, 40) − 36 s → [49, 84); C [50, 50 + g) − 81 s → [49, …): 35 s (B's green).
    const held = { ...members[1]!, plan: mainStreetPlan('B-v3', 80, 5), held: true };
    const timing = optimiseCorridor(corridor, [members[0]!, held, members[2]!], options);
    expect(timing.cycleS).toBe(80);
    expect(timing.cycleHeld).toBe(true);
    expect(timing.criticalIntersectionId).toBe('B');
    expect(timing.intersections.map((i) => i.proposedPlan.offsetS)).toEqual([49, 5, 50]);
    expect(timing.intersections[1]!.proposedPlan).toEqual(held.plan);
    expect(timing.intersections.map((i) => i.held)).toEqual([false, true, false]);
    expect(timing.bandwidth.outbound.widthS).toBeCloseTo(35, 9);
    expect(timing.bandwidth.outbound.startS).toBeCloseTo(49, 9);
    for (const i of timing.intersections) expect(checkPlan(i.proposedPlan)).toEqual([]);
  });

  it('refuses two held members, and a held cycle below a member’s minimums', () => {
    const held = (m: CorridorMember) => ({ ...m, held: true });
    expect(() => optimiseCorridor(corridor, [held(members[0]!), held(members[1]!)], options)).toThrow(TimingInputError);
    // A with 20 s minimum greens: two phases × (20 + 5) per ring → 50 s; a held 30 s cycle cannot fit them.
    const slowA = member('A', 0, 0.45, 0.25, { ...mainStreetPlan('A', 100), phases: [2, 4, 6, 8].map((p) => phase(p, 50, { minGreenS: 20 })) });
    const short = { ...members[1]!, plan: mainStreetPlan('B', 30), held: true };
    expect(() => optimiseCorridor(corridor, [slowA, short], options)).toThrow(/needs at least 50 s/);
  });
});

describe('corridor priority', () => {
  const owner = { ownerCorridorId: 'first' };

  it('couples a shared intersection whose held cycle covers what the corridor needs', () => {
    const result = prioritisedCorridor(corridor, members, new Map([['B', { plan: mainStreetPlan('B', 80, 5), ...owner }]]), options);
    expect(result.shared).toEqual([{ intersectionId: 'B', ownerCorridorId: 'first', coupled: true, reason: 'held-cycle-fits', heldCycleS: 80, corridorNeedS: 70 }]);
    expect(result.timing?.cycleS).toBe(80);
    expect(result.timing?.intersections.map((i) => i.intersectionId)).toEqual(['A', 'B', 'C']);
  });

  it('coordinates the corridor without a shared intersection whose cycle is too short', () => {
    // A needs 70 s > the held 60 s: B is left out; A and C run their own common cycle, 70 s.
    const result = prioritisedCorridor(corridor, members, new Map([['B', { plan: mainStreetPlan('B', 60, 5), ...owner }]]), options);
    expect(result.shared).toEqual([{ intersectionId: 'B', ownerCorridorId: 'first', coupled: false, reason: 'held-cycle-too-short', heldCycleS: 60, corridorNeedS: 70 }]);
    expect(result.timing?.cycleS).toBe(70);
    expect(result.timing?.cycleHeld).toBe(false);
    expect(result.timing?.intersections.map((i) => i.intersectionId)).toEqual(['A', 'C']);
  });

  it('couples only the first of two shared intersections, and gives up with fewer than two left', () => {
    const held = new Map([
      ['B', { plan: mainStreetPlan('B', 80, 5), ...owner }],
      ['C', { plan: mainStreetPlan('C', 80, 9), ...owner }],
    ]);
    const result = prioritisedCorridor(corridor, members, held, options);
    expect(result.shared.map((s) => [s.intersectionId, s.coupled, s.reason])).toEqual([
      ['B', true, 'held-cycle-fits'],
      ['C', false, 'second-held-intersection'],
    ]);
    expect(result.timing?.intersections.map((i) => i.intersectionId)).toEqual(['A', 'B']);
    const alone = prioritisedCorridor(corridor, members.slice(0, 2), new Map([['B', { plan: mainStreetPlan('B', 60), ...owner }]]), options);
    expect(alone.timing).toBeNull();
  });

  it('runs corridors in order: the second holds what the first proposed at the shared intersection', () => {
    // "cross" meets "main" at B; B belongs to "main" (listed first). D and E are side-street junctions of "cross".
    const cross = { id: 'cross', progressionSpeedKmh: 40, intersections: ['B', 'D', 'E'] };
    const main = { ...corridor, intersections: ['A', 'B', 'C'] };
    expect([...corridorOwners([main, cross])]).toEqual([
      ['A', 'main'],
      ['B', 'main'],
      ['C', 'main'],
      ['D', 'cross'],
      ['E', 'cross'],
    ]);
    const crossMembers = [
      { ...member('B', 0, 0.2, 0.1), outboundPhase: 4, inboundPhase: 8 },
      member('D', 350, 0.2, 0.15),
      member('E', 700, 0.25, 0.1),
    ];
    const { corridors, plans } = prioritisedCorridors([main, cross], (c) => (c.id === 'main' ? members : crossMembers), options);
    const mainB = plans.get('B');
    expect(mainB?.corridorId).toBe('main');
    // D and E: Y = 0.20 + 0.15 = 0.25 + 0.10 = 0.35 → C0 = (1.5 · 10 + 5) / 0.65 = 30.8 → 35 s ≤ main's 70 s at B.
    expect(corridors[1]?.shared).toEqual([{ intersectionId: 'B', ownerCorridorId: 'main', coupled: true, reason: 'held-cycle-fits', heldCycleS: 70, corridorNeedS: 35 }]);
    const crossTiming = corridors[1]?.timing;
    expect(crossTiming?.cycleS).toBe(mainB?.plan.cycleS);
    expect(crossTiming?.intersections.find((i) => i.intersectionId === 'B')?.proposedPlan).toEqual(mainB?.plan);
    expect([...plans.keys()].sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(plans.get('D')?.corridorId).toBe('cross');
  });
});

describe('corridor suggestion', () => {
  it('measures the band of the current plans (hand-computed)', () => {
    // Offsets 0, 36, 1 (= 81 mod 80) at 40 km/h align every 35 s green: band 35 s. Offsets 0, 0, 0:
    // B's green [0, 35) seen from A is [−36, −1) = [44, 79) mod 80, which misses A's [0, 35): no band.
    const at = (offsets: number[]) => members.map((m, i) => ({ ...m, plan: mainStreetPlan(m.intersection.id, 80, offsets[i]) }));
    expect(currentBand(at([0, 36, 1]), 40).outbound?.widthS).toBeCloseTo(35, 9);
    expect(currentBand(at([0, 0, 0]), 40).outbound?.widthS).toBe(0);
    const mixed = members.map((m, i) => ({ ...m, plan: mainStreetPlan(m.intersection.id, i === 2 ? 90 : 80) }));
    expect(currentBand(mixed, 40)).toEqual({ cycleS: null, outbound: null, inbound: null });
  });

  it('proposes a wider band on its own when the expected delay does not change', () => {
    // Start from the optimiser's own plans with every offset at 0: the splits are already right, so
    // the delay gain is nil, but the band grows from the sliver the unaligned greens leave.
    const best = optimiseCorridor(corridor, members, options);
    const misaligned = members.map((m, i) => ({ ...m, plan: { ...best.intersections[i]!.proposedPlan, offsetS: 0 } }));
    const s = suggestCorridorTiming(corridor, misaligned, new Map(), options);
    expect(s.current.outbound!.widthS).toBeLessThan(best.bandwidth.outbound.widthS - 5);
    expect(s.delay.proposedS).toBeCloseTo(s.delay.currentS, 9);
    expect(s.decision).toMatchObject({ propose: true, reason: 'band-improves' });
    expect(s.decision.bandGainS).toBeCloseTo(best.bandwidth.outbound.widthS - s.current.outbound!.widthS, 9);
    expect(s.plans.map((p) => p.intersectionId)).toEqual(['A', 'B', 'C']);
    // The same plans with their offsets are the optimum: nothing left to propose.
    const aligned = members.map((m, i) => ({ ...m, plan: best.intersections[i]!.proposedPlan }));
    expect(suggestCorridorTiming(corridor, aligned, new Map(), options).decision).toMatchObject({ propose: false, reason: 'gain-below-threshold', bandGainS: 0 });
  });
});
