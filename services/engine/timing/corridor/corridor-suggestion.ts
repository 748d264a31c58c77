/**
 * The timing suggestion for a corridor (DESIGN §8): the prioritised coordination of its
 * intersections, the band it gives against the band the current plans give, the expected
 * delay before and after, and whether it is worth proposing.
 *
 * Proposal rule: the intersection rule (≥ 5 % and ≥ 1 s/veh less expected delay, flow-weighted
 * over the intersections it re-times), or a main-direction band at least 5 s wider while the
 * expected delay rises by less than 5 %. The second arm exists because the HCM estimate keeps
 * each movement's measured arrival type, so it cannot credit the platoons a new band delivers;
 * its 5 % limit keeps a band from being bought with real delay. Neither arm can flip back for
 * the same demand: the old plans have the narrower band and (by the first arm) no lower delay.
 */
import type { TimingPlan } from '../../../../geo/network/network.schema.js';
import { decideProposal, type ProposalDecision, type ProposalRuleOptions } from '../proposal-rule.js';
import { bandFor, bandDirections, type Band, type BandNode } from './bandwidth.js';
import { prioritisedCorridor, type SharedIntersectionDecision } from './corridor-priority.js';
import type { CorridorMember, CorridorOptions, CorridorTiming } from './optimise-corridor.js';
import { greenWindow } from './phase-timeline.js';
import { timeSpaceDiagram, type TimeSpaceDiagram } from './time-space.js';

export interface CorridorSuggestionOptions extends CorridorOptions, ProposalRuleOptions {
  /** Main-direction band gain that justifies a proposal on its own, s (default 5). */
  minBandGainS?: number;
  /** Largest expected-delay rise a band gain may cost, % (default 5). */
  maxDelayRisePct?: number;
}

export type CorridorProposalReason = ProposalDecision['reason'] | 'band-improves' | 'nothing-to-coordinate';

export interface CorridorDecision extends Omit<ProposalDecision, 'reason'> {
  reason: CorridorProposalReason;
  /** Proposed − current main-direction band, s. */
  bandGainS: number;
}

/** The band the current plans give, when they share a cycle (or run half of it). */
export interface CurrentBand {
  /** Null when the current cycles differ: there is no common cycle, so no band. */
  cycleS: number | null;
  outbound: Band | null;
  inbound: Band | null;
}

export interface CorridorSuggestion {
  corridorId: string;
  decision: CorridorDecision;
  /** Null when fewer than two intersections are left to coordinate. */
  timing: CorridorTiming | null;
  shared: SharedIntersectionDecision[];
  current: CurrentBand;
  /** Flow-weighted expected control delay over the re-timed intersections, s/veh. */
  delay: { currentS: number; proposedS: number; flowVph: number };
  /** The plans this suggestion changes (held intersections excluded). */
  plans: { intersectionId: string; plan: TimingPlan }[];
}

/**
 * @throws {TimingInputError} as `optimiseCorridor` does.
 * @example
 * const s = suggestCorridorTiming({ id: 'weijin-rd', progressionSpeedKmh: 45 }, members, held);
 * if (s.decision.propose) store(s.plans);
 */
export function suggestCorridorTiming(
  corridor: { id: string; progressionSpeedKmh: number },
  members: readonly CorridorMember[],
  heldPlans: ReadonlyMap<string, { plan: TimingPlan; ownerCorridorId: string }>,
  options: CorridorSuggestionOptions = {},
): CorridorSuggestion {
  const { minBandGainS = 5, maxDelayRisePct = 5 } = options;
  const { timing, shared } = prioritisedCorridor(corridor, members, heldPlans, options);
  if (!timing) {
    return {
      corridorId: corridor.id,
      decision: { propose: false, reason: 'nothing-to-coordinate', improvementS: 0, improvementPct: 0, bandGainS: 0 },
      timing: null,
      shared,
      current: { cycleS: null, outbound: null, inbound: null },
      delay: { currentS: 0, proposedS: 0, flowVph: 0 },
      plans: [],
    };
  }
  const coordinatedIds = new Set(timing.intersections.map((i) => i.intersectionId));
  const coordinated = members.filter((m) => coordinatedIds.has(m.intersection.id)).map((m) => ({ ...m, plan: heldPlans.get(m.intersection.id)?.plan ?? m.plan }));
  const current = currentBand(coordinated, corridor.progressionSpeedKmh);

  const retimed = timing.intersections.filter((i) => !i.held);
  const flowOf = (id: string) => members.find((m) => m.intersection.id === id)?.demands.reduce((sum, d) => sum + d.flowVph, 0) ?? 0;
  const flowVph = retimed.reduce((sum, i) => sum + flowOf(i.intersectionId), 0);
  const weighted = (pick: (i: (typeof retimed)[number]) => number) =>
    flowVph > 0 ? retimed.reduce((sum, i) => sum + flowOf(i.intersectionId) * pick(i), 0) / flowVph : 0;
  const delay = { currentS: weighted((i) => i.delay.currentS), proposedS: weighted((i) => i.delay.proposedS), flowVph };

  const byDelay = decideProposal(delay.currentS, delay.proposedS, { ...options, flowVph });
  const bandGainS = timing.bandwidth.outbound.widthS - (current.outbound?.widthS ?? 0);
  const delayRisePct = delay.currentS > 0 ? (100 * (delay.proposedS - delay.currentS)) / delay.currentS : 0;
  let decision: CorridorDecision = { ...byDelay, bandGainS };
  if (!byDelay.propose && byDelay.reason !== 'no-demand' && bandGainS >= minBandGainS && delayRisePct < maxDelayRisePct) {
    decision = { ...byDelay, propose: true, reason: 'band-improves', bandGainS };
  }
  return {
    corridorId: corridor.id,
    decision,
    timing,
    shared,
    current,
    delay,
    plans: retimed.map((i) => ({ intersectionId: i.intersectionId, plan: i.proposedPlan })),
  };
}

/**
 * The band of the plans as they run: a common cycle exists when every cycle is the longest one
 * or half of it (double cycling); otherwise there is no band to speak of.
 *
 * @example currentBand(members, 40) // { cycleS: 140, outbound: { widthS: 12, ... }, inbound: null }
 */
export function currentBand(members: readonly CorridorMember[], speedKmh: number): CurrentBand {
  return currentTimeSpace(members, speedKmh).band;
}

/**
 * The current plans' band and their time–space diagram (null without a common cycle): the
 * corridor view before any suggestion.
 *
 * @example currentTimeSpace(members, 40, 3).diagram?.intersections[0].outbound.greens // [[0, 35], [80, 115], [160, 195]]
 */
export function currentTimeSpace(members: readonly CorridorMember[], speedKmh: number, cycles = 3): { band: CurrentBand; diagram: TimeSpaceDiagram | null } {
  const plans = members.map((m) => m.plan ?? m.intersection.plan);
  const cycleS = Math.max(...plans.map((p) => p.cycleS));
  if (members.length < 2 || plans.some((p) => p.cycleS !== cycleS && p.cycleS * 2 !== cycleS)) return { band: { cycleS: null, outbound: null, inbound: null }, diagram: null };
  const nodes: BandNode[] = members.map((m, i) => {
    const plan = plans[i] as TimingPlan;
    return {
      intersectionId: m.intersection.id,
      distanceM: m.distanceM,
      cycleS: plan.cycleS,
      offsetS: plan.offsetS,
      outbound: greenWindow(plan, m.outboundPhase),
      ...(m.inboundPhase !== undefined ? { inbound: greenWindow(plan, m.inboundPhase) } : {}),
    };
  });
  const directions = bandDirections(nodes, speedKmh);
  const offsets = nodes.map((n) => n.offsetS);
  const outbound = bandFor(directions.outbound, offsets, cycleS);
  const inbound = directions.inbound ? bandFor(directions.inbound, offsets, cycleS) : null;
  return { band: { cycleS, outbound, inbound }, diagram: timeSpaceDiagram(nodes, cycleS, speedKmh, { outbound, inbound }, cycles) };
}
