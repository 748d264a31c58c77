/**
 * The signal-timing suggestion for one intersection (DESIGN §8): critical path → Webster
 * cycle (lengthened for minimums and starved movements, or the current one kept) →
 * proportional splits with minimums → expected delay of the current and the proposed plan →
 * propose only when it is worth it. Pure: demand and plan in, suggestion out.
 */
import { checkPlan } from '../../../geo/network/plan-rules.js';
import type { Approach, TimingPlan } from '../../../geo/network/network.schema.js';
import { checkChangeIntervals, type ChangeIntervalCheck, type ChangeIntervalOptions } from './change-interval.js';
import { requiredCycle, type RequiredCycle } from './cycle-refinement.js';
import { TimingInputError, validateDemand, type MovementDemand } from './demand.js';
import { phaseMinimum } from './phase-minimums.js';
import { evaluatePlan, type PlanEvaluationOptions } from './plan-evaluation.js';
import { decideProposal, type ProposalRuleOptions } from './proposal-rule.js';
import { planRequirements, retimePlan, type RequirementOptions } from './retime-plan.js';
import type { TimingFlag, TimingSuggestion } from './suggestion.js';
import { criticalDegreeOfSaturation, type WebsterCycleOptions } from './webster-cycle.js';

/** Longest yellow / all-red the plan schema allows, s. */
const MAX_CHANGE_INTERVAL_S = 8;

export interface OptimiseOptions extends RequirementOptions, PlanEvaluationOptions, ProposalRuleOptions {
  /** The plan running now (default: the intersection's plan). */
  plan?: TimingPlan;
  cycle?: WebsterCycleOptions;
  changeInterval?: ChangeIntervalOptions;
  /** Raise short yellows / all-reds to the kinematic values instead of only flagging them (default false). */
  applyKinematicChangeIntervals?: boolean;
  /** Keep the current cycle when the required one differs by less than this, s (default: the rounding step, 5). */
  cycleStickinessS?: number;
  /**
   * Keep the current cycle whatever the demand (default false) — for an intersection
   * coordinated on a corridor, whose cycle and offset the corridor's suggestion sets: only
   * the splits move (the cycle still grows if the minimums no longer fit it).
   */
  holdCycle?: boolean;
  /** Id of the proposed plan (default `<current id>-proposed`). */
  proposedPlanId?: string;
}

/** What the optimiser needs to know about an intersection. */
export interface IntersectionTimingInput {
  id: string;
  approaches: readonly Pick<Approach, 'id' | 'direction' | 'bearingDeg' | 'movements' | 'speedLimitKmh'>[];
  plan: TimingPlan;
}

/**
 * @throws {TimingInputError} when the plan or the demand is invalid (every fault with its path).
 * @example
 * const s = optimiseIntersection(intersection, demands);
 * if (s.decision.propose) save(s.proposedPlan); // s.delay.current.delayS → s.delay.proposed.delayS
 */
export function optimiseIntersection(
  intersection: IntersectionTimingInput,
  demands: readonly MovementDemand[],
  options: OptimiseOptions = {},
): TimingSuggestion {
  const current = options.plan ?? intersection.plan;
  const faults = [...checkPlan(current, 'plan'), ...validateDemand(current, demands)];
  if (faults.length > 0) throw new TimingInputError(faults);
  const flags: TimingFlag[] = [];

  const kinematic = checkChangeIntervals(intersection.approaches, current, options.changeInterval);
  const base = options.applyKinematicChangeIntervals ? withKinematicChangeIntervals(current, kinematic, flags) : current;
  const changeIntervals = options.applyKinematicChangeIntervals ? checkChangeIntervals(intersection.approaches, base, options.changeInterval) : kinematic;
  for (const check of changeIntervals) {
    if (check.yellowShort) flags.push({ code: 'yellow-short', phase: check.phase, approachId: check.approachId, yellowS: check.yellowS, requiredS: check.requiredYellowS });
    if (check.allRedShort) flags.push({ code: 'all-red-short', phase: check.phase, approachId: check.approachId, allRedS: check.allRedS, requiredS: check.requiredAllRedS });
  }

  const requirements = planRequirements(base, demands, options);
  const { path } = requirements;
  const required = requiredCycle(base, requirements, demands, options);
  const { webster } = required;
  if (webster.limit === 'saturated') flags.push({ code: 'saturated', flowRatioSum: path.flowRatioSum });
  if ((webster.limit === 'cycle-min' || webster.limit === 'cycle-max') && webster.optimumS !== null) {
    flags.push({ code: 'cycle-at-limit', limit: webster.limit, optimumS: webster.optimumS });
  }
  const cycleS = chooseCycle(current, required, requirements.minimumCycleS, options, flags);

  const proposed = retimePlan(base, requirements, cycleS, { id: options.proposedPlanId ?? proposedId(current.id) });
  const proposedFaults = checkPlan(proposed.plan);
  // The allocator guarantees these rules; a fault here is a bug, never bad input.
  if (proposedFaults.length > 0) throw new Error(`optimiser produced an invalid plan: ${JSON.stringify(proposedFaults)}`);
  for (const split of proposed.splits) {
    if (split.bound === 'pedestrian') flags.push({ code: 'pedestrian-bound', phase: split.phase, greenS: split.minimum.greenS });
  }

  let currentMeetsMinimums = true;
  for (const timing of current.phases) {
    const minimum = phaseMinimum(timing, options);
    // Judged by the real minimum, not the whole-second one: a current plan may carry fractional splits.
    if (timing.splitS + 1e-9 < minimum.greenS + timing.yellowS + timing.allRedS) {
      currentMeetsMinimums = false;
      flags.push({ code: 'current-below-minimum', phase: timing.phase, splitS: timing.splitS, minSplitS: minimum.splitS, source: minimum.source });
    }
  }

  const currentDelay = evaluatePlan(current, demands, options);
  const proposedDelay = evaluatePlan(proposed.plan, demands, options);
  const criticalX = {
    current: criticalDegreeOfSaturation(path.flowRatioSum, path.lostTimeS, current.cycleS),
    proposed: criticalDegreeOfSaturation(path.flowRatioSum, path.lostTimeS, cycleS),
  };
  if (criticalX.proposed > 1) flags.push({ code: 'oversaturated', criticalDegreeOfSaturation: criticalX.proposed });

  return {
    intersectionId: intersection.id,
    decision: decideProposal(currentDelay.delayS, proposedDelay.delayS, { ...options, currentMeetsMinimums, flowVph: currentDelay.flowVph }),
    inputs: { demand: demands.map((d) => ({ ...d })) },
    criticalPath: path,
    cycle: { webster, tried: required.refinement.tried, minimumCycleS: requirements.minimumCycleS, currentS: current.cycleS, proposedS: cycleS },
    splits: proposed.splits,
    delay: { current: currentDelay, proposed: proposedDelay },
    criticalDegreeOfSaturation: criticalX,
    changeIntervals,
    flags,
    currentPlan: current,
    proposedPlan: proposed.plan,
  };
}

/**
 * The required cycle (Webster, lengthened for minimums and for starved movements), with a flag
 * for each lengthening; the current cycle is kept when the result is within the stickiness band.
 */
function chooseCycle(current: TimingPlan, required: RequiredCycle, minimumCycleS: number, options: OptimiseOptions, flags: TimingFlag[]): number {
  const { cycleMinS = 60, cycleMaxS = 180, roundingStepS = 5 } = options.cycle ?? {};
  const { webster, afterMinimumsS, refinement } = required;
  if (options.holdCycle) {
    if (Number.isInteger(current.cycleS) && current.cycleS >= minimumCycleS) {
      flags.push({ code: 'cycle-held', currentS: current.cycleS, requiredS: required.cycleS });
      return current.cycleS;
    }
    // Safety first: the minimums no longer fit the held cycle, so it grows to the next step that fits them.
    const fitS = Math.ceil(minimumCycleS / roundingStepS) * roundingStepS;
    flags.push({ code: 'cycle-lengthened-for-minimums', fromS: current.cycleS, toS: fitS, minimumCycleS });
    return fitS;
  }
  if (afterMinimumsS > webster.cycleS) {
    flags.push({ code: 'cycle-lengthened-for-minimums', fromS: webster.cycleS, toS: afterMinimumsS, minimumCycleS });
    if (afterMinimumsS > cycleMaxS) flags.push({ code: 'minimums-exceed-cycle-max', minimumCycleS, cycleMaxS });
  }
  if (required.cycleS > afterMinimumsS) {
    const delayAt = (cycleS: number) => refinement.tried.find((t) => t.cycleS === cycleS)?.delayS ?? 0;
    flags.push({ code: 'cycle-lengthened-for-delay', fromS: afterMinimumsS, toS: required.cycleS, delayFromS: delayAt(afterMinimumsS), delayToS: delayAt(required.cycleS) });
  }
  const stickinessS = options.cycleStickinessS ?? roundingStepS;
  const currentUsable =
    Number.isInteger(current.cycleS) && current.cycleS >= Math.max(cycleMinS, minimumCycleS) && current.cycleS <= cycleMaxS;
  if (currentUsable && current.cycleS !== required.cycleS && Math.abs(current.cycleS - required.cycleS) < stickinessS) {
    flags.push({ code: 'cycle-kept', currentS: current.cycleS, websterS: required.cycleS });
    return current.cycleS;
  }
  return required.cycleS;
}

function withKinematicChangeIntervals(plan: TimingPlan, checks: readonly ChangeIntervalCheck[], flags: TimingFlag[]): TimingPlan {
  const checkOf = new Map(checks.map((c) => [c.phase, c]));
  return {
    ...plan,
    phases: plan.phases.map((t) => {
      const check = checkOf.get(t.phase);
      if (!check || (!check.yellowShort && !check.allRedShort)) return t;
      const yellowS = Math.min(MAX_CHANGE_INTERVAL_S, Math.max(t.yellowS, check.requiredYellowS));
      const allRedS = Math.min(MAX_CHANGE_INTERVAL_S, Math.max(t.allRedS, check.requiredAllRedS));
      flags.push({ code: 'change-interval-applied', phase: t.phase, yellowS, allRedS });
      return { ...t, yellowS, allRedS };
    }),
  };
}

function proposedId(currentId: string): string {
  const suffix = '-proposed';
  return currentId.slice(0, 64 - suffix.length) + suffix;
}
