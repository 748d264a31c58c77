/**
 * Message keys built from timing values (statuses, run outcomes, reasons, flags, ...). Like
 * `i18n/keys.ts` for the rest of the dashboard: every dynamic timing key comes from here, and
 * test/dashboard/timing-keys.test.ts checks each family has a message for each member in both
 * languages.
 */
import { RUN_OUTCOMES, SUGGESTION_KINDS, SUGGESTION_STATUSES, type RunOutcome, type SuggestionKind, type SuggestionStatus } from '../../../../../services/contracts/timing.js';
import type { SharedIntersectionDecision } from '../../../../../services/engine/timing/corridor/corridor-priority.js';
import type { CorridorProposalReason } from '../../../../../services/engine/timing/corridor/corridor-suggestion.js';
import type { ChangeIntervalFlagGroup } from '../../../../../services/engine/timing/flag-groups.js';
import { PHASE_DIFF_FIELDS, type PhaseDiff, type PhaseDiffField } from '../../../../../services/engine/timing/plan-diff.js';
import type { SplitBound } from '../../../../../services/engine/timing/retime-plan.js';
import type { TimingFlag } from '../../../../../services/engine/timing/suggestion.js';

/** Flags shown one by one (the change-interval ones are grouped, see `groupFlags`). */
export type SingleFlagCode = Exclude<TimingFlag['code'], ChangeIntervalFlagGroup['code']>;
const SINGLE_FLAGS: Record<SingleFlagCode, true> = {
  saturated: true,
  oversaturated: true,
  'cycle-at-limit': true,
  'cycle-kept': true,
  'cycle-held': true,
  'cycle-lengthened-for-minimums': true,
  'cycle-lengthened-for-delay': true,
  'minimums-exceed-cycle-max': true,
  'pedestrian-bound': true,
  'current-below-minimum': true,
  'change-interval-applied': true,
};
export const SINGLE_FLAG_CODES = Object.keys(SINGLE_FLAGS) as SingleFlagCode[];
export const FLAG_GROUP_CODES: readonly ChangeIntervalFlagGroup['code'][] = ['yellow-short', 'all-red-short'];
export const PROPOSAL_REASONS: readonly CorridorProposalReason[] = ['delay-improves', 'restores-minimums', 'band-improves', 'gain-below-threshold', 'no-demand', 'nothing-to-coordinate'];
export const SPLIT_BOUNDS: readonly SplitBound[] = ['flow-ratio', 'min-green', 'pedestrian'];
export const SHARED_REASONS: readonly SharedIntersectionDecision['reason'][] = ['held-cycle-fits', 'held-cycle-too-short', 'second-held-intersection'];
export const DIFF_STATUSES: readonly PhaseDiff['status'][] = ['added', 'removed', 'changed', 'same'];
export { PHASE_DIFF_FIELDS, RUN_OUTCOMES, SUGGESTION_KINDS, SUGGESTION_STATUSES };

export const suggestionStatusKey = (status: SuggestionStatus) => `timing.status.${status}` as const;
export const runOutcomeKey = (outcome: RunOutcome) => `timing.outcome.${outcome}` as const;
export const suggestionKindKey = (kind: SuggestionKind) => `timing.kind.${kind}` as const;
export const proposalReasonKey = (reason: string) => `timing.reason.${reason}` as const;
export const flagKey = (code: SingleFlagCode) => `timing.flag.${code}` as const;
export const flagGroupKey = (code: ChangeIntervalFlagGroup['code']) => `timing.flagGroup.${code}` as const;
export const splitBoundKey = (bound: SplitBound) => `timing.bound.${bound}` as const;
export const sharedReasonKey = (reason: SharedIntersectionDecision['reason']) => `timing.shared.${reason}` as const;
export const diffStatusKey = (status: PhaseDiff['status']) => `timing.diffStatus.${status}` as const;
export const diffFieldKey = (field: PhaseDiffField) => `timing.field.${field}` as const;

/**
 * A flag's values as message parameters: numbers to one decimal, lists joined.
 *
 * @example flagParams({ code: 'cycle-held', currentS: 125, requiredS: 110 }) // { currentS: '125', requiredS: '110' }
 */
export function flagParams(flag: object): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(flag)) {
    if (name === 'code') continue;
    params[name] = typeof value === 'number' ? String(Math.round(value * 10) / 10) : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return params;
}
