/**
 * The engineer's review of a suggestion (DESIGN §8): approve, reject with a comment, export.
 *
 * When the plan in force changes: at export. Approval is a decision about a proposal; export is
 * the moment the plan leaves the product for the controller (the upload itself is outside it),
 * so that is when it becomes a new plan version (source `suggestion`) — the highest version,
 * i.e. the current plan that the next runs, the engineer view and a simulator run start from.
 * An explicit "deployed" step would need a signal the product does not have; if the upload is
 * delayed, the engineer exports when it is due.
 *
 * Optimistic concurrency on plan versions: a suggestion records the versions it was computed
 * against; approving or exporting it after any of them changed is refused (ZHIDU_ERR_PLAN_CONFLICT)
 * and it is marked superseded. Exporting supersedes every other open suggestion computed against
 * the plans it replaces. Every change is described to the auditor (before/after) and pushed live.
 */
import type { Auditor } from '../auth/audit.js';
import { Errors, problem } from '../contracts/errors.js';
import type { UserPrincipal } from '../contracts/identity.js';
import type { Suggestion, SuggestionStatus } from '../contracts/timing.js';
import type { SqlExecutor, SqlPort } from '../store/port.js';
import { currentPlanVersions, insertPlanVersion } from '../store/repositories/timing-plan.repository.js';
import { getSuggestion, openSuggestions, transitionSuggestion } from '../store/repositories/timing-suggestion.repository.js';
import type { SuggestionPublisher } from './suggestion-notices.js';

/** Called with each status change (metrics). */
export type TransitionObserver = (to: SuggestionStatus) => void;

export class SuggestionReview {
  constructor(private readonly deps: { store: SqlPort; publish: SuggestionPublisher; observe?: TransitionObserver }) {}

  /**
   * proposed → approved.
   *
   * @throws {ZhiduError} NOT_FOUND, CONFLICT (not proposed), PLAN_CONFLICT (a base plan changed).
   * @example await review.approve('7', principal, auditor, 'checked against the field counts')
   */
  async approve(id: string, by: UserPrincipal, auditor: Auditor, comment?: string): Promise<Suggestion> {
    return this.transition(id, ['proposed'], 'approved', by, auditor, { reviewedBy: by.name, ...(comment ? { reviewComment: comment } : {}) }, comment ?? null);
  }

  /**
   * proposed | approved → rejected, with the reason.
   *
   * @throws {ZhiduError} NOT_FOUND, CONFLICT (already decided).
   * @example await review.reject('7', principal, auditor, 'school holiday counts')
   */
  async reject(id: string, by: UserPrincipal, auditor: Auditor, comment: string): Promise<Suggestion> {
    if (comment.trim() === '') throw problem(Errors.VALIDATION, 'a rejection needs a comment', { errors: [{ field: '/body/comment', reason: 'empty' }] });
    return this.transition(id, ['proposed', 'approved'], 'rejected', by, auditor, { reviewedBy: by.name, reviewComment: comment }, comment);
  }

  /**
   * approved → exported: each proposed plan becomes the next version of its intersection.
   *
   * @throws {ZhiduError} NOT_FOUND, CONFLICT (not approved), PLAN_CONFLICT (a base plan changed).
   * @example (await review.export('7', principal, auditor)).export.planVersions // { TJ03: 2 }
   */
  async export(id: string, by: UserPrincipal, auditor: Auditor): Promise<Suggestion> {
    const changes: Parameters<Auditor['record']>[0][] = [];
    const superseded: string[] = [];
    await this.deps.store.transaction(async (tx) => {
      const suggestion = await this.load(tx, id);
      expectStatus(suggestion, ['approved'], 'exported');
      await this.expectCurrentBase(tx, suggestion);
      const versions: Record<string, number> = {};
      for (const proposed of suggestion.plans) {
        const version = proposed.baseVersion + 1;
        const note = `suggestion ${suggestion.id} (${suggestion.kind} ${suggestion.targetId})`;
        const inserted = await insertPlanVersion(tx, { intersectionId: proposed.intersectionId, version, plan: proposed.plan, source: 'suggestion', note, createdBy: by.name });
        if (!inserted) throw problem(Errors.PLAN_CONFLICT, `version ${version} of ${proposed.intersectionId} was written by someone else`);
        versions[proposed.intersectionId] = version;
        changes.push({
          action: 'timing-plan.create',
          target: { kind: 'timing-plan', id: `${proposed.intersectionId}@${version}` },
          after: { intersectionId: proposed.intersectionId, version, source: 'suggestion', suggestionId: suggestion.id, planId: proposed.plan.id, cycleS: proposed.plan.cycleS, offsetS: proposed.plan.offsetS },
        });
      }
      if (!(await transitionSuggestion(tx, id, ['approved'], 'exported', { exportedBy: by.name, exportedVersions: versions }))) {
        throw problem(Errors.CONFLICT, `suggestion ${id} changed while it was being exported`);
      }
      changes.unshift({ action: 'timing-suggestion.export', target: { kind: 'timing-suggestion', id }, before: { status: 'approved' }, after: { status: 'exported', planVersions: versions } });
      for (const other of await openSuggestions(tx, { intersectionIds: suggestion.plans.map((p) => p.intersectionId) })) {
        if (other.id === id || !(await transitionSuggestion(tx, other.id, ['proposed', 'approved'], 'superseded', { supersededBy: id }))) continue;
        superseded.push(other.id);
        changes.push({ action: 'timing-suggestion.supersede', target: { kind: 'timing-suggestion', id: other.id }, before: { status: other.status }, after: { status: 'superseded', supersededBy: id } });
      }
    });
    for (const change of changes) await auditor.record(change);
    for (let i = 0; i < superseded.length; i++) this.deps.observe?.('superseded');
    return this.announce(id, 'exported');
  }

  private async transition(
    id: string,
    from: readonly SuggestionStatus[],
    to: SuggestionStatus,
    by: UserPrincipal,
    auditor: Auditor,
    patch: Parameters<typeof transitionSuggestion>[4],
    comment: string | null,
  ): Promise<Suggestion> {
    let before: SuggestionStatus = 'proposed';
    const stale = await this.deps.store.transaction(async (tx) => {
      const suggestion = await this.load(tx, id);
      expectStatus(suggestion, from, to);
      before = suggestion.status;
      // Rejecting a stale suggestion is fine (it goes either way); approving one is not.
      if (to === 'approved' && (await this.staleBase(tx, suggestion))) {
        await transitionSuggestion(tx, id, from, 'superseded');
        return true;
      }
      if (!(await transitionSuggestion(tx, id, from, to, patch))) throw problem(Errors.CONFLICT, `suggestion ${id} changed meanwhile; reload it`);
      return false;
    });
    if (stale) {
      await auditor.record({ action: 'timing-suggestion.supersede', target: { kind: 'timing-suggestion', id }, before: { status: before }, after: { status: 'superseded', reason: 'a base plan changed' } });
      this.deps.observe?.('superseded');
      throw problem(Errors.PLAN_CONFLICT, `suggestion ${id} was computed against plan versions that are no longer current; it is superseded`);
    }
    await auditor.record({ action: `timing-suggestion.${to === 'approved' ? 'approve' : 'reject'}`, target: { kind: 'timing-suggestion', id }, before: { status: before }, after: { status: to, comment, by: by.name } });
    return this.announce(id, to);
  }

  private async load(sql: SqlExecutor, id: string): Promise<Suggestion> {
    const suggestion = await getSuggestion(sql, id);
    if (!suggestion) throw problem(Errors.NOT_FOUND, `timing suggestion ${id}`);
    return suggestion;
  }

  private async staleBase(sql: SqlExecutor, suggestion: Suggestion): Promise<boolean> {
    const current = await currentPlanVersions(sql, Object.keys(suggestion.basePlanVersions));
    return Object.entries(suggestion.basePlanVersions).some(([intersectionId, version]) => current.get(intersectionId) !== version);
  }

  private async expectCurrentBase(sql: SqlExecutor, suggestion: Suggestion): Promise<void> {
    if (await this.staleBase(sql, suggestion)) {
      throw problem(Errors.PLAN_CONFLICT, `suggestion ${suggestion.id} was computed against plan versions that are no longer current`);
    }
  }

  private async announce(id: string, status: SuggestionStatus): Promise<Suggestion> {
    const suggestion = (await getSuggestion(this.deps.store, id)) as Suggestion;
    this.deps.observe?.(status);
    this.deps.publish({ suggestionId: id, kind: suggestion.kind, targetId: suggestion.targetId, intersectionIds: suggestion.intersectionIds, status });
    return suggestion;
  }
}

function expectStatus(suggestion: Suggestion, allowed: readonly SuggestionStatus[], to: SuggestionStatus): void {
  if (!allowed.includes(suggestion.status)) {
    throw problem(Errors.CONFLICT, `suggestion ${suggestion.id} is ${suggestion.status}; only a ${allowed.join(' or ')} suggestion can be ${to}`);
  }
}
