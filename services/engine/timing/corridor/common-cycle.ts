/**
 * The corridor's common cycle (DESIGN §8): the largest cycle any of its intersections needs,
 * so that none is starved; an intersection needing at most half of it may run two cycles per
 * common cycle ("double cycling") when that lowers its own expected delay — short queues at a
 * small intersection clear twice as often, and the band still meets one of its two greens.
 */
import type { TimingPlan } from '../../../../geo/network/network.schema.js';
import type { MovementDemand } from '../demand.js';
import { evaluatePlan, type PlanEvaluationOptions } from '../plan-evaluation.js';
import { retimePlan, type PlanRequirements } from '../retime-plan.js';

/** Shortest cycle the plan schema accepts, s. */
const SCHEMA_MIN_CYCLE_S = 30;

export interface CycleChoice {
  /** The intersection's own cycle: the common cycle, or half of it when double-cycled, s. */
  cycleS: number;
  doubleCycled: boolean;
  /** Expected control delay at the common cycle, s/veh. */
  delayAtCommonS: number;
  /** Expected control delay at half the common cycle, s/veh (null when double cycling is not possible). */
  delayAtHalfS: number | null;
}

/**
 * Whether an intersection runs the common cycle or double-cycles. Half the common cycle must
 * be whole seconds, at least the intersection's need and its minimum-split cycle, and at
 * least the schema's 30 s; then the lower expected delay decides (the common cycle on a tie).
 *
 * @example chooseNodeCycle(plan, requirements, demands, 120, 55).doubleCycled // true when 60 s gives less delay
 */
export function chooseNodeCycle(
  plan: TimingPlan,
  requirements: PlanRequirements,
  demands: readonly MovementDemand[],
  commonCycleS: number,
  needS: number,
  options: PlanEvaluationOptions = {},
): CycleChoice {
  const delayAt = (cycleS: number) => evaluatePlan(retimePlan(plan, requirements, cycleS).plan, demands, options).delayS;
  const delayAtCommonS = delayAt(commonCycleS);
  const halfS = commonCycleS / 2;
  const halfPossible = Number.isInteger(halfS) && halfS >= needS && halfS >= requirements.minimumCycleS && halfS >= SCHEMA_MIN_CYCLE_S;
  if (!halfPossible) return { cycleS: commonCycleS, doubleCycled: false, delayAtCommonS, delayAtHalfS: null };
  const delayAtHalfS = delayAt(halfS);
  const doubleCycled = delayAtHalfS < delayAtCommonS;
  return { cycleS: doubleCycled ? halfS : commonCycleS, doubleCycled, delayAtCommonS, delayAtHalfS };
}
