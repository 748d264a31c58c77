/**
 * Timing suggestions and the latest run per target (DESIGN §8, §9 `timing_suggestions`).
 * Rows come back as the HTTP contract's shapes (`services/contracts/timing.ts`), times as epoch ms.
 */
import type { ProposedPlan, RunOutcome, RunStatus, RunTrigger, Suggestion, SuggestionKind, SuggestionStatus, SuggestionSummary } from '../../contracts/timing.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

/** What a run stores when it proposes. */
export interface NewSuggestion {
  kind: SuggestionKind;
  targetId: string;
  intersectionIds: readonly string[];
  trigger: RunTrigger;
  window: { from: number; to: number };
  basePlanVersions: Record<string, number>;
  plans: readonly ProposedPlan[];
  reasoning: unknown;
  quality: unknown;
  reason: string;
  delayBeforeS: number;
  delayAfterS: number;
  improvementPct: number;
  bandGainS: number | null;
  createdBy: string;
}

export interface SuggestionFilter {
  statuses?: readonly SuggestionStatus[];
  kind?: SuggestionKind;
  intersectionId?: string;
  corridorId?: string;
  beforeId?: string;
  limit: number;
}

type SummaryRow = {
  id: number;
  kind: SuggestionKind;
  target_id: string;
  intersection_ids: string[];
  status: SuggestionStatus;
  trigger: RunTrigger;
  window_from: Date;
  window_to: Date;
  base_versions: Record<string, number>;
  reason: string;
  delay_before_s: number;
  delay_after_s: number;
  improvement_pct: number;
  band_gain_s: number | null;
  created_at: Date;
  created_by: string;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_comment: string | null;
  exported_by: string | null;
  exported_at: Date | null;
  exported_versions: Record<string, number> | null;
  superseded_by: number | null;
};
type FullRow = SummaryRow & { plans: ProposedPlan[]; reasoning: unknown; quality: unknown };

const ms = (date: Date | null) => (date ? date.getTime() : null);

function summaryOf(row: SummaryRow): SuggestionSummary {
  return {
    id: String(row.id),
    kind: row.kind,
    targetId: row.target_id,
    intersectionIds: row.intersection_ids,
    status: row.status,
    trigger: row.trigger,
    window: { from: row.window_from.getTime(), to: row.window_to.getTime() },
    createdAt: row.created_at.getTime(),
    createdBy: row.created_by,
    basePlanVersions: row.base_versions,
    reason: row.reason,
    expected: { delayBeforeS: row.delay_before_s, delayAfterS: row.delay_after_s, improvementPct: row.improvement_pct, bandGainS: row.band_gain_s },
    review: { by: row.reviewed_by, at: ms(row.reviewed_at), comment: row.review_comment },
    export: { by: row.exported_by, at: ms(row.exported_at), planVersions: row.exported_versions },
    supersededBy: row.superseded_by === null ? null : String(row.superseded_by),
  };
}

/**
 * @example const id = await insertSuggestion(tx, { kind: 'intersection', targetId: 'TJ03', ... });
 */
export async function insertSuggestion(sql: SqlExecutor, s: NewSuggestion): Promise<string> {
  const result = await sql.query<{ id: number }>(sqlFile('timing/insert-suggestion'), [
    s.kind,
    s.targetId,
    s.intersectionIds,
    s.trigger,
    new Date(s.window.from),
    new Date(s.window.to),
    JSON.stringify(s.basePlanVersions),
    JSON.stringify(s.plans),
    JSON.stringify(s.reasoning),
    JSON.stringify(s.quality),
    s.reason,
    s.delayBeforeS,
    s.delayAfterS,
    s.improvementPct,
    s.bandGainS,
    s.createdBy,
  ]);
  return String((result.rows[0] as { id: number }).id);
}

/**
 * @example (await getSuggestion(store, '7'))?.status // 'proposed'
 */
export async function getSuggestion(sql: SqlExecutor, id: string): Promise<Suggestion | undefined> {
  const row = (await sql.query<FullRow>(sqlFile('timing/get-suggestion'), [id])).rows[0];
  return row ? { ...summaryOf(row), plans: row.plans, reasoning: row.reasoning, quality: row.quality } : undefined;
}

/**
 * Newest first; `nextBefore` pages on.
 *
 * @example await listSuggestions(store, { statuses: ['proposed'], intersectionId: 'TJ03', limit: 20 })
 */
export async function listSuggestions(sql: SqlExecutor, filter: SuggestionFilter): Promise<{ items: SuggestionSummary[]; nextBefore: string | null }> {
  const result = await sql.query<SummaryRow>(sqlFile('timing/list-suggestions'), [
    filter.statuses && filter.statuses.length > 0 ? filter.statuses : null,
    filter.kind ?? null,
    filter.intersectionId ?? null,
    filter.corridorId ?? null,
    filter.beforeId ?? null,
    filter.limit + 1,
  ]);
  const items = result.rows.slice(0, filter.limit).map(summaryOf);
  return { items, nextBefore: result.rows.length > filter.limit ? (items[items.length - 1]?.id ?? null) : null };
}

/** An open suggestion as superseding sees it. */
export interface OpenSuggestion {
  id: string;
  kind: SuggestionKind;
  targetId: string;
  status: 'proposed' | 'approved';
  plans: ProposedPlan[];
}

/**
 * Open suggestions of a target, or computed against any of `intersectionIds`' plans, locked
 * (run it inside a transaction).
 *
 * @example await openSuggestions(tx, { target: { kind: 'intersection', id: 'TJ03' } })
 */
export async function openSuggestions(
  sql: SqlExecutor,
  by: { target?: { kind: SuggestionKind; id: string }; intersectionIds?: readonly string[] },
): Promise<OpenSuggestion[]> {
  const result = await sql.query<{ id: number; kind: SuggestionKind; target_id: string; status: 'proposed' | 'approved'; plans: ProposedPlan[] }>(
    sqlFile('timing/open-suggestions'),
    [by.target?.kind ?? null, by.target?.id ?? null, by.intersectionIds && by.intersectionIds.length > 0 ? by.intersectionIds : null],
  );
  return result.rows.map((row) => ({ id: String(row.id), kind: row.kind, targetId: row.target_id, status: row.status, plans: row.plans }));
}

/** Fields a transition sets besides the status (absent: unchanged). */
export interface TransitionPatch {
  reviewedBy?: string;
  reviewComment?: string;
  exportedBy?: string;
  exportedVersions?: Record<string, number>;
  supersededBy?: string;
}

/**
 * Moves a suggestion from one of `from` to `to`; false when it is not in one of them (or absent).
 *
 * @example await transitionSuggestion(store, '7', ['proposed'], 'approved', { reviewedBy: 'wang' })
 */
export async function transitionSuggestion(
  sql: SqlExecutor,
  id: string,
  from: readonly SuggestionStatus[],
  to: SuggestionStatus,
  patch: TransitionPatch = {},
): Promise<boolean> {
  const result = await sql.query(sqlFile('timing/transition-suggestion'), [
    id,
    from,
    to,
    patch.reviewedBy ?? null,
    patch.reviewComment ?? null,
    patch.exportedBy ?? null,
    patch.exportedVersions ? JSON.stringify(patch.exportedVersions) : null,
    patch.supersededBy ?? null,
  ]);
  return result.rows.length === 1;
}

/**
 * Records the latest run of a target.
 *
 * @example await recordRun(store, { kind: 'intersection', targetId: 'TJ03', outcome: 'no-gain', ... })
 */
export async function recordRun(sql: SqlExecutor, run: Omit<RunStatus, 'detail'> & { detail: unknown }): Promise<void> {
  await sql.query(sqlFile('timing/upsert-run'), [
    run.kind,
    run.targetId,
    new Date(run.ranAt),
    new Date(run.window.from),
    new Date(run.window.to),
    run.trigger,
    run.outcome,
    run.suggestionId,
    JSON.stringify(run.detail ?? {}),
  ]);
}

/**
 * Latest runs: all, those of an intersection (its own and its corridors'), or of a corridor.
 *
 * @example await listRuns(store, { intersectionId: 'TJ03', corridorIds: ['nanjing-rd'] })
 */
export async function listRuns(sql: SqlExecutor, filter: { intersectionId?: string; corridorIds?: readonly string[]; corridorId?: string } = {}): Promise<RunStatus[]> {
  const result = await sql.query<{
    kind: SuggestionKind;
    target_id: string;
    ran_at: Date;
    window_from: Date;
    window_to: Date;
    trigger: RunTrigger;
    outcome: RunOutcome;
    suggestion_id: number | null;
    detail: unknown;
  }>(sqlFile('timing/list-runs'), [filter.intersectionId ?? null, filter.corridorIds ?? [], filter.corridorId ?? null]);
  return result.rows.map((row) => ({
    kind: row.kind,
    targetId: row.target_id,
    ranAt: row.ran_at.getTime(),
    window: { from: row.window_from.getTime(), to: row.window_to.getTime() },
    trigger: row.trigger,
    outcome: row.outcome,
    suggestionId: row.suggestion_id === null ? null : String(row.suggestion_id),
    detail: row.detail,
  }));
}
