/**
 * Corridor coordination (DESIGN §8): a common cycle, each intersection re-split for it (or
 * double-cycled), offsets for the main-direction green band — two-way when feasible — and
 * the bandwidths, efficiencies and time–space diagram that show the result. Pure.
 */
import { checkPlan } from '../../../../geo/network/plan-rules.js';
import type { NetworkFault } from '../../../../geo/network/fault.js';
import type { TimingPlan } from '../../../../geo/network/network.schema.js';
import { requiredCycle } from '../cycle-refinement.js';
import { TimingInputError, validateDemand, type MovementDemand } from '../demand.js';
import type { IntersectionTimingInput } from '../optimise-intersection.js';
import { evaluatePlan, type PlanEvaluationOptions } from '../plan-evaluation.js';
import { planRequirements, retimePlan, type RequirementOptions } from '../retime-plan.js';
import type { WebsterCycleOptions } from '../webster-cycle.js';
import { travelTimeS, type Band, type BandNode } from './bandwidth.js';
import { chooseNodeCycle } from './common-cycle.js';
import type { CorridorStop } from './corridor-geometry.js';
import { searchOffsets, type OffsetMethod, type OffsetSearchOptions } from './green-band.js';
import { greenWindow } from './phase-timeline.js';
import { timeSpaceDiagram, type TimeSpaceDiagram } from './time-space.js';

/** One intersection of the corridor, in order along the main direction. */
export interface CorridorMember {
  intersection: IntersectionTimingInput;
  demands: readonly MovementDemand[];
  /** From the first intersection, m. */
  distanceM: number;
  /** Through phase of the main direction. */
  outboundPhase: number;
  /** Through phase of the opposite direction (absent: no inbound band). */
  inboundPhase?: number;
  /** The plan to start from (default: the intersection's plan). */
  plan?: TimingPlan;
}

export interface CorridorOptions extends RequirementOptions, PlanEvaluationOptions, OffsetSearchOptions {
  cycle?: WebsterCycleOptions;
  /** Let small intersections run two cycles per common cycle (default true). */
  allowDoubleCycling?: boolean;
  /** Cycles drawn in the time–space diagram (default 3). */
  diagramCycles?: number;
  /** Appended to each plan id for the coordinated plans (default `-coord`). */
  planIdSuffix?: string;
}

export interface CorridorIntersectionPlan {
  intersectionId: string;
  distanceM: number;
  /** From the first intersection at the progression speed, s. */
  travelTimeS: number;
  /** The cycle this intersection needs on its own, s. */
  needS: number;
  cycleS: number;
  doubleCycled: boolean;
  /** Expected control delay, s/veh: the current plan, the coordinated one. */
  delay: { currentS: number; proposedS: number; atCommonS: number; atHalfS: number | null };
  currentPlan: TimingPlan;
  /** Passes `checkPlan`; offset per the product convention (coordinated phase green start). */
  proposedPlan: TimingPlan;
}

export interface CorridorTiming {
  corridorId: string;
  progressionSpeedKmh: number;
  /** Common cycle, s. */
  cycleS: number;
  /** The intersection whose need set the common cycle. */
  criticalIntersectionId: string;
  intersections: CorridorIntersectionPlan[];
  offsets: { method: OffsetMethod; oneWayS: number[]; chosenS: number[] };
  bandwidth: { outbound: Band; inbound: Band | null; oneWay: { outbound: Band; inbound: Band | null } };
  diagram: TimeSpaceDiagram;
}

/**
 * Stops of `corridorGeometry` with their demand, as members.
 *
 * @example corridorMembers(geometry.stops, (x) => demandsOf(x.id))
 */
export function corridorMembers(stops: readonly CorridorStop[], demandOf: (intersection: CorridorStop['intersection']) => readonly MovementDemand[]): CorridorMember[] {
  return stops.map((stop) => ({
    intersection: stop.intersection,
    demands: demandOf(stop.intersection),
    distanceM: stop.distanceM,
    outboundPhase: stop.outbound.phase,
    ...(stop.inbound ? { inboundPhase: stop.inbound.phase } : {}),
  }));
}

/**
 * @throws {TimingInputError} for fewer than two members, distances out of order, unknown phases, bad demand or speed.
 * @example
 * const timing = optimiseCorridor({ id: 'nanjing-rd', progressionSpeedKmh: 40 }, members);
 * timing.bandwidth.outbound.widthS // 38
 */
export function optimiseCorridor(
  corridor: { id: string; progressionSpeedKmh: number },
  members: readonly CorridorMember[],
  options: CorridorOptions = {},
): CorridorTiming {
  validateMembers(corridor, members);
  const { allowDoubleCycling = true, diagramCycles = 3, planIdSuffix = '-coord' } = options;
  const speedKmh = corridor.progressionSpeedKmh;

  const prepared = members.map((member) => {
    const plan = member.plan ?? member.intersection.plan;
    const requirements = planRequirements(plan, member.demands, options);
    return { member, plan, requirements, needS: requiredCycle(plan, requirements, member.demands, options).cycleS };
  });
  const critical = prepared.reduce((a, b) => (b.needS > a.needS ? b : a));
  const cycleS = critical.needS;

  const timed = prepared.map((p) => {
    const choice = allowDoubleCycling
      ? chooseNodeCycle(p.plan, p.requirements, p.member.demands, cycleS, p.needS, options)
      : { cycleS, doubleCycled: false, delayAtCommonS: NaN, delayAtHalfS: null };
    const retimed = retimePlan(p.plan, p.requirements, choice.cycleS, { id: planId(p.plan.id, planIdSuffix), offsetS: 0 }).plan;
    return { ...p, choice, retimed };
  });

  const nodes: BandNode[] = timed.map(({ member, retimed }, i) => ({
    intersectionId: member.intersection.id,
    distanceM: member.distanceM,
    cycleS: retimed.cycleS,
    // Only the first intersection's offset is kept (rounded); the others are searched.
    offsetS: i === 0 ? Math.round((member.plan ?? member.intersection.plan).offsetS) % retimed.cycleS : 0,
    outbound: greenWindow(retimed, member.outboundPhase),
    ...(member.inboundPhase !== undefined ? { inbound: greenWindow(retimed, member.inboundPhase) } : {}),
  }));
  const oneWay = searchOffsets(nodes, cycleS, speedKmh, { ...options, twoWay: false });
  const solution = searchOffsets(nodes, cycleS, speedKmh, options);
  const placed = nodes.map((n, i) => ({ ...n, offsetS: solution.offsetsS[i] as number }));

  const intersections = timed.map(({ member, plan, needS, choice, retimed }, i): CorridorIntersectionPlan => {
    const proposedPlan: TimingPlan = { ...retimed, offsetS: solution.offsetsS[i] as number };
    const faults = checkPlan(proposedPlan);
    // Splits come from the allocator and offsets are reduced modulo the cycle: a fault is a bug.
    if (faults.length > 0) throw new Error(`corridor optimiser produced an invalid plan for ${member.intersection.id}: ${JSON.stringify(faults)}`);
    const currentS = evaluatePlan(plan, member.demands, options).delayS;
    const proposedS = evaluatePlan(proposedPlan, member.demands, options).delayS;
    return {
      intersectionId: member.intersection.id,
      distanceM: member.distanceM,
      travelTimeS: travelTimeS(member.distanceM, speedKmh),
      needS,
      cycleS: choice.cycleS,
      doubleCycled: choice.doubleCycled,
      delay: { currentS, proposedS, atCommonS: Number.isNaN(choice.delayAtCommonS) ? proposedS : choice.delayAtCommonS, atHalfS: choice.delayAtHalfS },
      currentPlan: plan,
      proposedPlan,
    };
  });

  return {
    corridorId: corridor.id,
    progressionSpeedKmh: speedKmh,
    cycleS,
    criticalIntersectionId: critical.member.intersection.id,
    intersections,
    offsets: { method: solution.method, oneWayS: oneWay.offsetsS, chosenS: solution.offsetsS },
    bandwidth: { outbound: solution.outbound, inbound: solution.inbound, oneWay: { outbound: oneWay.outbound, inbound: oneWay.inbound } },
    diagram: timeSpaceDiagram(placed, cycleS, speedKmh, { outbound: solution.outbound, inbound: solution.inbound }, diagramCycles),
  };
}

function validateMembers(corridor: { id: string; progressionSpeedKmh: number }, members: readonly CorridorMember[]): void {
  const faults: NetworkFault[] = [];
  if (!(corridor.progressionSpeedKmh > 0)) faults.push({ path: 'corridor.progressionSpeedKmh', reason: `must be positive, got ${corridor.progressionSpeedKmh}` });
  if (members.length < 2) faults.push({ path: 'members', reason: `a corridor needs at least two intersections, got ${members.length}` });
  members.forEach((member, i) => {
    const plan = member.plan ?? member.intersection.plan;
    const at = (field: string) => `members[${i}].${field}`;
    faults.push(...checkPlan(plan, at('plan')), ...validateDemand(plan, member.demands, at('demands')));
    const inRings = new Set(plan.rings.flat());
    if (!inRings.has(member.outboundPhase)) faults.push({ path: at('outboundPhase'), reason: `phase ${member.outboundPhase} is in no ring` });
    if (member.inboundPhase !== undefined && !inRings.has(member.inboundPhase)) {
      faults.push({ path: at('inboundPhase'), reason: `phase ${member.inboundPhase} is in no ring` });
    }
    const previous = members[i - 1];
    if (!(member.distanceM >= 0) || (previous && member.distanceM < previous.distanceM)) {
      faults.push({ path: at('distanceM'), reason: `distances must start at ≥ 0 and not decrease, got ${member.distanceM}` });
    }
  });
  if (faults.length > 0) throw new TimingInputError(faults);
}

function planId(currentId: string, suffix: string): string {
  return currentId.slice(0, 64 - suffix.length) + suffix;
}
