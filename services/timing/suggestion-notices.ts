/**
 * Live push of suggestion changes (DESIGN §10 `suggestion`): one `SuggestionNotice` per
 * intersection whose plan the suggestion changes, so the engineer view of each of them hears
 * of it; a corridor suggestion names its corridor on the first notice only (the corridor's
 * room would otherwise get the same news once per intersection).
 */
import type { SuggestionNotice } from '../contracts/live.js';
import type { SuggestionKind, SuggestionStatus } from '../contracts/timing.js';

/** A change to announce. `superseded` is not announced: the proposal or export that caused it is. */
export interface SuggestionChange {
  suggestionId: string;
  kind: SuggestionKind;
  targetId: string;
  intersectionIds: readonly string[];
  status: SuggestionStatus;
}

export type SuggestionPublisher = (change: SuggestionChange) => void;

/**
 * @example suggestionNotices({ suggestionId: '7', kind: 'corridor', targetId: 'nanjing-rd', intersectionIds: ['TJ01', 'TJ02'], status: 'approved' }, now)
 * // [{ suggestionId: '7', intersectionId: 'TJ01', corridorId: 'nanjing-rd', status: 'approved', sourceTs: now },
 * //  { suggestionId: '7', intersectionId: 'TJ02', corridorId: null, status: 'approved', sourceTs: now }]
 */
export function suggestionNotices(change: SuggestionChange, sourceTs: number): SuggestionNotice[] {
  if (change.status === 'superseded') return [];
  const status = change.status;
  return change.intersectionIds.map((intersectionId, i) => ({
    suggestionId: change.suggestionId,
    intersectionId,
    corridorId: change.kind === 'corridor' && i === 0 ? change.targetId : null,
    status,
    sourceTs,
  }));
}

/**
 * A publisher over a live publisher's `publishSuggestion` (or nothing, where no live layer runs).
 *
 * @example const publish = liveSuggestionPublisher((n) => system.live.publishSuggestion(n));
 */
export function liveSuggestionPublisher(send: ((notice: SuggestionNotice) => void) | undefined, now: () => number = Date.now): SuggestionPublisher {
  return (change) => {
    if (!send) return;
    for (const notice of suggestionNotices(change, now())) send(notice);
  };
}
