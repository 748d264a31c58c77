import { describe, expect, it } from 'vitest';
import { inboundBand, outboundBand, type BandNode } from '../../../../services/engine/timing/corridor/bandwidth.js';
import { intersectArcs, longestArc, repeatedArc } from '../../../../services/engine/timing/corridor/circular-arcs.js';
import { oneWayOffsets, searchOffsets } from '../../../../services/engine/timing/corridor/green-band.js';
import { greenWindow } from '../../../../services/engine/timing/corridor/phase-timeline.js';
import { timeSpaceDiagram } from '../../../../services/engine/timing/corridor/time-space.js';
import { eightPhasePlan } from './timing-fixtures.js';

/**
 * Three intersections A, B, C at 0, 400 and 900 m; progression 40 km/h = 11.111 m/s, so the band
 * reaches B after 36 s and C after 81 s. Common cycle 100 s. Greens relative to each offset reference:
 *   A: outbound (phase 2) 0–50 s, inbound (phase 6) 0–50 s
 *   B: outbound (phase 6, lagging) 20–60 s, inbound (phase 2) 0–60 s — the narrowest main green, 40 s
 *   C: outbound (phase 2) 0–45 s, inbound (phase 6) 0–45 s
 * A keeps its offset of 10 s.
 */
const nodes: BandNode[] = [
  { intersectionId: 'A', distanceM: 0, cycleS: 100, offsetS: 10, outbound: { phase: 2, startS: 0, greenS: 50 }, inbound: { phase: 6, startS: 0, greenS: 50 } },
  { intersectionId: 'B', distanceM: 400, cycleS: 100, offsetS: 0, outbound: { phase: 6, startS: 20, greenS: 40 }, inbound: { phase: 2, startS: 0, greenS: 60 } },
  { intersectionId: 'C', distanceM: 900, cycleS: 100, offsetS: 0, outbound: { phase: 2, startS: 0, greenS: 45 }, inbound: { phase: 6, startS: 0, greenS: 45 } },
];

describe('one-way green band (three intersections, hand-computed)', () => {
  it('starts each main green as the band arrives', () => {
    // o_i = o_A + a_A − a_i + t_i (mod 100): B = 10 + 0 − 20 + 36 = 26; C = 10 + 0 − 0 + 81 = 91.
    // Check B: its main green starts at 26 + 20 = 46 = 10 + 36 ✓.
    expect(oneWayOffsets(nodes, 40)).toEqual([10, 26, 91]);
  });

  it('gives a band as wide as the narrowest main green, and what is left inbound', () => {
    const placed = nodes.map((n, i) => ({ ...n, offsetS: [10, 26, 91][i] as number }));
    // Outbound, as departure times from A: A 10–60, B 26+20−36 = 10–50, C 91−81 = 10–55 → band 10–50: 40 s.
    expect(outboundBand(placed, 100, 40)).toEqual({ widthS: 40, startS: 10, efficiency: 0.4 });
    // Inbound, as departure times from C (B reached after 45 s, A after 81 s):
    //   C: 91–136 → 91–100 ∪ 0–36; B: 26 − 45 = −19 → 81–100 ∪ 0–41; A: 10 − 81 = −71 → 29–79.
    //   C ∩ B = 91–100 ∪ 0–36; ∩ A = 29–36 → 7 s.
    const inbound = inboundBand(placed, 100, 40);
    expect(inbound?.widthS).toBeCloseTo(7, 9);
    expect(inbound?.startS).toBeCloseTo(29, 9);
  });

  it('keeps the one-way offsets when only the main direction counts', () => {
    const solution = searchOffsets(nodes, 100, 40, { twoWay: false });
    expect(solution).toMatchObject({ method: 'one-way', offsetsS: [10, 26, 91] });
  });
});

describe('two-way green band (hand-computed)', () => {
  it('uses the slack of the wider greens to open an inbound band without narrowing the main one', () => {
    // Keeping the 40 s main band means B's green must hold the band exactly: with the band leaving A at τ
    // (10 ≤ τ ≤ 20 so it fits A's 10–60), o_B = τ + 16 and o_C ∈ [τ + 76, τ + 81].
    // Inbound then is A (29–79) ∩ B (τ − 29 … τ + 31) ∩ C (o_C … o_C + 45, wrapping): its end is
    // min(τ + 31, o_C − 55) ≤ τ + 26, so the band is 29 … τ + 26: at most 17 s, at τ = 20, o_B = 36, o_C = 101 ≡ 1.
    // Trading main band for inbound does not pay at weight 2 : 1 (each second given up buys one inbound second),
    // so the best is outbound 40 s + inbound 17 s, objective 2·40 + 17 = 97 (one-way: 2·40 + 7 = 87).
    const solution = searchOffsets(nodes, 100, 40);
    expect(solution.method).toBe('two-way-exhaustive');
    expect(solution.offsetsS).toEqual([10, 36, 1]);
    expect(solution.outbound.widthS).toBeCloseTo(40, 9);
    expect(solution.inbound?.widthS).toBeCloseTo(17, 9);
    expect(solution.objective).toBeCloseTo(97, 9);
  });

  it('finds the same optimum by coordinate search when the grid is too big to enumerate', () => {
    const solution = searchOffsets(nodes, 100, 40, { exhaustiveLimit: 1 });
    expect(solution.method).toBe('two-way-coordinate');
    expect(solution.objective).toBeCloseTo(97, 9);
    expect(solution.outbound.widthS).toBeCloseTo(40, 9);
  });

  it('gives a perfect two-way band when the travel time is half the cycle', () => {
    // Two intersections 50 s apart at C = 100, 50 s greens both ways: offsets 0 and 50 serve both directions fully.
    const pair: BandNode[] = [
      { intersectionId: 'A', distanceM: 0, cycleS: 100, offsetS: 0, outbound: { phase: 2, startS: 0, greenS: 50 }, inbound: { phase: 6, startS: 0, greenS: 50 } },
      { intersectionId: 'B', distanceM: 500, cycleS: 100, offsetS: 0, outbound: { phase: 2, startS: 0, greenS: 50 }, inbound: { phase: 6, startS: 0, greenS: 50 } },
    ];
    const solution = searchOffsets(pair, 100, 36);
    expect(solution.offsetsS).toEqual([0, 50]);
    expect([solution.outbound.widthS, solution.inbound?.widthS]).toEqual([50, 50]);
  });
});

describe('phase timeline and arcs', () => {
  it('places a phase’s green relative to the coordinated phase’s green start', () => {
    // Ring 1: 1 (20) → 2 (50) → 3 (20) → 4 (50): phase 2 starts 20 s into the sequence, phase 4 at 90 s.
    // Relative to phase 2: phase 4 starts 70 s later with 45 s of green; phase 1 starts 120 s later (= −20 mod 140).
    const plan = eightPhasePlan({ 1: 20, 2: 50, 3: 20, 4: 50, 5: 20, 6: 50, 7: 20, 8: 50 });
    expect(greenWindow(plan, 4)).toEqual({ phase: 4, startS: 70, greenS: 45 });
    expect(greenWindow(plan, 1)).toEqual({ phase: 1, startS: 120, greenS: 15 });
    expect(greenWindow(plan, 6)).toEqual({ phase: 6, startS: 0, greenS: 45 });
  });

  it('repeats, intersects and measures arcs around the cycle', () => {
    expect(repeatedArc(130, 20, 140, 140)).toEqual([
      [0, 10],
      [130, 140],
    ]);
    expect(repeatedArc(10, 20, 50, 100)).toEqual([
      [10, 30],
      [60, 80],
    ]);
    expect(intersectArcs([[0, 40]], [[20, 60]])).toEqual([[20, 40]]);
    expect(longestArc([[0, 10], [50, 60], [130, 140]], 140)).toEqual({ startS: 130, lengthS: 20 });
    expect(longestArc([], 140)).toBeNull();
  });

  it('lets a double-cycled intersection pass the band in either of its two greens', () => {
    // B runs 50 s cycles inside the common 100 s: greens at 0–20 and 50–70 (offset 0). Travel 36 s.
    // Departures from A (green 0–40) that meet B green: 14–34 and 64–84 → ∩ A = 14–34 → 20 s.
    const pair: BandNode[] = [
      { intersectionId: 'A', distanceM: 0, cycleS: 100, offsetS: 0, outbound: { phase: 2, startS: 0, greenS: 40 } },
      { intersectionId: 'B', distanceM: 400, cycleS: 50, offsetS: 0, outbound: { phase: 2, startS: 0, greenS: 20 } },
    ];
    expect(outboundBand(pair, 100, 40)).toEqual({ widthS: 20, startS: 14, efficiency: 0.2 });
    expect(inboundBand(pair, 100, 40)).toBeNull();
  });
});

describe('time–space diagram', () => {
  it('lists green windows and band crossings per cycle', () => {
    const placed = nodes.map((n, i) => ({ ...n, offsetS: [10, 26, 91][i] as number }));
    const diagram = timeSpaceDiagram(placed, 100, 40, { outbound: outboundBand(placed, 100, 40), inbound: null }, 2);
    expect(diagram.horizonS).toBe(200);
    // B's main green starts at 26 + 20 = 46 s, every 100 s, 40 s long.
    expect(diagram.intersections[1]?.outbound.greens).toEqual([
      [46, 86],
      [146, 186],
    ]);
    // C's main green from 91 s; the one that began at −9 s is clipped at 0.
    expect(diagram.intersections[2]?.outbound.greens).toEqual([
      [0, 36],
      [91, 136],
      [191, 200],
    ]);
    expect(diagram.bands).toHaveLength(1);
    // The band leaves A at 10–50 s and reaches C 81 s later: 91–131 s.
    const c = diagram.bands[0]?.cycles[0]?.[2];
    expect(c?.intersectionId).toBe('C');
    expect(c?.startS).toBeCloseTo(91, 9);
    expect(c?.endS).toBeCloseTo(131, 9);
  });
});
