/**
 * Lengthens a cycle whose re-split plan starves a movement, while that helps.
 *
 * Webster's formula sees only flow ratios and lost time. When minimum greens or pedestrian
 * walk + clearance hold some phases above their flow-ratio share, a short Webster cycle
 * leaves too little for the critical movements and they overflow — the formula cannot see
 * it. So, starting from the Webster cycle (already lengthened to fit the minimums), while
 * some movement of the re-split plan is above the target degree of saturation (0.95), the
 * cycle grows by one rounding step as long as the HCM delay strictly falls, up to cycleMax.
 * It only acts on starved movements: lengthening a healthy plan for fractions of a second
 * of delay would trade away the short cycles pedestrians and coordination prefer. It never
 * shortens. This is HCM's "cycle that minimises delay" search, anchored at Webster and
 * confined to the case Webster gets wrong.
 */
import type { TimingPlan } from '../../../geo/network/network.schema.js';
import type { MovementDemand } from './demand.js';
import { evaluatePlan, type PlanEvaluationOptions } from './plan-evaluation.js';
import { retimePlan, type PlanRequirements } from './retime-plan.js';
import { roundUpToStep, websterCycle, type WebsterCycle, type WebsterCycleOptions } from './webster-cycle.js';

export interface CycleRefinement {
  cycleS: number;
  /** Every cycle tried with its expected delay, s/veh, in the order tried. */
  tried: { cycleS: number; delayS: number }[];
}

/**
 * @example refineCycleByDelay(plan, requirements, demands, 60) // { cycleS: 70, tried: [{ 60, 38.7 s }, { 65, 24.9 s }, { 70, 22.1 s }] }
 */
export function refineCycleByDelay(
  plan: TimingPlan,
  requirements: PlanRequirements,
  demands: readonly MovementDemand[],
  startS: number,
  options: PlanEvaluationOptions & { cycleMaxS?: number; roundingStepS?: number; targetDegreeOfSaturation?: number } = {},
): CycleRefinement {
  const { cycleMaxS = 180, roundingStepS = 5, targetDegreeOfSaturation = 0.95 } = options;
  const at = (cycleS: number) => {
    const delay = evaluatePlan(retimePlan(plan, requirements, cycleS).plan, demands, options);
    const worstX = Math.max(0, ...delay.movements.map((m) => m.degreeOfSaturation));
    return { cycleS, delayS: delay.delayS, worstX };
  };
  let best = at(startS);
  const tried = [{ cycleS: best.cycleS, delayS: best.delayS }];
  for (let cycleS = startS + roundingStepS; best.worstX > targetDegreeOfSaturation && cycleS <= cycleMaxS; cycleS += roundingStepS) {
    const next = at(cycleS);
    tried.push({ cycleS: next.cycleS, delayS: next.delayS });
    if (!(next.delayS < best.delayS)) break;
    best = next;
  }
  return { cycleS: best.cycleS, tried };
}

/** How the cycle an intersection needs was reached. */
export interface RequiredCycle {
  webster: WebsterCycle;
  /** Webster's cycle, or the next rounding step above the minimum-split cycle when that is longer, s. */
  afterMinimumsS: number;
  refinement: CycleRefinement;
  /** The cycle the intersection needs, s. */
  cycleS: number;
}

/**
 * The cycle an intersection needs for a demand: Webster (clamped, rounded up), lengthened to fit
 * the minimum splits, then lengthened while a starved movement's delay falls.
 *
 * @example requiredCycle(plan, requirements, demands).cycleS // 70
 */
export function requiredCycle(
  plan: TimingPlan,
  requirements: PlanRequirements,
  demands: readonly MovementDemand[],
  options: PlanEvaluationOptions & { cycle?: WebsterCycleOptions } = {},
): RequiredCycle {
  const { cycleMaxS = 180, roundingStepS = 5 } = options.cycle ?? {};
  const webster = websterCycle(requirements.path.flowRatioSum, requirements.path.lostTimeS, options.cycle);
  const afterMinimumsS = Math.max(webster.cycleS, roundUpToStep(requirements.minimumCycleS, roundingStepS));
  const refinement = refineCycleByDelay(plan, requirements, demands, afterMinimumsS, { ...options, cycleMaxS, roundingStepS });
  return { webster, afterMinimumsS, refinement, cycleS: refinement.cycleS };
}
