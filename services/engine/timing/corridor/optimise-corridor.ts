/**
 * Corridor coordination (DESIGN §8): a common cycle, each intersection re-split for it (or
 * double-cycled), offsets for the main-direction green band — two-way when feasible — and
 * the bandwidths, efficiencies and time–space diagram that show the result. Pure.
 *
 * A member may be held: an intersection this corridor shares with a corridor of higher
 * priority keeps that corridor's plan (cycle, splits and offset). The common cycle is then
 * its cycle, and the offsets found for the band are shifted together (a band does not change
 * when every offset moves by the same time) so that the held offset is met exactly.
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
import { inboundBand, outboundBand, travelTimeS, type Band, type BandNode } from './bandwidth.js';
import { chooseNodeCycle } from './common-cycle.js';
import type { CorridorStop } from './corridor-geometry.js';
import { searchOffsets, type OffsetMethod, type OffsetSearchOptions, type OffsetSolution } from './green-band.js';
import { greenWindow, mod } from './phase-timeline.js';
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
  /** Keep this member's plan as it is (at most one per corridor; see the module comment). */
  held?: boolean;
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
  /** The plan was held (shared with a corridor of higher priority): proposed = current. */
  held: boolean;
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
  /** The intersection whose need (or held plan) set the common cycle. */
  criticalIntersectionId: string;
  /** The common cycle is the held member's cycle, not the largest need. */
  cycleHeld: boolean;
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
    const needS = member.held ? plan.cycleS : requiredCycle(plan, requirements, member.demands, options).cycleS;
    return { member, plan, requirements, needS };
  });
  const heldIndex = prepared.findIndex((p) => p.member.held);
  const critical = heldIndex >= 0 ? (prepared[heldIndex] as (typeof prepared)[number]) : prepared.reduce((a, b) => (b.needS > a.needS ? b : a));
  const cycleS = critical.needS;
  if (heldIndex >= 0) {
    const short = prepared.flatMap((p, i) => (!p.member.held && p.requirements.minimumCycleS > cycleS ? [{ p, i }] : []));
    if (short.length > 0) {
      throw new TimingInputError(
        short.map(({ p, i }) => ({ path: `members[${i}]`, reason: `${p.member.intersection.id} needs at least ${p.requirements.minimumCycleS} s for its minimums; the held cycle is ${cycleS} s` })),
      );
    }
  }

  const timed = prepared.map((p) => {
    if (p.member.held) {
      const delayS = evaluatePlan(p.plan, p.member.demands, options).delayS;
      return { ...p, choice: { cycleS, doubleCycled: false, delayAtCommonS: delayS, delayAtHalfS: null }, retimed: { ...p.plan, offsetS: 0 } };
    }
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
  const shiftToHeld = (offsetsS: readonly number[]) => heldShift(offsetsS, nodes, heldIndex < 0 ? undefined : { index: heldIndex, offsetS: (timed[heldIndex] as (typeof timed)[number]).plan.offsetS });
  const oneWay = rebanded(searchOffsets(nodes, cycleS, speedKmh, { ...options, twoWay: false }), shiftToHeld, nodes, cycleS, speedKmh);
  const solution = rebanded(searchOffsets(nodes, cycleS, speedKmh, options), shiftToHeld, nodes, cycleS, speedKmh);
  const placed = nodes.map((n, i) => ({ ...n, offsetS: solution.offsetsS[i] as number }));

  const intersections = timed.map(({ member, plan, needS, choice, retimed }, i): CorridorIntersectionPlan => {
    const proposedPlan: TimingPlan = member.held ? plan : { ...retimed, offsetS: solution.offsetsS[i] as number };
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
      held: member.held === true,
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
    cycleHeld: heldIndex >= 0,
    intersections,
    offsets: { method: solution.method, oneWayS: oneWay.offsetsS, chosenS: solution.offsetsS },
    bandwidth: { outbound: solution.outbound, inbound: solution.inbound, oneWay: { outbound: oneWay.outbound, inbound: oneWay.inbound } },
    diagram: timeSpaceDiagram(placed, cycleS, speedKmh, { outbound: solution.outbound, inbound: solution.inbound }, diagramCycles),
  };
}

/**
 * Offsets moved together so that the held member's offset is its plan's: every node by the
 * same time, modulo its own cycle (a double-cycled node repeats every C/2, so the shift holds).
 */
function heldShift(offsetsS: readonly number[], nodes: readonly BandNode[], held: { index: number; offsetS: number } | undefined): number[] {
  if (!held) return [...offsetsS];
  const shiftS = held.offsetS - (offsetsS[held.index] as number);
  return offsetsS.map((o, i) => mod(Math.round(o + shiftS), (nodes[i] as BandNode).cycleS));
}

/** A solution with shifted offsets and its bands measured again (their start moves with the shift). */
function rebanded(solution: OffsetSolution, shift: (o: readonly number[]) => number[], nodes: readonly BandNode[], cycleS: number, speedKmh: number): OffsetSolution {
  const offsetsS = shift(solution.offsetsS);
  const placed = nodes.map((n, i) => ({ ...n, offsetS: offsetsS[i] as number }));
  return { ...solution, offsetsS, outbound: outboundBand(placed, cycleS, speedKmh), inbound: solution.inbound ? inboundBand(placed, cycleS, speedKmh) : null };
}

function validateMembers(corridor: { id: string; progressionSpeedKmh: number }, members: readonly CorridorMember[]): void {
  const faults: NetworkFault[] = [];
  const held = members.filter((m) => m.held);
  if (held.length > 1) faults.push({ path: 'members', reason: `at most one held intersection per corridor, got ${held.map((m) => m.intersection.id).join(', ')}` });
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
