/**
 * Plan versions as engineers read them (DESIGN §8, §9): the history of an intersection's plan,
 * one version, the diff between two, the files taken to the controller, and the corridor as
 * its current plans run it (band and time–space diagram).
 */
import type { NetworkIndex } from '../../geo/network/network-index.js';
import { Errors, problem } from '../contracts/errors.js';
import type { PlanVersion, PlanVersionSummary } from '../contracts/timing.js';
import { corridorGeometry } from '../engine/timing/corridor/corridor-geometry.js';
import { currentTimeSpace, type CurrentBand } from '../engine/timing/corridor/corridor-suggestion.js';
import { corridorMembers } from '../engine/timing/corridor/optimise-corridor.js';
import type { TimeSpaceDiagram } from '../engine/timing/corridor/time-space.js';
import { diffPlans, type PlanDiff } from '../engine/timing/plan-diff.js';
import { planCsv, planExportJson } from '../engine/timing/plan-export.js';
import type { SqlExecutor } from '../store/port.js';
import { listPlanVersions, planVersion, type PlanVersionRow } from '../store/repositories/timing-plan.repository.js';
import { knownIntersection, plansInForce } from './timing-inputs.js';

/** A file to download. */
export interface PlanFile {
  contentType: string;
  fileName: string;
  body: string;
}

export class PlanVersions {
  constructor(private readonly deps: { store: SqlExecutor; network: NetworkIndex }) {}

  /**
   * @throws {ZhiduError} UNKNOWN_INTERSECTION.
   * @example (await plans.list('TJ01'))[0] // { version: 2, current: true, source: 'suggestion', ... }
   */
  async list(intersectionId: string): Promise<PlanVersionSummary[]> {
    knownIntersection(this.deps.network, intersectionId, '/params/intersectionId');
    const rows = await listPlanVersions(this.deps.store, intersectionId);
    return rows.map((row, i) => summaryOf(row, i === 0));
  }

  /**
   * @throws {ZhiduError} UNKNOWN_INTERSECTION, NOT_FOUND.
   * @example (await plans.get('TJ01', 1)).plan.cycleS // 140
   */
  async get(intersectionId: string, version: number): Promise<PlanVersion> {
    knownIntersection(this.deps.network, intersectionId, '/params/intersectionId');
    const row = await planVersion(this.deps.store, intersectionId, version);
    if (!row) throw problem(Errors.NOT_FOUND, `version ${version} of the plan of ${intersectionId}`, { errors: [{ field: '/params/version', reason: 'no such version' }] });
    return { ...summaryOf(row, row.current), plan: row.plan };
  }

  /**
   * @example (await plans.diff('TJ01', 1, 2)).diff.cycleS // { from: 140, to: 125 }
   */
  async diff(intersectionId: string, from: number, to: number): Promise<{ intersectionId: string; from: PlanVersion; to: PlanVersion; diff: PlanDiff }> {
    const [a, b] = await Promise.all([this.get(intersectionId, from), this.get(intersectionId, to)]);
    return { intersectionId, from: a, to: b, diff: diffPlans(a.plan, b.plan) };
  }

  /**
   * The version as JSON (`zhidu-timing-plan/1`) or CSV (one row per phase).
   *
   * @example (await plans.file('TJ01', 2, 'csv')).fileName // 'TJ01-plan-v2.csv'
   */
  async file(intersectionId: string, version: number, format: 'json' | 'csv'): Promise<PlanFile> {
    const stored = await this.get(intersectionId, version);
    const header = {
      intersectionId,
      version,
      source: stored.source,
      createdAt: new Date(stored.createdAt).toISOString(),
      createdBy: stored.createdBy,
      note: stored.note,
    };
    const fileName = `${intersectionId}-plan-v${version}.${format}`;
    return format === 'csv'
      ? { contentType: 'text/csv; charset=utf-8', fileName, body: planCsv(header, stored.plan) }
      : { contentType: 'application/json; charset=utf-8', fileName, body: `${JSON.stringify(planExportJson(header, stored.plan), null, 2)}\n` };
  }

  /**
   * The corridor's band and time–space diagram under the plans in force.
   *
   * @throws {ZhiduError} NOT_FOUND for an unknown corridor, UNPROCESSABLE when its geometry is unusable.
   * @example (await plans.corridorTimeSpace('nanjing-rd')).band.outbound?.widthS
   */
  async corridorTimeSpace(corridorId: string): Promise<{ corridorId: string; progressionSpeedKmh: number; planVersions: Record<string, number>; band: CurrentBand; diagram: TimeSpaceDiagram | null }> {
    const corridor = this.deps.network.corridors.get(corridorId);
    if (!corridor) throw problem(Errors.NOT_FOUND, `corridor ${corridorId}`, { errors: [{ field: '/params/corridorId', reason: 'not in the network' }] });
    const geometry = corridorGeometry(corridor, this.deps.network.intersections);
    if (!geometry.ok) throw problem(Errors.UNPROCESSABLE, `corridor ${corridorId} has no usable geometry`, { errors: geometry.faults.map((f) => ({ field: f.path, reason: f.reason })) });
    const inForce = await plansInForce(
      this.deps.store,
      geometry.stops.map((s) => s.intersection.id),
    );
    const members = corridorMembers(geometry.stops, () => []).map((m) => ({ ...m, plan: inForce.get(m.intersection.id)?.plan ?? m.intersection.plan }));
    const { band, diagram } = currentTimeSpace(members, corridor.progressionSpeedKmh);
    return {
      corridorId,
      progressionSpeedKmh: corridor.progressionSpeedKmh,
      planVersions: Object.fromEntries([...inForce].map(([id, p]) => [id, p.version])),
      band,
      diagram,
    };
  }
}

function summaryOf(row: PlanVersionRow, current: boolean): PlanVersionSummary {
  return {
    intersectionId: row.intersectionId,
    version: row.version,
    source: row.source,
    createdAt: row.createdAt.getTime(),
    createdBy: row.createdBy,
    note: row.note,
    planId: row.plan.id,
    cycleS: row.plan.cycleS,
    offsetS: row.plan.offsetS,
    current,
  };
}
