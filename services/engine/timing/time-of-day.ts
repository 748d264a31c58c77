/**
 * Time-of-day plans (DESIGN §8): from 15-minute volume profiles over several days, split the
 * day into periods and propose a plan for each.
 *
 * 1. Typical day: per movement and bin, the median over the days (robust to an incident or a
 *    holiday); a bin no day measured is filled from the nearest measured bin (earlier first).
 * 2. What a bin needs: the flow ratio of every phase; normalised by the day's highest
 *    critical sum Y, so thresholds do not depend on the intersection's size. Comparing the
 *    per-phase vector (not just Y) separates periods that are equally busy but need
 *    different splits (inbound morning vs outbound evening).
 * 3. Periods: Fisher's optimal contiguous segmentation of that sequence, at least one hour
 *    per period, at most six periods. Periods are added while each new one explains at least
 *    5 % of the day's variance (the one-period cost) — the elbow of the cost curve, which the
 *    result reports; a day whose variance is already small (RMS < 0.05 of the peak) is one
 *    period.
 * 4. Design demand of a period: the movement flows of its busiest hour (the window of
 *    `minPeriodMinutes` with the highest mean Y), as design-hour practice has it — the
 *    period's mean would starve its peak.
 * 5. A suggestion per period from `optimiseIntersection`.
 */
import { criticalPath, phaseFlowRatios } from './critical-path.js';
import { bestSegmentations } from './contiguous-segmentation.js';
import { TimingInputError, validateDemand, type MovementDemand } from './demand.js';
import { optimiseIntersection, type IntersectionTimingInput, type OptimiseOptions } from './optimise-intersection.js';
import type { TimingSuggestion } from './suggestion.js';

const MINUTES_PER_DAY = 1440;

/** One movement's flows over several days. */
export interface MovementProfile {
  demand: Omit<MovementDemand, 'flowVph'>;
  /** `flowVphByDay[day][bin]`: the bin's flow rate, veh/h; null where nothing was measured. Bins start at local midnight. */
  flowVphByDay: readonly (readonly (number | null)[])[];
}

export interface TimeOfDayOptions extends OptimiseOptions {
  /** Shortest period, minutes (default 60). Also the design window. */
  minPeriodMinutes?: number;
  /** Most periods in a day (default 6). */
  maxPeriods?: number;
  /** Share of the one-period variance another period must explain to be added (default 0.05). */
  minGainShare?: number;
  /** RMS deviation (as a share of the peak Y) below which the day is one period (default 0.05). */
  flatRms?: number;
}

export interface TimeOfDayPeriod {
  startMinute: number;
  endMinute: number;
  /** The busiest hour of the period, whose flows are the design demand. */
  designWindow: { startMinute: number; endMinute: number };
  designDemand: MovementDemand[];
  /** Mean critical Y over the period. */
  meanFlowRatioSum: number;
  suggestion: TimingSuggestion;
}

export interface TimeOfDayPlans {
  binMinutes: number;
  /** Median-day critical Y per bin (what the periods were cut from). */
  flowRatioSumByBin: number[];
  /** Bins filled from a neighbour because no day measured them (per movement, summed). */
  filledBins: number;
  /** Remaining within-period variance for 1, 2, … periods (normalised units): the elbow the choice was made on. */
  segmentationCosts: number[];
  periods: TimeOfDayPeriod[];
}

/**
 * @throws {TimingInputError} when the profiles are empty, ragged, not a whole day, or carry bad values.
 * @example
 * const tod = proposeTimeOfDayPlans(intersection, profiles);
 * tod.periods.map((p) => [p.startMinute, p.suggestion.cycle.proposedS]) // [[0, 60], [420, 120], [570, 90], ...]
 */
export function proposeTimeOfDayPlans(
  intersection: IntersectionTimingInput,
  profiles: readonly MovementProfile[],
  options: TimeOfDayOptions = {},
): TimeOfDayPlans {
  const { minPeriodMinutes = 60, maxPeriods = 6, minGainShare = 0.05, flatRms = 0.05 } = options;
  const plan = options.plan ?? intersection.plan;
  const bins = validateProfiles(profiles, plan);
  const binMinutes = MINUTES_PER_DAY / bins;
  const minBins = Math.max(1, Math.round(minPeriodMinutes / binMinutes));

  let filledBins = 0;
  const typical = profiles.map((profile) => {
    const medians = Array.from({ length: bins }, (_, b) => median(profile.flowVphByDay.map((day) => day[b]).filter(isNumber)));
    const filled = medians.map((value, b) => {
      if (value !== undefined) return value;
      filledBins++;
      return nearestMeasured(medians, b) ?? 0;
    });
    return filled;
  });
  const demandAt = (b: number): MovementDemand[] => profiles.map((p, m) => ({ ...p.demand, flowVph: (typical[m] as number[])[b] as number }));
  const demandOver = (from: number, to: number): MovementDemand[] =>
    profiles.map((p, m) => ({ ...p.demand, flowVph: mean((typical[m] as number[]).slice(from, to)) }));

  const flowRatioSumByBin = Array.from({ length: bins }, (_, b) => criticalPath(plan, demandAt(b), options).flowRatioSum);
  const peak = Math.max(...flowRatioSumByBin);
  const features = Array.from({ length: bins }, (_, b) =>
    phaseFlowRatios(plan, demandAt(b)).map((p) => (peak > 0 ? p.flowRatio / peak : 0)),
  );
  const segmentations = bestSegmentations(features, maxPeriods, minBins);
  const segmentationCosts = segmentations.map((s) => s.cost);
  const one = segmentations[0] as { starts: number[]; cost: number };
  let chosen = one;
  if (Math.sqrt(one.cost / bins) >= flatRms) {
    for (const next of segmentations.slice(1)) {
      if (chosen.cost - next.cost < minGainShare * one.cost) break;
      chosen = next;
    }
  }

  const periods = chosen.starts.map((start, k): TimeOfDayPeriod => {
    const end = chosen.starts[k + 1] ?? bins;
    const window = busiestWindow(flowRatioSumByBin, start, end, minBins);
    const designDemand = demandOver(window, window + Math.min(minBins, end - start));
    const suggestion = optimiseIntersection(intersection, designDemand, {
      ...options,
      plan,
      proposedPlanId: periodPlanId(options.proposedPlanId ?? plan.id, start * binMinutes),
    });
    return {
      startMinute: start * binMinutes,
      endMinute: end * binMinutes,
      designWindow: { startMinute: window * binMinutes, endMinute: (window + Math.min(minBins, end - start)) * binMinutes },
      designDemand,
      meanFlowRatioSum: mean(flowRatioSumByBin.slice(start, end)),
      suggestion,
    };
  });
  return { binMinutes, flowRatioSumByBin, filledBins, segmentationCosts, periods };
}

/** Start of the `width`-bin window in [start, end) with the highest mean Y (earliest on a tie). */
function busiestWindow(values: readonly number[], start: number, end: number, width: number): number {
  const w = Math.min(width, end - start);
  let bestStart = start;
  let bestSum = -Infinity;
  for (let s = start; s + w <= end; s++) {
    const sum = values.slice(s, s + w).reduce((a, b) => a + b, 0);
    if (sum > bestSum + 1e-12) {
      bestSum = sum;
      bestStart = s;
    }
  }
  return bestStart;
}

function validateProfiles(profiles: readonly MovementProfile[], plan: IntersectionTimingInput['plan']): number {
  if (profiles.length === 0) throw new TimingInputError([{ path: 'profiles', reason: 'no movement profiles' }]);
  const bins = profiles[0]?.flowVphByDay[0]?.length ?? 0;
  const faults = validateDemand(
    plan,
    profiles.map((p) => ({ ...p.demand, flowVph: 0 })),
    'profiles',
  ).map((f) => ({ ...f, path: f.path.replace(/^profiles\[(\d+)\]\./, 'profiles[$1].demand.') }));
  if (!(bins > 0 && MINUTES_PER_DAY % bins === 0)) {
    faults.push({ path: 'profiles[0].flowVphByDay[0]', reason: `a day must have bins that divide 1440 minutes, got ${bins}` });
  }
  profiles.forEach((profile, m) => {
    if (profile.flowVphByDay.length === 0) faults.push({ path: `profiles[${m}].flowVphByDay`, reason: 'no days' });
    profile.flowVphByDay.forEach((day, d) => {
      if (day.length !== bins) faults.push({ path: `profiles[${m}].flowVphByDay[${d}]`, reason: `expected ${bins} bins, got ${day.length}` });
      const bad = day.findIndex((v) => v !== null && !(Number.isFinite(v) && v >= 0));
      if (bad >= 0) faults.push({ path: `profiles[${m}].flowVphByDay[${d}][${bad}]`, reason: `flow must be ≥ 0 or null, got ${day[bad]}` });
    });
  });
  if (faults.length > 0) throw new TimingInputError(faults);
  return bins;
}

function nearestMeasured(values: readonly (number | undefined)[], index: number): number | undefined {
  for (let distance = 1; distance < values.length; distance++) {
    const before = values[index - distance];
    if (before !== undefined) return before;
    const after = values[index + distance];
    if (after !== undefined) return after;
  }
  return undefined;
}

function periodPlanId(planId: string, startMinute: number): string {
  const hhmm = `${String(Math.floor(startMinute / 60)).padStart(2, '0')}${String(startMinute % 60).padStart(2, '0')}`;
  const suffix = `-tod${hhmm}`;
  return planId.slice(0, 64 - suffix.length) + suffix;
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number';
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
