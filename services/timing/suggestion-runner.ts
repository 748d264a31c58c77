/**
 * One timing run (DESIGN §8): the plans in force and the measured window in, the pure
 * optimiser, and — when the proposal rule says so — a stored suggestion, pushed live. Every
 * run leaves its outcome in `timing_runs`, so "no suggestion" is an answer too.
 *
 * Intersections on a corridor keep their cycle and offset here (only the splits move): the
 * corridor run sets cycles and offsets, under the corridor priority of the network's corridor
 * order (see services/engine/timing/corridor/corridor-priority.ts).
 *
 * Repeats are harmless: a run that finds the same plans already proposed for its target adds
 * nothing ('unchanged'); a different proposal supersedes the open one; while an approved one
 * waits for export, runs do not propose ('awaiting-export').
 */
import type { Logger } from 'pino';
import type { NetworkIndex } from '../../geo/network/network-index.js';
import type { TimingPlan } from '../../geo/network/network.schema.js';
import { writeAuditChange, type AuditActor } from '../auth/audit.js';
import { Errors, problem } from '../contracts/errors.js';
import type { ProposedPlan, RunOutcome, RunTrigger, SuggestionKind } from '../contracts/timing.js';
import { corridorGeometry } from '../engine/timing/corridor/corridor-geometry.js';
import { corridorOwners } from '../engine/timing/corridor/corridor-priority.js';
import { suggestCorridorTiming, type CorridorSuggestionOptions } from '../engine/timing/corridor/corridor-suggestion.js';
import { corridorMembers } from '../engine/timing/corridor/optimise-corridor.js';
import type { MeasuredDemand } from '../engine/timing/measured-demand.js';
import { optimiseIntersection, type OptimiseOptions } from '../engine/timing/optimise-intersection.js';
import type { SqlPort } from '../store/port.js';
import { insertSuggestion, openSuggestions, recordRun, transitionSuggestion, type NewSuggestion } from '../store/repositories/timing-suggestion.repository.js';
import { canonicalJson } from './canonical-json.js';
import { demandsOver, knownIntersection, plansInForce } from './timing-inputs.js';
import type { SuggestionPublisher } from './suggestion-notices.js';
import { lastClosedQuarter, windowEndingAt, type RunWindow } from './suggestion-window.js';

export interface RunRequest {
  trigger: RunTrigger;
  /** End of the measured window, epoch ms (default: the last closed quarter hour). */
  windowTo?: number;
  /** Who asked (on-demand runs), for the record. */
  requestedBy?: string;
}

export interface RunResult {
  kind: SuggestionKind;
  targetId: string;
  window: RunWindow;
  outcome: RunOutcome;
  suggestionId: string | null;
}

export interface SuggestionRunnerOptions {
  intersection?: OptimiseOptions;
  corridor?: CorridorSuggestionOptions;
}

/** Called with each finished run (metrics). */
export type RunObserver = (result: RunResult) => void;

const DATA_OUTCOMES: Record<Exclude<MeasuredDemand, { ok: true }>['reason'], RunOutcome> = {
  'no-data': 'no-data',
  incomplete: 'incomplete-data',
  degraded: 'degraded-data',
};
/** When several intersections lack data, the run reports the most basic lack. */
const DATA_OUTCOME_ORDER: readonly RunOutcome[] = ['no-data', 'incomplete-data', 'degraded-data'];

export class SuggestionRunner {
  constructor(
    private readonly deps: {
      store: SqlPort;
      network: NetworkIndex;
      logger: Logger;
      publish: SuggestionPublisher;
      now?: () => number;
      options?: SuggestionRunnerOptions;
      observe?: RunObserver;
    },
  ) {}

  /**
   * @throws {ZhiduError} ZHIDU_ERR_UNKNOWN_INTERSECTION; {TimingInputError} when the stored plan or the demand is unusable.
   * @example await runner.runIntersection('TJ03', { trigger: 'schedule' }) // { outcome: 'proposed', suggestionId: '12', ... }
   */
  async runIntersection(intersectionId: string, request: RunRequest): Promise<RunResult> {
    const { store, network } = this.deps;
    const intersection = knownIntersection(network, intersectionId);
    const window = this.windowOf(request);
    const inForce = (await plansInForce(store, [intersectionId])).get(intersectionId) as { version: number; plan: TimingPlan };
    const demand = (await demandsOver(store, [intersection], window)).get(intersectionId) as MeasuredDemand;
    const base = { kind: 'intersection' as const, targetId: intersectionId, window, request };
    if (!demand.ok) return this.finish(base, DATA_OUTCOMES[demand.reason], null, { quality: demand.quality });

    const suggestion = optimiseIntersection({ ...intersection, plan: inForce.plan }, demand.demands, {
      ...this.deps.options?.intersection,
      holdCycle: intersection.corridors.length > 0,
      proposedPlanId: nextPlanId(intersectionId, inForce.version),
    });
    const { decision } = suggestion;
    const detail = { decision, delayS: { current: suggestion.delay.current.delayS, proposed: suggestion.delay.proposed.delayS }, quality: demand.quality };
    if (!decision.propose) return this.finish(base, 'no-gain', null, detail);
    return this.propose(base, detail, {
      kind: 'intersection',
      targetId: intersectionId,
      intersectionIds: [intersectionId],
      trigger: request.trigger,
      window,
      basePlanVersions: { [intersectionId]: inForce.version },
      plans: [{ intersectionId, baseVersion: inForce.version, plan: suggestion.proposedPlan }],
      reasoning: suggestion,
      quality: { [intersectionId]: demand.quality },
      reason: decision.reason,
      delayBeforeS: suggestion.delay.current.delayS,
      delayAfterS: suggestion.delay.proposed.delayS,
      improvementPct: decision.improvementPct,
      bandGainS: null,
      createdBy: creatorOf(request),
    });
  }

  /**
   * @throws {ZhiduError} ZHIDU_ERR_NOT_FOUND for an unknown corridor; {TimingInputError} for unusable geometry or demand.
   * @example await runner.runCorridor('nanjing-rd', { trigger: 'on-demand', requestedBy: 'wang' })
   */
  async runCorridor(corridorId: string, request: RunRequest): Promise<RunResult> {
    const { store, network } = this.deps;
    const corridor = network.corridors.get(corridorId);
    if (!corridor) throw problem(Errors.NOT_FOUND, `corridor ${corridorId}`, { errors: [{ field: '/body/corridorId', reason: 'not in the network' }] });
    const geometry = corridorGeometry(corridor, network.intersections);
    if (!geometry.ok) throw problem(Errors.UNPROCESSABLE, `corridor ${corridorId} cannot be coordinated`, { errors: geometry.faults.map((f) => ({ field: f.path, reason: f.reason })) });
    const window = this.windowOf(request);
    const ids = geometry.stops.map((s) => s.intersection.id);
    const inForce = await plansInForce(store, ids);
    const demands = await demandsOver(
      store,
      geometry.stops.map((s) => s.intersection),
      window,
    );
    const base = { kind: 'corridor' as const, targetId: corridorId, window, request };
    const lacking = [...demands].flatMap(([id, d]) => (d.ok ? [] : [{ intersectionId: id, outcome: DATA_OUTCOMES[d.reason], quality: d.quality }]));
    if (lacking.length > 0) {
      const outcome = DATA_OUTCOME_ORDER.find((o) => lacking.some((l) => l.outcome === o)) as RunOutcome;
      return this.finish(base, outcome, null, { intersections: lacking });
    }

    const owners = corridorOwners(network.network.corridors);
    const held = new Map<string, { plan: TimingPlan; ownerCorridorId: string }>();
    for (const id of ids) {
      const owner = owners.get(id);
      if (owner !== undefined && owner !== corridorId) held.set(id, { plan: (inForce.get(id) as { plan: TimingPlan }).plan, ownerCorridorId: owner });
    }
    const members = corridorMembers(geometry.stops, (i) => (demands.get(i.id) as Extract<MeasuredDemand, { ok: true }>).demands).map((m) => ({
      ...m,
      plan: (inForce.get(m.intersection.id) as { plan: TimingPlan }).plan,
    }));
    const suggestion = suggestCorridorTiming(corridor, members, held, this.deps.options?.corridor);
    const quality = Object.fromEntries([...demands].map(([id, d]) => [id, d.quality]));
    const detail = { decision: suggestion.decision, delayS: suggestion.delay, shared: suggestion.shared };
    if (!suggestion.decision.propose) return this.finish(base, suggestion.decision.reason === 'nothing-to-coordinate' ? 'nothing-to-coordinate' : 'no-gain', null, detail);

    const plans: ProposedPlan[] = suggestion.plans.map(({ intersectionId, plan }) => {
      const version = (inForce.get(intersectionId) as { version: number }).version;
      return { intersectionId, baseVersion: version, plan: { ...plan, id: nextPlanId(intersectionId, version) } };
    });
    return this.propose(base, detail, {
      kind: 'corridor',
      targetId: corridorId,
      intersectionIds: plans.map((p) => p.intersectionId),
      trigger: request.trigger,
      window,
      // Every intersection of the corridor, held and decoupled ones too: the decisions depended on their plans.
      basePlanVersions: Object.fromEntries(ids.map((id) => [id, (inForce.get(id) as { version: number }).version])),
      plans,
      reasoning: suggestion,
      quality,
      reason: suggestion.decision.reason,
      delayBeforeS: suggestion.delay.currentS,
      delayAfterS: suggestion.delay.proposedS,
      improvementPct: suggestion.decision.improvementPct,
      bandGainS: suggestion.decision.bandGainS,
      createdBy: creatorOf(request),
    });
  }

  private windowOf(request: RunRequest): RunWindow {
    return request.windowTo === undefined ? lastClosedQuarter((this.deps.now ?? Date.now)()) : windowEndingAt(request.windowTo);
  }

  /** Stores the proposal unless the target already has it or an approval waits; supersedes the open proposal it replaces. */
  private async propose(base: RunBase, detail: Record<string, unknown>, suggestion: NewSuggestion): Promise<RunResult> {
    const target = { kind: base.kind, id: base.targetId };
    const actor: AuditActor = { kind: 'system', id: null, name: 'timing-job' };
    const outcome = await this.deps.store.transaction(async (tx) => {
      const open = await openSuggestions(tx, { target });
      const approved = open.find((s) => s.status === 'approved');
      if (approved) return { outcome: 'awaiting-export' as const, suggestionId: approved.id, superseded: [] };
      const same = open.find((s) => s.status === 'proposed' && samePlans(s.plans, suggestion.plans));
      if (same) return { outcome: 'unchanged' as const, suggestionId: same.id, superseded: [] };
      const id = await insertSuggestion(tx, suggestion);
      await writeAuditChange(tx, actor, {
        action: 'timing-suggestion.propose',
        target: { kind: 'timing-suggestion', id },
        after: { status: 'proposed', kind: base.kind, targetId: base.targetId, reason: suggestion.reason, improvementPct: suggestion.improvementPct, requestedBy: base.request.requestedBy ?? null },
      });
      const superseded: string[] = [];
      for (const old of open) {
        if (!(await transitionSuggestion(tx, old.id, ['proposed'], 'superseded', { supersededBy: id }))) continue;
        superseded.push(old.id);
        await writeAuditChange(tx, actor, { action: 'timing-suggestion.supersede', target: { kind: 'timing-suggestion', id: old.id }, before: { status: 'proposed' }, after: { status: 'superseded', supersededBy: id } });
      }
      return { outcome: 'proposed' as const, suggestionId: id, superseded };
    });
    const result = await this.finish(base, outcome.outcome, outcome.suggestionId, { ...detail, superseded: outcome.superseded });
    if (outcome.outcome === 'proposed') {
      this.deps.publish({ suggestionId: outcome.suggestionId, kind: base.kind, targetId: base.targetId, intersectionIds: suggestion.intersectionIds, status: 'proposed' });
    }
    return result;
  }

  private async finish(base: RunBase, outcome: RunOutcome, suggestionId: string | null, detail: Record<string, unknown>): Promise<RunResult> {
    const now = (this.deps.now ?? Date.now)();
    await recordRun(this.deps.store, { kind: base.kind, targetId: base.targetId, ranAt: now, window: base.window, trigger: base.request.trigger, outcome, suggestionId, detail });
    const result: RunResult = { kind: base.kind, targetId: base.targetId, window: base.window, outcome, suggestionId };
    this.deps.logger.info({ ...result, trigger: base.request.trigger }, 'timing run');
    this.deps.observe?.(result);
    return result;
  }
}

interface RunBase {
  kind: SuggestionKind;
  targetId: string;
  window: RunWindow;
  request: RunRequest;
}

/** Plan ids say which version they would become (`TJ01-v3`), instead of growing a suffix per retiming. */
function nextPlanId(intersectionId: string, currentVersion: number): string {
  return `${intersectionId.slice(0, 50)}-v${currentVersion + 1}`;
}

function creatorOf(request: RunRequest): string {
  if (request.trigger === 'schedule') return 'schedule';
  return request.requestedBy ? `on-demand:${request.requestedBy}` : 'on-demand';
}

/** Same plans for the same intersections (ids aside, which carry the version they would become). */
function samePlans(a: readonly ProposedPlan[], b: readonly ProposedPlan[]): boolean {
  const key = (plans: readonly ProposedPlan[]) =>
    canonicalJson(
      [...plans]
        .sort((x, y) => x.intersectionId.localeCompare(y.intersectionId))
        .map((p) => ({ i: p.intersectionId, base: p.baseVersion, plan: { ...p.plan, id: '' } })),
    );
  return key(a) === key(b);
}
