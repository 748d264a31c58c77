import { describe, expect, it } from 'vitest';
import type { TimingPlan } from '../../../../geo/network/network.schema.js';
import { checkPlan } from '../../../../geo/network/plan-rules.js';
import { optimiseCorridor, type CorridorMember } from '../../../../services/engine/timing/corridor/optimise-corridor.js';
import { TimingInputError } from '../../../../services/engine/timing/demand.js';
import { crossroads, demand, phase } from './timing-fixtures.js';

/** Two-phase dual ring: phases 2/6 (main street, coordinated) then 4/8; min green 7 → min split 12. */
function mainStreetPlan(id: string): TimingPlan {
  return {
    id,
    cycleS: 80,
    offsetS: 0,
    coordinatedPhases: [2, 6],
    rings: [
      [2, 4],
      [6, 8],
    ],
    barriers: [
      [2, 6],
      [4, 8],
    ],
    phases: [2, 4, 6, 8].map((p) => phase(p, 40, { minGreenS: 7 })),
  };
}

/** Main street through y on 2/6, side street y on 4/8 (2 lanes, 1,800 veh/h/lane). */
function member(id: string, distanceM: number, yMain: number, ySide: number): CorridorMember {
  const flow = (y: number) => y * 3600;
  return {
    intersection: { id, approaches: crossroads(40, 2, 2, 4), plan: mainStreetPlan(id) },
    demands: [demand('W', 'T', 2, flow(yMain), 2), demand('E', 'T', 6, flow(yMain), 2), demand('N', 'T', 4, flow(ySide), 2), demand('S', 'T', 8, flow(ySide), 2)],
    distanceM,
    outboundPhase: 2,
    inboundPhase: 6,
  };
}

/**
 * A at 0 m, B at 400 m, C at 900 m; 40 km/h → B 36 s, C 81 s after A. Lost time 5 s per phase, L = 10 s.
 *   A: Y = 0.45 + 0.25 = 0.70 → C0 = (15 + 5) / 0.3 = 66.7 → 70 s   (the largest need: the common cycle)
 *   B: Y = 0.20 + 0.10 = 0.30 → C0 = 20 / 0.7 = 28.6 → 30 s         (≤ 35 = 70 / 2: may double-cycle)
 *   C: Y = 0.35 + 0.20 = 0.55 → C0 = 20 / 0.45 = 44.4 → 45 s        (> 35: runs 70 s)
 * (cycleMin lowered to 30 s so the small intersection's need shows.)
 */
const members = [member('A', 0, 0.45, 0.25), member('B', 400, 0.2, 0.1), member('C', 900, 0.35, 0.2)];
const options = { cycle: { cycleMinS: 30 } };

describe('corridor coordination (three intersections, hand-computed)', () => {
  it('takes the largest need as the common cycle and double-cycles the small intersection', () => {
    const timing = optimiseCorridor({ id: 'c', progressionSpeedKmh: 40 }, members, { ...options, twoWay: false });
    expect(timing.cycleS).toBe(70);
    expect(timing.criticalIntersectionId).toBe('A');
    expect(timing.intersections.map((i) => [i.intersectionId, i.needS, i.cycleS, i.doubleCycled])).toEqual([
      ['A', 70, 70, false],
      ['B', 30, 35, true],
      ['C', 45, 70, false],
    ]);
    const b = timing.intersections[1]!;
    expect(b.delay.atHalfS).not.toBeNull();
    expect(b.delay.atHalfS!).toBeLessThan(b.delay.atCommonS);
    expect(timing.intersections[2]?.delay.atHalfS).toBeNull();
  });

  it('re-splits each plan for its cycle', () => {
    // A at 70 s: green 60 s → g2 = 0.45/0.70 · 60 = 38.57 (split 43.57), g4 = 21.43 (26.43) → 44 / 26
    // B at 35 s: green 25 s → g2 = 0.2/0.3 · 25 = 16.67 (21.67), g4 = 8.33 (13.33) → 22 / 13
    // C at 70 s: green 60 s → g2 = 0.35/0.55 · 60 = 38.18 (43.18), g4 = 21.82 (26.82) → 43 / 27
    const timing = optimiseCorridor({ id: 'c', progressionSpeedKmh: 40 }, members, { ...options, twoWay: false });
    expect(timing.intersections.map((i) => i.proposedPlan.phases.map((p) => p.splitS))).toEqual([
      [44, 26, 44, 26],
      [22, 13, 22, 13],
      [43, 27, 43, 27],
    ]);
    for (const i of timing.intersections) expect(checkPlan(i.proposedPlan)).toEqual([]);
  });

  it('sets offsets to the travel time modulo each cycle and reports the band', () => {
    // offset_i = travel time from A mod cycle: A 0; B 36 mod 35 = 1; C 81 mod 70 = 11.
    // Band (departures from A): A green 0–39; B (17 s greens every 35 s) 0–17 and 35–52; C green 0–38.
    // → 0–17 ∪ 35–38: the band is 17 s, efficiency 17/70 = 0.243.
    const timing = optimiseCorridor({ id: 'c', progressionSpeedKmh: 40 }, members, { ...options, twoWay: false });
    expect(timing.offsets.chosenS).toEqual([0, 1, 11]);
    expect(timing.intersections.map((i) => i.proposedPlan.offsetS)).toEqual([0, 1, 11]);
    expect(timing.bandwidth.outbound.widthS).toBeCloseTo(17, 9);
    expect(timing.bandwidth.outbound.efficiency).toBeCloseTo(17 / 70, 9);
    expect(timing.diagram.intersections.map((i) => i.cycleS)).toEqual([70, 35, 70]);
    expect(timing.diagram.bands[0]?.widthS).toBeCloseTo(17, 9);
  });

  it('searches a two-way band that is never worse than the one-way offsets', () => {
    const timing = optimiseCorridor({ id: 'c', progressionSpeedKmh: 40 }, members, options);
    const objective = (b: { outbound: { widthS: number }; inbound: { widthS: number } | null }) => 2 * b.outbound.widthS + (b.inbound?.widthS ?? 0);
    expect(objective(timing.bandwidth)).toBeGreaterThanOrEqual(objective(timing.bandwidth.oneWay) - 1e-9);
    expect(timing.bandwidth.inbound).not.toBeNull();
    timing.intersections.forEach((i) => {
      expect(checkPlan(i.proposedPlan)).toEqual([]);
      expect(Number.isInteger(i.proposedPlan.offsetS)).toBe(true);
    });
  });

  it('refuses a corridor it cannot coordinate, with every fault', () => {
    const reversed = [members[1]!, { ...members[0]!, distanceM: 0 }];
    const bad = [{ ...members[0]!, outboundPhase: 3 }, { ...reversed[0]!, distanceM: -1 }];
    try {
      optimiseCorridor({ id: 'c', progressionSpeedKmh: 0 }, bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TimingInputError);
      expect((error as TimingInputError).faults.map((f) => f.path)).toEqual(['corridor.progressionSpeedKmh', 'members[0].outboundPhase', 'members[1].distanceM']);
    }
    expect(() => optimiseCorridor({ id: 'c', progressionSpeedKmh: 40 }, [members[0]!])).toThrow(TimingInputError);
  });
});
