/** Small hand-built plans, approaches and demands shared by the timing tests. */
import type { ResolvedIntersection } from '../../../../geo/network/load-network.js';
import type { Approach, MovementType, PhaseTiming, TimingPlan } from '../../../../geo/network/network.schema.js';
import type { MovementDemand } from '../../../../services/engine/timing/demand.js';
import { movementDemands } from '../../../../services/engine/timing/demand-from-network.js';

/** A phase timing with the usual 3 s yellow and 2 s all-red. */
export function phase(phaseNumber: number, splitS: number, extra: Partial<PhaseTiming> = {}): PhaseTiming {
  return { phase: phaseNumber, splitS, minGreenS: 5, yellowS: 3, allRedS: 2, ...extra };
}

/** The standard NEMA eight-phase dual ring, barriers after 2/6 and 4/8. */
export function eightPhasePlan(splits: Record<number, number>, extra: Partial<Record<number, Partial<PhaseTiming>>> = {}): TimingPlan {
  const phases = [1, 2, 3, 4, 5, 6, 7, 8].map((p) => phase(p, splits[p] ?? 20, extra[p]));
  const cycleS = [1, 2, 3, 4].reduce((sum, p) => sum + (splits[p] ?? 20), 0);
  return { id: 'eight', cycleS, offsetS: 0, coordinatedPhases: [2, 6], rings: [[1, 2, 3, 4], [5, 6, 7, 8]], barriers: [[2, 6], [4, 8]], phases };
}

/** A single-ring two-phase plan (phases 2 and 4). */
export function twoPhasePlan(split2: number, split4: number, extra: Partial<Record<2 | 4, Partial<PhaseTiming>>> = {}): TimingPlan {
  return {
    id: 'two',
    cycleS: split2 + split4,
    offsetS: 0,
    coordinatedPhases: [2],
    rings: [[2, 4]],
    barriers: [[2], [4]],
    phases: [phase(2, split2, extra[2]), phase(4, split4, extra[4])],
  };
}

/** A demand row with 1,800 veh/h/lane unless told otherwise. */
export function demand(approachId: string, movement: MovementDemand['movement'], phaseNumber: number, flowVph: number, lanes = 1, satFlowVphpl = 1800): MovementDemand {
  return { approachId, movement, phase: phaseNumber, flowVph, lanes, satFlowVphpl };
}

/** Four approaches of a plain crossroads: N/S through on `nsPhase`, E/W through on `ewPhase`. */
export function crossroads(speedLimitKmh: number, lanesPerApproach: number, nsPhase = 2, ewPhase = 4): Approach[] {
  const approach = (id: string, direction: Approach['direction'], phaseNumber: number): Approach => ({
    id,
    direction,
    road: { zh: '路', en: 'Rd' },
    roadClass: 'arterial',
    speedLimitKmh,
    movements: [{ type: 'T', phase: phaseNumber, lanes: lanesPerApproach }],
    detectors: [],
  });
  return [approach('N', 'N', nsPhase), approach('S', 'S', nsPhase), approach('E', 'E', ewPhase), approach('W', 'W', ewPhase)];
}

/** Share of saturation flow each movement carries, by road class (a busy but undersaturated morning). */
const AM_LOAD: Record<Approach['roadClass'], Record<MovementType, number>> = {
  expressway: { T: 0.3, L: 0.18, R: 0.15, U: 0.04 },
  arterial: { T: 0.24, L: 0.13, R: 0.12, U: 0.03 },
  collector: { T: 0.18, L: 0.1, R: 0.09, U: 0.02 },
  local: { T: 0.12, L: 0.07, R: 0.06, U: 0.02 },
};

/**
 * Plausible AM-peak demand for a showcase intersection: lanes × 1,800 × the road class's load, varied
 * ±20 % deterministically by approach so that plans are not symmetric.
 */
export function showcaseAmDemand(intersection: ResolvedIntersection): MovementDemand[] {
  return movementDemands(intersection, (approach, movement) => {
    const index = intersection.approaches.findIndex((a) => a.id === approach.id);
    const variation = 0.8 + 0.1 * ((index * 3) % 5);
    const lanes = intersection.approaches[index]?.movements.find((m) => m.type === movement)?.lanes ?? 1;
    return Math.round(lanes * 1800 * AM_LOAD[approach.roadClass][movement] * variation);
  });
}
