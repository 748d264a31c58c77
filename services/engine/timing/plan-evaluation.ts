/**
 * Expected HCM control delay of a timing plan for a demand (DESIGN §6 and §8), per movement,
 * per approach and for the intersection, with the engine's own formulas (`controlDelay`,
 * `capacityVph`, `levelOfService`) so that the optimiser's estimate and the engine's measure
 * are the same number for the same inputs.
 *
 * Per movement: g = split − lost time, c = s · N · g / C, d = d1 · PF + d2. Arrivals: random
 * (PF = 1) unless the demand carries a measured platoon ratio Rp; then P = min(1, Rp · g/C),
 * i.e. the arrival type is kept and the plan's own green ratio applied — the fair way to
 * compare two plans from one measured arrival pattern.
 * Approach and intersection delays are flow-weighted means (HCM 2000 Eq. 16-16/16-17).
 */
import type { TimingPlan } from '../../../geo/network/network.schema.js';
import type { LevelOfService } from '../../contracts/live.js';
import { capacityVph, controlDelay } from '../measures/control-delay.js';
import { levelOfService } from '../measures/level-of-service.js';
import { TimingInputError, type MovementDemand } from './demand.js';
import { effectiveGreenS, type LostTimeOptions } from './lost-time.js';

export interface PlanEvaluationOptions extends LostTimeOptions {
  /** Analysis period T, h (default 0.25: the 15-minute bin). */
  analysisPeriodH?: number;
  /** Incremental delay factor k (0.5 pretimed, HCM). */
  k?: number;
}

export interface MovementDelay {
  approachId: string;
  movement: MovementDemand['movement'];
  phase: number;
  flowVph: number;
  capacityVph: number;
  degreeOfSaturation: number;
  delayS: number;
  los: LevelOfService;
}

export interface ApproachDelay {
  approachId: string;
  flowVph: number;
  /** Flow-weighted control delay, s/veh (the movements' mean delay when no flow). */
  delayS: number;
  /** Highest X of the approach's movements. */
  degreeOfSaturation: number;
  los: LevelOfService;
}

export interface PlanDelay {
  planId: string;
  cycleS: number;
  flowVph: number;
  /** Flow-weighted intersection control delay, s/veh (0 with no flow). */
  delayS: number;
  los: LevelOfService;
  approaches: ApproachDelay[];
  movements: MovementDelay[];
}

/**
 * @throws {TimingInputError} when a movement's phase is not in the plan or its effective green is not positive.
 * @example
 * evaluatePlan(plan, demands).delayS // 24.1
 */
export function evaluatePlan(plan: TimingPlan, demands: readonly MovementDemand[], options: PlanEvaluationOptions = {}): PlanDelay {
  const { analysisPeriodH = 0.25, k = 0.5 } = options;
  const timingOf = new Map(plan.phases.map((t) => [t.phase, t]));
  const movements = demands.map((demand, i): MovementDelay => {
    const timing = timingOf.get(demand.phase);
    if (!timing) throw new TimingInputError([{ path: `demand[${i}].phase`, reason: `phase ${demand.phase} is not in plan ${plan.id}` }]);
    const greenS = effectiveGreenS(timing, options);
    if (!(greenS > 0 && greenS < plan.cycleS)) {
      throw new TimingInputError([{ path: `plan.phases`, reason: `phase ${timing.phase} has effective green ${greenS} s, outside (0, ${plan.cycleS})` }]);
    }
    const greenRatio = greenS / plan.cycleS;
    const capacity = capacityVph(demand.satFlowVphpl, demand.lanes, greenS, plan.cycleS);
    const proportionOnGreen = demand.platoonRatio === undefined ? undefined : Math.min(1, demand.platoonRatio * greenRatio);
    const d = controlDelay(demand.flowVph, capacity, greenRatio, {
      cycleS: plan.cycleS,
      analysisPeriodH,
      k,
      ...(proportionOnGreen === undefined ? {} : { proportionOnGreen }),
    });
    return {
      approachId: demand.approachId,
      movement: demand.movement,
      phase: demand.phase,
      flowVph: demand.flowVph,
      capacityVph: capacity,
      degreeOfSaturation: d.degreeOfSaturation,
      delayS: d.delayS,
      los: levelOfService(d.delayS, d.degreeOfSaturation),
    };
  });

  const approachIds = [...new Set(movements.map((m) => m.approachId))];
  const approaches = approachIds.map((approachId): ApproachDelay => {
    const own = movements.filter((m) => m.approachId === approachId);
    const delayS = weightedDelay(own);
    const degreeOfSaturation = Math.max(...own.map((m) => m.degreeOfSaturation));
    return { approachId, flowVph: sum(own.map((m) => m.flowVph)), delayS, degreeOfSaturation, los: levelOfService(delayS, degreeOfSaturation) };
  });
  const flowVph = sum(movements.map((m) => m.flowVph));
  const delayS = flowVph > 0 ? weightedDelay(movements) : 0;
  // Intersection LOS is by delay alone (HCM 2010 Exhibit 18-4); the X > 1 rule is for lane groups and approaches.
  return { planId: plan.id, cycleS: plan.cycleS, flowVph, delayS, los: levelOfService(delayS, 0), approaches, movements };
}

function weightedDelay(movements: readonly MovementDelay[]): number {
  const flow = sum(movements.map((m) => m.flowVph));
  if (flow > 0) return sum(movements.map((m) => m.flowVph * m.delayS)) / flow;
  return movements.length > 0 ? sum(movements.map((m) => m.delayS)) / movements.length : 0;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
