/**
 * Fixed-time cycle layout and the offset grid, worked by hand on the fixture's plan A-P1:
 * C = 100 s, rings [1,2,3,4] and [5,6,7,8], splits 15/45/15/25 in both, yellow 3 s, all-red 2 s,
 * barriers after 2/6 and 4/8, coordinated phases 2 and 6, offset 0.
 */
import { describe, expect, it } from 'vitest';
import type { TimingPlan } from '../../../geo/network/network.schema.js';
import { cycleTemplate, firstCycleStart, layoutCycle, nextGridPoint, transitionDwellMs } from '../../../simulations/sim/cycle-layout.js';
import { twoIntersectionNetwork } from '../../helpers/networks.js';

const plan = twoIntersectionNetwork().intersections[0]!.plan;
const midnight = Date.parse('2026-11-27T00:00:00+08:00');

describe('cycle layout', () => {
  it('lays phases in ring order, all rings starting together at the first barrier', () => {
    const template = cycleTemplate(plan);
    // Phase 2 follows phase 1's 15 s split: the coordinated green starts 15 s into the cycle.
    expect(template.coordinatedGreenMs).toBe(15_000);
    const byPhase = new Map(layoutCycle(template, 0, 0).map((i) => [i.phase, i]));
    // Phase 1: green 15 − 3 − 2 = 10 s.
    expect(byPhase.get(1)).toEqual({ phase: 1, greenStart: 0, yellowStart: 10_000, redStart: 13_000, redEnd: 15_000 });
    // Phase 2: green 45 − 5 = 40 s from 15 s.
    expect(byPhase.get(2)).toEqual({ phase: 2, greenStart: 15_000, yellowStart: 55_000, redStart: 58_000, redEnd: 60_000 });
    // Second barrier group from 60 s: phase 3 (10 s green), phase 4 (20 s green), cycle ends at 100 s.
    expect(byPhase.get(3)?.greenStart).toBe(60_000);
    expect(byPhase.get(4)).toEqual({ phase: 4, greenStart: 75_000, yellowStart: 95_000, redStart: 98_000, redEnd: 100_000 });
    expect(byPhase.get(8)?.greenStart).toBe(75_000);
  });

  it('gives a dwell to the coordinated phases and shifts what follows', () => {
    const byPhase = new Map(layoutCycle(cycleTemplate(plan), 0, 7_000).map((i) => [i.phase, i]));
    expect(byPhase.get(2)?.yellowStart).toBe(62_000);
    expect(byPhase.get(6)?.yellowStart).toBe(62_000);
    expect(byPhase.get(1)?.yellowStart).toBe(10_000);
    expect(byPhase.get(4)?.redEnd).toBe(107_000);
  });

  it('gives a shorter ring’s slack to its coordinated phase', () => {
    // Ring 2's first group sums to 58 s against ring 1's 60 s: phase 6 (coordinated) takes the 2 s.
    const uneven: TimingPlan = {
      ...plan,
      phases: plan.phases.map((p) => (p.phase === 5 ? { ...p, splitS: 13 } : p.phase === 7 ? { ...p, splitS: 17 } : p)),
    };
    const byPhase = new Map(layoutCycle(cycleTemplate(uneven), 0, 0).map((i) => [i.phase, i]));
    expect(byPhase.get(6)).toEqual({ phase: 6, greenStart: 13_000, yellowStart: 55_000, redStart: 58_000, redEnd: 60_000 });
  });
});

describe('offset grid', () => {
  it('puts the coordinated green at local midnight + offset + k·C', () => {
    const template = cycleTemplate({ ...plan, offsetS: 37 });
    // 07:30:00 is 27,000 s after midnight; grid points at 37 + 100k: 27,037 s is the first at or after.
    const at = midnight + 27_000_000;
    expect(nextGridPoint(template, at, 'Asia/Shanghai')).toBe(midnight + 27_037_000);
    // The cycle in progress at 07:30:00 has its coordinated green at 26,937 s, so it started 15 s earlier.
    expect(firstCycleStart(template, at, 'Asia/Shanghai')).toBe(midnight + 26_922_000);
  });

  it('dwells across local midnight so the next day starts on its own grid', () => {
    // C = 140 s does not divide 86,400 s (remainder 20 s). The last cycle of the day has its
    // coordinated green at 86,380 s (617 · 140); the next would be at 86,520 s = 00:02:00, but
    // the new day's grid has points at 0 and 140 s: the next at or after 00:02:00 is 00:02:20,
    // so the cycle before midnight dwells 20 s.
    const template = cycleTemplate({ ...plan, cycleS: 140, phases: plan.phases.map((p) => ({ ...p, splitS: p.splitS + ([2, 4, 6, 8].includes(p.phase) ? 20 : 0) })) });
    const lastCoordinatedGreen = midnight + 86_380_000;
    const start = lastCoordinatedGreen - template.coordinatedGreenMs;
    expect(transitionDwellMs(template, template, start, 'Asia/Shanghai')).toBe(20_000);
    expect(transitionDwellMs(template, template, start - 140_000, 'Asia/Shanghai')).toBe(0);
  });

  it('dwells into a new plan’s grid', () => {
    const current = cycleTemplate(plan);
    const next = cycleTemplate({ ...plan, offsetS: 50 });
    // Current coordinated green at 07:30:00 (27,000 s); the next cycle would bring it to 27,100 s;
    // the new grid (offset 50) has 27,050 and 27,150 s: dwell 50 s.
    const start = midnight + 27_000_000 - 15_000;
    expect(transitionDwellMs(current, next, start, 'Asia/Shanghai')).toBe(50_000);
  });
});
