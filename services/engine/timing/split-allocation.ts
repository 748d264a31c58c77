/**
 * Whole-second splits for a cycle: effective greens in proportion to critical flow ratios
 * (Webster 1958), every phase at least its minimum, ring sums equal to the cycle and the
 * rings equal at every barrier (what `checkPlan` demands).
 *
 * Two levels, both "proportional with floors" (see `shareWithFloors`):
 * 1. Barrier groups: group b gets L_b + (Y_b / Y)·(C − L) — the critical ring's lost time
 *    plus its share of the cycle's effective green — but never less than the longest ring
 *    sum of minimum splits inside it; what a group must take beyond its share comes from
 *    the other groups, in proportion to their flow ratios.
 * 2. Rings inside a group: each ring divides the group's time the same way among its own
 *    phases (lost time + share of the rest by y), each phase at least its minimum split.
 *    For the critical ring this is exactly Webster's g_i = (y_i / Y)(C − L).
 * Rounding: group times, then the phases of each ring, by largest remainder, so every sum
 * is exact and no phase drops below its (whole-second) minimum.
 */
import type { BarrierGroupPath } from './critical-path.js';
import { roundToTotal, shareWithFloors } from './proportional-share.js';

/** What the allocator needs to know about a phase. */
export interface PhaseAllocationInput {
  flowRatio: number;
  lostTimeS: number;
  /** Shortest split, whole seconds. */
  minSplitS: number;
}

export interface AllocatedSplit {
  phase: number;
  splitS: number;
  /** True when the minimum bound the phase (it would have had less by flow ratio). */
  atMinimum: boolean;
}

export interface SplitAllocation {
  cycleS: number;
  /** Time between consecutive barriers, s, per barrier group. */
  groupDurationsS: number[];
  /** One entry per phase, in ring order. */
  splits: AllocatedSplit[];
}

type Groups = readonly Pick<BarrierGroupPath, 'rings' | 'flowRatio' | 'lostTimeS'>[];

/**
 * Shortest cycle that fits every minimum split: Σ over barrier groups of the longest ring
 * sum of minimum splits.
 *
 * @example minimumCycleS(path.groups, phases) // 62 when the minimums need 62 s
 */
export function minimumCycleS(groups: Groups, phases: ReadonlyMap<number, PhaseAllocationInput>): number {
  return groups.reduce((sum, group) => sum + groupMinimumS(group, phases), 0);
}

/**
 * Allocates whole-second splits for `cycleS`.
 *
 * @throws {RangeError} when the cycle is not a whole number or is shorter than `minimumCycleS`.
 * @example
 * // two-phase single ring, y = 0.4 / 0.3, lost 6 s each, C = 80: g = 68·4/7 = 38.86, 29.14
 * allocateSplits(path.groups, phases, 80).splits // [{ phase: 2, splitS: 45 }, { phase: 4, splitS: 35 }]
 */
export function allocateSplits(groups: Groups, phases: ReadonlyMap<number, PhaseAllocationInput>, cycleS: number): SplitAllocation {
  if (!Number.isInteger(cycleS)) throw new RangeError(`cycle must be whole seconds, got ${cycleS}`);
  const minimum = minimumCycleS(groups, phases);
  if (cycleS < minimum) throw new RangeError(`cycle ${cycleS} s is shorter than the ${minimum} s the minimum splits need`);

  const groupMins = groups.map((g) => groupMinimumS(g, phases));
  const groupShares = shareWithFloors(
    cycleS,
    groups.map((g, b) => ({ weight: g.flowRatio, base: g.lostTimeS, min: groupMins[b] as number })),
  );
  const groupDurationsS = roundToTotal(
    groupShares.map((s) => s.valueS),
    cycleS,
    groupMins,
    groups.map((g) => g.flowRatio),
  );

  const splits: AllocatedSplit[] = [];
  const ringCount = groups[0]?.rings.length ?? 0;
  for (let ring = 0; ring < ringCount; ring++) {
    groups.forEach((group, b) => {
      const ringPhases = group.rings[ring]?.phases ?? [];
      const inputs = ringPhases.map((p) => inputOf(phases, p));
      const durationS = groupDurationsS[b] as number;
      const shares = shareWithFloors(
        durationS,
        inputs.map((i) => ({ weight: i.flowRatio, base: i.lostTimeS, min: i.minSplitS })),
      );
      const whole = roundToTotal(
        shares.map((s) => s.valueS),
        durationS,
        inputs.map((i) => i.minSplitS),
        inputs.map((i) => i.flowRatio),
      );
      // A group held at its minimum holds every phase of the ring that set that minimum.
      const ringSetGroupMinimum = (groupShares[b] as { atMinimum: boolean }).atMinimum && sumOf(inputs.map((i) => i.minSplitS)) === durationS;
      ringPhases.forEach((phase, k) => {
        splits.push({ phase, splitS: whole[k] as number, atMinimum: ringSetGroupMinimum || (shares[k] as { atMinimum: boolean }).atMinimum });
      });
    });
  }
  return { cycleS, groupDurationsS, splits };
}

function sumOf(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function groupMinimumS(group: Groups[number], phases: ReadonlyMap<number, PhaseAllocationInput>): number {
  return Math.max(0, ...group.rings.map((r) => r.phases.reduce((sum, p) => sum + inputOf(phases, p).minSplitS, 0)));
}

function inputOf(phases: ReadonlyMap<number, PhaseAllocationInput>, phase: number): PhaseAllocationInput {
  const input = phases.get(phase);
  if (!input) throw new RangeError(`phase ${phase} has no allocation input`);
  return input;
}
