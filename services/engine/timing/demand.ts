/**
 * Demand as the timing optimiser sees it: one flow per movement of an approach,
 * with the lanes and saturation flow that serve it and the NEMA phase that
 * gives it green. Plain typed data, independent of storage: an adapter builds it
 * from the engine's 15-minute movement measures (DESIGN §8), tests build it by hand.
 */
import type { NetworkFault } from '../../../geo/network/fault.js';
import type { MovementType, TimingPlan } from '../../../geo/network/network.schema.js';

/** Flow of one movement of one approach, with what serves it. */
export interface MovementDemand {
  approachId: string;
  movement: MovementType;
  /** NEMA phase giving this movement green. */
  phase: number;
  /** Demand flow rate v, veh/h (a 15-minute count × 4, or a design-hour flow). */
  flowVph: number;
  /** Exclusive lanes N of the movement. */
  lanes: number;
  /** Saturation flow s per lane, veh/h/lane. */
  satFlowVphpl: number;
  /**
   * Measured platoon ratio Rp = %AoG ÷ (g/C) under the plan that was running. Absent: random
   * arrivals (PF = 1). Used as the HCM arrival type, so any plan is judged by P = Rp · g/C.
   */
  platoonRatio?: number;
}

/**
 * Bad optimiser input (unknown phase, negative flow, ...). Carries every fault with a
 * field path and reason, so the API layer can answer with problem+json `errors`.
 */
export class TimingInputError extends Error {
  readonly faults: readonly NetworkFault[];
  constructor(faults: readonly NetworkFault[]) {
    super(`invalid timing input: ${faults.map((f) => `${f.path}: ${f.reason}`).join('; ')}`);
    this.name = 'TimingInputError';
    this.faults = faults;
  }
}

/**
 * Flow ratio y = v / (s · N) of a movement (Webster 1958; HCM 2000 Eq. 16-13).
 *
 * @example flowRatio({ flowVph: 900, lanes: 2, satFlowVphpl: 1800, ... }) // 0.25
 */
export function flowRatio(demand: Pick<MovementDemand, 'flowVph' | 'lanes' | 'satFlowVphpl'>): number {
  return demand.flowVph / (demand.satFlowVphpl * demand.lanes);
}

/**
 * Every fault of a demand list against a plan, paths relative to `basePath`.
 *
 * @example validateDemand(plan, [{ phase: 9, ... }], 'demand') // [{ path: 'demand[0].phase', reason: 'phase 9 is not in the plan' }]
 */
export function validateDemand(plan: Pick<TimingPlan, 'phases'>, demands: readonly MovementDemand[], basePath = 'demand'): NetworkFault[] {
  const phases = new Set(plan.phases.map((p) => p.phase));
  const faults: NetworkFault[] = [];
  const seen = new Set<string>();
  demands.forEach((d, i) => {
    const at = (field: string) => `${basePath}[${i}].${field}`;
    if (!phases.has(d.phase)) faults.push({ path: at('phase'), reason: `phase ${d.phase} is not in the plan` });
    if (!(Number.isFinite(d.flowVph) && d.flowVph >= 0)) faults.push({ path: at('flowVph'), reason: `flow must be a finite number ≥ 0, got ${d.flowVph}` });
    if (!(Number.isInteger(d.lanes) && d.lanes >= 1)) faults.push({ path: at('lanes'), reason: `lanes must be a whole number ≥ 1, got ${d.lanes}` });
    if (!(Number.isFinite(d.satFlowVphpl) && d.satFlowVphpl > 0)) {
      faults.push({ path: at('satFlowVphpl'), reason: `saturation flow must be positive, got ${d.satFlowVphpl}` });
    }
    if (d.platoonRatio !== undefined && !(Number.isFinite(d.platoonRatio) && d.platoonRatio >= 0)) {
      faults.push({ path: at('platoonRatio'), reason: `platoon ratio must be ≥ 0, got ${d.platoonRatio}` });
    }
    const key = `${d.approachId}/${d.movement}`;
    if (seen.has(key)) faults.push({ path: at('movement'), reason: `movement ${d.movement} of approach ${d.approachId} listed twice` });
    seen.add(key);
  });
  return faults;
}
