import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimingPlan } from '../../../../geo/network/network.schema.js';
import { checkPlan } from '../../../../geo/network/plan-rules.js';
import { bestSegmentations } from '../../../../services/engine/timing/contiguous-segmentation.js';
import { TimingInputError } from '../../../../services/engine/timing/demand.js';
import { proposeTimeOfDayPlans, type MovementProfile } from '../../../../services/engine/timing/time-of-day.js';
import { crossroads, phase } from './timing-fixtures.js';

const plan: TimingPlan = {
  id: 'P',
  cycleS: 100,
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
  phases: [2, 4, 6, 8].map((p) => phase(p, 50, { minGreenS: 7 })),
};
const intersection = { id: 'X', approaches: crossroads(50, 2, 2, 4), plan };

/**
 * A weekday in five regimes (quarter-hour bins; main street W/E on phases 2/6, side street N/S on 4/8, 2 lanes each):
 *   00:00–07:00 night      main 300,  side 150 veh/h
 *   07:00–09:00 AM peak    main 2200, side 700   (Y = 0.61 + 0.19 = 0.81 → a long cycle)
 *   09:00–17:00 midday     main 1300, side 800
 *   17:00–19:00 PM peak    main 1100, side 1800  (the side street is critical now)
 *   19:00–24:00 evening    main 900,  side 500
 * with ±5 % deterministic ripple per day, bin and movement.
 */
const REGIMES = [
  [0, 28, 300, 150],
  [28, 36, 2200, 700],
  [36, 68, 1300, 800],
  [68, 76, 1100, 1800],
  [76, 96, 900, 500],
] as const;

function weekday(day: number, movement: number, street: 'main' | 'side'): (number | null)[] {
  return Array.from({ length: 96 }, (_, bin) => {
    const regime = REGIMES.find(([start, end]) => bin >= start && bin < end) as (typeof REGIMES)[number];
    const level = street === 'main' ? regime[2] : regime[3];
    return Math.round(level * (1 + 0.05 * Math.sin(1.7 * bin + 2.3 * day + 0.9 * movement)));
  });
}

function profiles(days: (day: number, movement: number, street: 'main' | 'side') => (number | null)[], dayCount = 3): MovementProfile[] {
  const movements = [
    ['W', 2, 'main'],
    ['E', 6, 'main'],
    ['N', 4, 'side'],
    ['S', 8, 'side'],
  ] as const;
  return movements.map(([approachId, phaseNumber, street], m) => ({
    demand: { approachId, movement: 'T', phase: phaseNumber, lanes: 2, satFlowVphpl: 1800 },
    flowVphByDay: Array.from({ length: dayCount }, (_, d) => days(d, m, street)),
  }));
}

describe('time-of-day plans', () => {
  it('finds the five regimes of the day and times each for its busiest hour', () => {
    const tod = proposeTimeOfDayPlans(intersection, profiles(weekday));
    expect(tod.binMinutes).toBe(15);
    expect(tod.periods.map((p) => [p.startMinute, p.endMinute])).toEqual([
      [0, 420],
      [420, 540],
      [540, 1020],
      [1020, 1140],
      [1140, 1440],
    ]);
    const [night, am, midday, pm] = tod.periods;
    // AM peak Y ≈ 0.81, L = 10 s → C0 ≈ 20 / 0.19 ≈ 105 s → 110 s; night and midday sit at the 60 s minimum.
    expect(am?.suggestion.cycle.proposedS).toBeGreaterThanOrEqual(100);
    expect(night?.suggestion.cycle.proposedS).toBe(60);
    expect(midday?.suggestion.cycle.proposedS).toBeLessThan(am!.suggestion.cycle.proposedS);
    const split = (p: typeof am, n: number) => p!.suggestion.proposedPlan.phases.find((t) => t.phase === n)!.splitS;
    expect(split(am, 2)).toBeGreaterThan(split(am, 4));
    expect(split(pm, 4)).toBeGreaterThan(split(pm, 2));
    for (const p of tod.periods) {
      expect(checkPlan(p.suggestion.proposedPlan)).toEqual([]);
      expect(p.designWindow.endMinute - p.designWindow.startMinute).toBe(60);
      expect(p.designWindow.startMinute).toBeGreaterThanOrEqual(p.startMinute);
      expect(p.designWindow.endMinute).toBeLessThanOrEqual(p.endMinute);
    }
    expect(tod.periods.map((p) => p.suggestion.proposedPlan.id)).toEqual(['P-tod0000', 'P-tod0700', 'P-tod0900', 'P-tod1700', 'P-tod1900']);
    // the elbow: each added period up to five explains ≥ 5 % of the variance, a sixth explains nothing
    const costs = tod.segmentationCosts;
    expect(((costs[3] as number) - (costs[4] as number)) / (costs[0] as number)).toBeGreaterThan(0.05);
    expect(((costs[4] as number) - (costs[5] as number)) / (costs[0] as number)).toBeLessThan(0.05);
  });

  it('is not moved by one unusual day (median of the days)', () => {
    // Day 2 has an incident: doubled flows 11:00–13:00. With three days the median ignores it.
    const withIncident = (d: number, m: number, street: 'main' | 'side') =>
      weekday(d, m, street).map((v, bin) => (d === 2 && bin >= 44 && bin < 52 ? (v as number) * 2 : v));
    const tod = proposeTimeOfDayPlans(intersection, profiles(withIncident));
    expect(tod.periods.map((p) => p.startMinute)).toEqual([0, 420, 540, 1020, 1140]);
  });

  it('fills bins no day measured from the nearest measured bin and says how many', () => {
    // 12:00–13:00 missing on every day, for all four movements: 4 bins × 4 movements = 16 filled.
    const withGap = (d: number, m: number, street: 'main' | 'side') => weekday(d, m, street).map((v, bin) => (bin >= 48 && bin < 52 ? null : v));
    const tod = proposeTimeOfDayPlans(intersection, profiles(withGap));
    expect(tod.filledBins).toBe(16);
    expect(tod.periods.map((p) => p.startMinute)).toEqual([0, 420, 540, 1020, 1140]);
  });

  it('keeps a flat day as one period', () => {
    const flat = () => Array.from({ length: 96 }, () => 600);
    const tod = proposeTimeOfDayPlans(intersection, profiles(flat, 2));
    expect(tod.periods).toHaveLength(1);
    expect(tod.periods[0]).toMatchObject({ startMinute: 0, endMinute: 1440 });
  });

  it('accepts hourly bins', () => {
    const hourly = (d: number, m: number, street: 'main' | 'side') => weekday(d, m, street).filter((_, bin) => bin % 4 === 0);
    const tod = proposeTimeOfDayPlans(intersection, profiles(hourly));
    expect(tod.binMinutes).toBe(60);
    expect(tod.periods.map((p) => p.startMinute)).toEqual([0, 420, 540, 1020, 1140]);
  });

  it('refuses profiles it cannot read, with every fault', () => {
    const bad = profiles(weekday);
    const broken: MovementProfile[] = [
      bad[0] as MovementProfile,
      { ...(bad[1] as MovementProfile), flowVphByDay: [weekday(0, 1, 'main').slice(0, 95)] },
      { ...(bad[2] as MovementProfile), flowVphByDay: [weekday(0, 2, 'side').map((v, i) => (i === 7 ? -1 : v))] },
      { ...(bad[3] as MovementProfile), demand: { ...(bad[3] as MovementProfile).demand, phase: 3 } },
    ];
    try {
      proposeTimeOfDayPlans(intersection, broken);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TimingInputError);
      expect((error as TimingInputError).faults.map((f) => f.path)).toEqual([
        'profiles[3].demand.phase',
        'profiles[1].flowVphByDay[0]',
        'profiles[2].flowVphByDay[0][7]',
      ]);
    }
    expect(() => proposeTimeOfDayPlans(intersection, [])).toThrow(TimingInputError);
  });
});

describe('contiguous segmentation (Fisher 1958)', () => {
  it('splits a hand-made sequence where the jumps are', () => {
    // [0, 0, 1, 1]: one segment costs Σ (x − 0.5)² = 4 · 0.25 = 1; two segments at the jump cost 0.
    expect(bestSegmentations([[0], [0], [1], [1]], 2, 1)).toEqual([
      { starts: [0], cost: 1 },
      { starts: [0, 2], cost: 0 },
    ]);
    // With a minimum length of 3 the only two-segment split of 5 elements is impossible: one entry only.
    expect(bestSegmentations([[0], [0], [1], [1], [1]], 2, 3)).toHaveLength(1);
  });

  it('matches brute force on random short sequences', () => {
    const costOf = (xs: number[][], starts: number[]) =>
      starts.reduce((total, start, k) => {
        const part = xs.slice(start, starts[k + 1] ?? xs.length);
        const d = (part[0] as number[]).length;
        let sum = 0;
        for (let j = 0; j < d; j++) {
          const mean = part.reduce((s, x) => s + (x[j] as number), 0) / part.length;
          sum += part.reduce((s, x) => s + ((x[j] as number) - mean) ** 2, 0);
        }
        return total + sum;
      }, 0);
    const bruteForce = (xs: number[][], k: number, minLength: number): number => {
      let best = Infinity;
      const search = (starts: number[]) => {
        if (starts.length === k) {
          if (xs.length - (starts[starts.length - 1] as number) >= minLength) best = Math.min(best, costOf(xs, starts));
          return;
        }
        for (let s = (starts[starts.length - 1] as number) + minLength; s <= xs.length - minLength; s++) search([...starts, s]);
      };
      search([0]);
      return best;
    };
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 9 }),
        fc.integer({ min: 1, max: 3 }),
        (xs, minLength) => {
          const results = bestSegmentations(xs, 4, minLength);
          results.forEach((r, i) => {
            expect(r.cost).toBeCloseTo(bruteForce(xs, i + 1, minLength), 9);
            expect(costOf(xs, r.starts)).toBeCloseTo(r.cost, 9);
          });
          expect(results).toHaveLength(Math.min(4, Math.floor(xs.length / minLength)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
