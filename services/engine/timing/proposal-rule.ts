/**
 * When a new plan is worth proposing (DESIGN §8: only when the expected delay improves by
 * ≥ 5 %; never oscillate).
 *
 * Why this cannot oscillate: a plan B is proposed over A only if d(B) ≤ 0.95 · d(A). Going
 * back would need d(A) ≤ 0.95 · d(B) ≤ 0.9025 · d(A) — impossible for the same demand. With
 * demand that drifts, the threshold is a dead band: noise of a few percent in 15-minute
 * counts does not flip plans. The absolute floor (1 s/veh by default) keeps quiet periods,
 * where 5 % is a fraction of a second, from churning plans for nothing; and the optimiser
 * keeps the current cycle when Webster's differs by less than one rounding step (see
 * `optimiseIntersection`), so offsets stay valid.
 * One exception: a current plan that breaks a minimum (a pedestrian walk + clearance that
 * no longer fits, say) is always replaced — safety before delay.
 */

export interface ProposalRuleOptions {
  /** Required relative improvement, % (default 5). */
  minImprovementPct?: number;
  /** Required absolute improvement, s/veh (default 1). */
  minImprovementS?: number;
}

export type ProposalReason = 'delay-improves' | 'restores-minimums' | 'gain-below-threshold' | 'no-demand';

export interface ProposalDecision {
  propose: boolean;
  reason: ProposalReason;
  /** current − proposed, s/veh. */
  improvementS: number;
  /** (current − proposed) / current, % (0 when the current delay is 0). */
  improvementPct: number;
}

/**
 * @example decideProposal(40, 37) // { propose: true, reason: 'delay-improves', improvementS: 3, improvementPct: 7.5 }
 * @example decideProposal(40, 38.5) // { propose: false, reason: 'gain-below-threshold', improvementS: 1.5, improvementPct: 3.75 }
 */
export function decideProposal(
  currentDelayS: number,
  proposedDelayS: number,
  options: ProposalRuleOptions & { currentMeetsMinimums?: boolean; flowVph?: number } = {},
): ProposalDecision {
  const { minImprovementPct = 5, minImprovementS = 1, currentMeetsMinimums = true, flowVph } = options;
  const improvementS = currentDelayS - proposedDelayS;
  const improvementPct = currentDelayS > 0 ? (100 * improvementS) / currentDelayS : 0;
  if (!currentMeetsMinimums) return { propose: true, reason: 'restores-minimums', improvementS, improvementPct };
  if (flowVph === 0) return { propose: false, reason: 'no-demand', improvementS, improvementPct };
  const propose = improvementPct >= minImprovementPct && improvementS >= minImprovementS;
  return { propose, reason: propose ? 'delay-improves' : 'gain-below-threshold', improvementS, improvementPct };
}
