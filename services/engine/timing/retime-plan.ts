/**
 * A plan's timing needs for a demand, and the plan re-split for a given cycle: the shared
 * step of single-intersection suggestions, time-of-day plans and corridor common cycles.
 * The ring-barrier structure, phase order, coordinated phases and change intervals of the
 * plan are kept; only the cycle, the splits (and the offset, kept modulo the new cycle
 * unless given) change.
 */
import type { PhaseTiming, TimingPlan } from '../../../geo/network/network.schema.js';
import { criticalPath, type CriticalPath } from './critical-path.js';
import type { MovementDemand } from './demand.js';
import { phaseLostTimeS, type LostTimeOptions } from './lost-time.js';
import { phaseMinimum, type PhaseMinimum, type PhaseMinimumOptions } from './phase-minimums.js';
import { allocateSplits, minimumCycleS, type PhaseAllocationInput, type SplitAllocation } from './split-allocation.js';

export type RequirementOptions = LostTimeOptions & PhaseMinimumOptions;

/** What a plan needs for a demand, independent of the cycle. */
export interface PlanRequirements {
  path: CriticalPath;
  minimums: PhaseMinimum[];
  /** Shortest whole-second cycle that fits every minimum split, s. */
  minimumCycleS: number;
  allocationInputs: ReadonlyMap<number, PhaseAllocationInput>;
}

/** What bound a phase's proposed split. */
export type SplitBound = 'flow-ratio' | 'min-green' | 'pedestrian';

/** One phase, before and after. */
export interface PhaseSplitChange {
  phase: number;
  flowRatio: number;
  currentSplitS: number;
  proposedSplitS: number;
  /** Proposed green (split − yellow − all-red), s. */
  proposedGreenS: number;
  minimum: PhaseMinimum;
  bound: SplitBound;
}

export interface RetimedPlan {
  plan: TimingPlan;
  allocation: SplitAllocation;
  splits: PhaseSplitChange[];
}

/**
 * Critical path, minimums and minimum cycle of a plan for a demand.
 *
 * @example planRequirements(plan, demands).minimumCycleS // 62
 */
export function planRequirements(plan: TimingPlan, demands: readonly MovementDemand[], options: RequirementOptions = {}): PlanRequirements {
  const path = criticalPath(plan, demands, options);
  const minimums = plan.phases.map((t) => phaseMinimum(t, options));
  const yOf = new Map(path.phases.map((p) => [p.phase, p.flowRatio]));
  const allocationInputs = new Map<number, PhaseAllocationInput>(
    plan.phases.map((t, i) => [
      t.phase,
      { flowRatio: yOf.get(t.phase) ?? 0, lostTimeS: phaseLostTimeS(t, options), minSplitS: (minimums[i] as PhaseMinimum).splitS },
    ]),
  );
  return { path, minimums, allocationInputs, minimumCycleS: minimumCycleS(path.groups, allocationInputs) };
}

/**
 * The plan re-split for `cycleS` (whole seconds, ≥ `requirements.minimumCycleS`).
 *
 * @example retimePlan(plan, planRequirements(plan, demands), 90, { id: 'TJ01-p' }).plan.cycleS // 90
 */
export function retimePlan(
  plan: TimingPlan,
  requirements: PlanRequirements,
  cycleS: number,
  options: { id?: string; offsetS?: number } = {},
): RetimedPlan {
  const allocation = allocateSplits(requirements.path.groups, requirements.allocationInputs, cycleS);
  const splitOf = new Map(allocation.splits.map((s) => [s.phase, s]));
  const minimumOf = new Map(requirements.minimums.map((m) => [m.phase, m]));
  const phases: PhaseTiming[] = plan.phases.map((t) => ({ ...t, splitS: splitOf.get(t.phase)?.splitS ?? t.splitS }));
  const offsetS = options.offsetS ?? plan.offsetS % cycleS;
  const retimed: TimingPlan = { ...plan, id: options.id ?? plan.id, cycleS, offsetS, phases };
  const splits = plan.phases.map((t): PhaseSplitChange => {
    const allocated = splitOf.get(t.phase);
    const minimum = minimumOf.get(t.phase) as PhaseMinimum;
    const proposedSplitS = allocated?.splitS ?? t.splitS;
    return {
      phase: t.phase,
      flowRatio: requirements.allocationInputs.get(t.phase)?.flowRatio ?? 0,
      currentSplitS: t.splitS,
      proposedSplitS,
      proposedGreenS: proposedSplitS - t.yellowS - t.allRedS,
      minimum,
      bound: allocated?.atMinimum ? minimum.source : 'flow-ratio',
    };
  });
  return { plan: retimed, allocation, splits };
}
