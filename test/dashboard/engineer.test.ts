import { describe, expect, it } from 'vitest';
import { aogShare, pcdOption, splitMonitorOption } from '../../dashboard/src/charts/cycle-options.js';
import { chartPalette } from '../../dashboard/src/charts/chart-theme.js';
import { mergeCycles } from '../../dashboard/src/live/cycle-buffer.js';
import { ringBarrierLayout } from '../../dashboard/src/views/engineer/ring-barrier-layout.js';
import type { CycleMeasures } from '../../services/contracts/live.js';

const palette = chartPalette('dark', 16);

const cycle = (cycleStart: number, patch: Partial<CycleMeasures> = {}): CycleMeasures => ({
  intersectionId: 'A',
  phase: 2,
  cycleStart,
  greenStart: cycleStart + 40_000,
  yellowStart: cycleStart + 90_000,
  redStart: cycleStart + 93_000,
  greenS: 50,
  yellowS: 3,
  redS: 40,
  termination: 'gap-out',
  volume: 10,
  arrivalsOnGreen: 6,
  arrivalsOnRed: 3,
  arrivalsOnYellow: 1,
  aogPct: 60,
  platoonRatio: 1.1,
  gor: 0.5,
  ror5: 0.2,
  splitFailure: false,
  arrivalOffsetsS: [5, 45, 60],
  sourceTs: cycleStart + 93_000,
  ...patch,
});

describe('engineer view computations', () => {
  it('lays out the standard eight-phase dual ring with barriers after 2/6 and 4/8', () => {
    // Splits: ring 1 = 1:20 2:50 | 3:20 4:50; ring 2 = 5:18 6:52 | 7:22 8:48 (TJ01's plan).
    // Group 1 lasts 70 s in both rings, group 2 70 s: barriers at 70 and 140 = the cycle.
    const layout = ringBarrierLayout({
      cycleS: 140,
      rings: [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ],
      barriers: [
        [2, 6],
        [4, 8],
      ],
      phases: [
        [1, 20],
        [2, 50],
        [3, 20],
        [4, 50],
        [5, 18],
        [6, 52],
        [7, 22],
        [8, 48],
      ].map(([phase, splitS]) => ({ phase: phase as number, splitS: splitS as number, minGreenS: 5, yellowS: 3, allRedS: 2 })),
    });
    expect(layout.barriersS).toEqual([70, 140]);
    expect(layout.rings[0]?.map((b) => [b.phase, b.startS])).toEqual([
      [1, 0],
      [2, 20],
      [3, 70],
      [4, 90],
    ]);
    expect(layout.rings[1]?.map((b) => [b.phase, b.startS])).toEqual([
      [5, 0],
      [6, 18],
      [7, 70],
      [8, 92],
    ]);
  });

  it('computes arrivals on green over a period from the cycles sums', () => {
    // 6 + 9 on green out of (6+3+1) + (9+1+0) = 20 arrivals → 75 %.
    expect(aogShare([cycle(0), cycle(100_000, { arrivalsOnGreen: 9, arrivalsOnRed: 1, arrivalsOnYellow: 0 })])).toBe(75);
    expect(aogShare([])).toBeNull();
  });

  it('draws the PCD: lines at the cycle start, arrivals at their time of day and time in cycle', () => {
    const option = pcdOption([cycle(100_000), cycle(0)], {
      locale: 'en',
      palette,
      labels: { greenStart: 'g', yellowStart: 'y', cycleEnd: 'r', arrivals: 'a', secondsInCycle: 's' },
    });
    const series = option.series as { name: string; data: [number, number][] }[];
    expect(series.find((s) => s.name === 'g')?.data).toEqual([
      [0, 40],
      [100_000, 40],
    ]);
    expect(series.find((s) => s.name === 'r')?.data[0]).toEqual([0, 93]);
    expect(series.find((s) => s.name === 'a')?.data.slice(0, 3)).toEqual([
      [5_000, 5],
      [45_000, 45],
      [60_000, 60],
    ]);
  });

  it('draws the split monitor by termination with the programmed green', () => {
    const option = splitMonitorOption([cycle(0), cycle(100_000, { termination: 'max-out', greenS: 61.04 })], {
      programmedGreenS: 45,
      locale: 'en',
      palette,
      labels: { greenS: 'g', programmedSplit: 'p', termination: { 'gap-out': 'gap', 'max-out': 'max', 'force-off': 'force', unknown: '?' } },
    });
    const series = option.series as { name: string; data: [number, number][]; markLine?: { data: { yAxis: number }[] } }[];
    expect(series.find((s) => s.name === 'max')?.data).toEqual([[140_000, 61]]);
    expect(series[0]?.markLine?.data[0]?.yAxis).toBe(45);
  });

  it('keeps one entry per phase and cycle, within the window', () => {
    const held = mergeCycles([], [cycle(0), cycle(100_000)], { windowMs: 150_000, maxCycles: 10 });
    const next = mergeCycles(held, [cycle(100_000, { volume: 99 }), cycle(200_000)], { windowMs: 150_000, maxCycles: 10 });
    expect(next.map((c) => [c.cycleStart, c.volume])).toEqual([
      [100_000, 99],
      [200_000, 10],
    ]);
    expect(mergeCycles(next, [cycle(300_000)], { windowMs: 1e9, maxCycles: 2 }).map((c) => c.cycleStart)).toEqual([200_000, 300_000]);
  });
});

describe('engineer time ranges', () => {
  it('picks the finest step within 400 points', async () => {
    const { stepFor, presetRange, customRange } = await import('../../dashboard/src/views/engineer/time-range.js');
    // 1 h / 60 s = 60 points; 6 h / 60 s = 360; 24 h / 60 s = 1440 > 400 → 300 s gives 288; a week → 3600 s (168).
    expect(stepFor(3600_000)).toBe(60);
    expect(stepFor(6 * 3600_000)).toBe(60);
    expect(stepFor(24 * 3600_000)).toBe(300);
    expect(stepFor(7 * 24 * 3600_000)).toBe(3600);
    const now = Date.UTC(2026, 10, 27, 1, 30, 20);
    expect(presetRange('last1h', now)).toEqual({ from: Date.UTC(2026, 10, 27, 0, 31), to: Date.UTC(2026, 10, 27, 1, 31), stepS: 60 });
    expect(customRange(now, now - 1)).toBeNull();
    expect(customRange(null, now)).toBeNull();
  });
});

describe('engineer measure lines', () => {
  it('draws one line per approach with gaps where a bucket has no value', async () => {
    const { measureLines } = await import('../../dashboard/src/views/engineer/measure-lines.js');
    const point = (ts: number, controlDelayS: number | null) => ({ ts, controlDelayS }) as unknown as import('../../services/contracts/measures.js').ApproachPoint;
    const series = [
      { approachId: 'A-N', intersectionId: 'A', from: 0, to: 120_000, step: 60, points: [point(0, 12.5), point(60_000, null)] },
      { approachId: 'A-S', intersectionId: 'A', from: 0, to: 120_000, step: 60, points: [point(0, 30)] },
    ];
    expect(measureLines(series, 'controlDelayS', (id) => `name ${id}`)).toEqual([
      { name: 'name A-N', points: [[0, 12.5], [60_000, null]] },
      { name: 'name A-S', points: [[0, 30]] },
    ]);
  });
});
