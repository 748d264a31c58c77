/**
 * Intersections on two corridors (DESIGN §8 leaves open who sets their timing): one plan
 * cannot give both corridors the offsets each would choose alone. The rule here is
 * **corridor priority**: corridors rank in the order the network file lists them, and a
 * shared intersection belongs to the first corridor that lists it (its owner). A corridor of
 * lower priority takes the owner's plan at the shared intersection as it is (held):
 *
 * - coupled — when the held cycle is at least what every other intersection of the corridor
 *   needs, the corridor runs the held cycle and its offsets are searched around the held
 *   offset, so its band meets the owner's timing at the shared intersection;
 * - decoupled — when its intersections need a longer cycle, imposing the held one would starve
 *   them, and lengthening it would re-time the owner's corridor: the corridor is coordinated
 *   without the shared intersection (its band starts or ends there), at its own cycle.
 *   Only the first held intersection (in corridor order) can be coupled; a second one is
 *   decoupled, because one shift of all offsets can meet one held offset, not two.
 *
 * Why priority rather than joint coordination of every connected corridor: all 18 showcase
 * intersections are linked through shared intersections, so a joint common cycle would be the
 * largest need of the whole district, imposed on its quietest junctions; priority keeps each
 * corridor's cycle its own unless coupling costs nothing, and it is a rule an engineer can
 * predict and override by reordering the corridors. In the simulator's AM peak, coupling where
 * the held cycle fits beat always decoupling (network delay −29.9 % vs −24.6 %, seed 20261127).
 */
import type { Corridor, TimingPlan } from '../../../../geo/network/network.schema.js';
import { requiredCycle } from '../cycle-refinement.js';
import { planRequirements } from '../retime-plan.js';
import { optimiseCorridor, type CorridorMember, type CorridorOptions, type CorridorTiming } from './optimise-corridor.js';

/** What happened to an intersection this corridor shares with one of higher priority. */
export interface SharedIntersectionDecision {
  intersectionId: string;
  /** The corridor that owns it (sets its plan). */
  ownerCorridorId: string;
  coupled: boolean;
  reason: 'held-cycle-fits' | 'held-cycle-too-short' | 'second-held-intersection';
  /** The owner's cycle at this intersection, s. */
  heldCycleS: number;
  /** The longest cycle the corridor's other intersections need, s. */
  corridorNeedS: number;
}

export interface PrioritisedCorridor {
  corridorId: string;
  /** Null when fewer than two intersections are left to coordinate. */
  timing: CorridorTiming | null;
  shared: SharedIntersectionDecision[];
}

/**
 * The owner of each intersection: the first corridor (in priority order) that lists it.
 *
 * @example corridorOwners(network.corridors).get('TJ01') // 'nanjing-rd'
 */
export function corridorOwners(corridors: readonly Pick<Corridor, 'id' | 'intersections'>[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const corridor of corridors) for (const id of corridor.intersections) if (!owners.has(id)) owners.set(id, corridor.id);
  return owners;
}

/**
 * One corridor under the priority rule. `heldPlans` gives, for the intersections owned by
 * corridors of higher priority, the plan they run (or will run) and their owner.
 *
 * @throws {TimingInputError} as `optimiseCorridor` does.
 * @example
 * const held = new Map([['TJ01', { plan: nanjingPlanOfTJ01, ownerCorridorId: 'nanjing-rd' }]]);
 * prioritisedCorridor({ id: 'weijin-rd', progressionSpeedKmh: 45 }, members, held).shared[0].coupled // true
 */
export function prioritisedCorridor(
  corridor: { id: string; progressionSpeedKmh: number },
  members: readonly CorridorMember[],
  heldPlans: ReadonlyMap<string, { plan: TimingPlan; ownerCorridorId: string }>,
  options: CorridorOptions = {},
): PrioritisedCorridor {
  const free = members.filter((m) => !heldPlans.has(m.intersection.id));
  const held = members.filter((m) => heldPlans.has(m.intersection.id));
  const needOf = (m: CorridorMember) => {
    const plan = m.plan ?? m.intersection.plan;
    const requirements = planRequirements(plan, m.demands, options);
    return { needS: requiredCycle(plan, requirements, m.demands, options).cycleS, minimumCycleS: requirements.minimumCycleS };
  };
  const needs = free.map(needOf);
  const corridorNeedS = Math.max(0, ...needs.map((n) => n.needS));
  const minimumS = Math.max(0, ...needs.map((n) => n.minimumCycleS));

  const shared: SharedIntersectionDecision[] = [];
  let coupled: CorridorMember | undefined;
  for (const member of held) {
    const { plan, ownerCorridorId } = heldPlans.get(member.intersection.id) as { plan: TimingPlan; ownerCorridorId: string };
    const base = { intersectionId: member.intersection.id, ownerCorridorId, heldCycleS: plan.cycleS, corridorNeedS };
    if (coupled) {
      shared.push({ ...base, coupled: false, reason: 'second-held-intersection' });
    } else if (plan.cycleS >= corridorNeedS && plan.cycleS >= minimumS) {
      coupled = { ...member, plan, held: true };
      shared.push({ ...base, coupled: true, reason: 'held-cycle-fits' });
    } else {
      shared.push({ ...base, coupled: false, reason: 'held-cycle-too-short' });
    }
  }
  const coupledId = coupled?.intersection.id;
  const coordinated = members.flatMap((m) => (!heldPlans.has(m.intersection.id) ? [m] : coupled && m.intersection.id === coupledId ? [coupled] : []));
  if (coordinated.length < 2 || free.length === 0) return { corridorId: corridor.id, timing: null, shared };
  // Distances stay measured from the corridor's first intersection; a band starting further along is the same band.
  return { corridorId: corridor.id, timing: optimiseCorridor(corridor, coordinated, options), shared };
}

/**
 * Every corridor in priority order, each seeing the plans its predecessors proposed at the
 * intersections they own — what the corridor jobs converge to once each suggestion is
 * exported in turn. Returns the corridors and the resulting plan of every coordinated intersection.
 *
 * @example
 * const { plans } = prioritisedCorridors(network.corridors, (c) => membersOf(c));
 * plans.get('TJ07')?.plan.cycleS // the cycle of weijin-rd
 */
export function prioritisedCorridors(
  corridors: readonly (Pick<Corridor, 'id' | 'intersections' | 'progressionSpeedKmh'>)[],
  membersOf: (corridor: Pick<Corridor, 'id' | 'intersections' | 'progressionSpeedKmh'>) => readonly CorridorMember[],
  options: CorridorOptions = {},
): { corridors: PrioritisedCorridor[]; plans: Map<string, { plan: TimingPlan; corridorId: string }> } {
  const owners = corridorOwners(corridors);
  const plans = new Map<string, { plan: TimingPlan; corridorId: string }>();
  const results: PrioritisedCorridor[] = [];
  for (const corridor of corridors) {
    const members = membersOf(corridor);
    const held = new Map<string, { plan: TimingPlan; ownerCorridorId: string }>();
    for (const member of members) {
      const owner = owners.get(member.intersection.id);
      if (owner === undefined || owner === corridor.id) continue;
      const planned = plans.get(member.intersection.id);
      held.set(member.intersection.id, { plan: planned?.plan ?? member.plan ?? member.intersection.plan, ownerCorridorId: owner });
    }
    const result = prioritisedCorridor(corridor, members, held, options);
    results.push(result);
    for (const i of result.timing?.intersections ?? []) if (!i.held) plans.set(i.intersectionId, { plan: i.proposedPlan, corridorId: corridor.id });
  }
  return { corridors: results, plans };
}
