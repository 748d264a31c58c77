/**
 * Versioned timing plans (DESIGN §9 `timing_plans`).
 */
import type { TimingPlan } from '../../../geo/network/network.schema.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

export interface StoredPlan {
  intersectionId: string;
  version: number;
  plan: TimingPlan;
  source: 'network' | 'suggestion' | 'manual';
  createdAt: Date;
}

/**
 * Stores each intersection's network-file plan as version 1 where none exists yet.
 * Returns how many were inserted.
 *
 * @example await seedNetworkPlans(store, network.intersections);
 */
export async function seedNetworkPlans(sql: SqlExecutor, intersections: readonly { id: string; plan: TimingPlan }[]): Promise<number> {
  let inserted = 0;
  for (const intersection of intersections) {
    const result = await sql.query(sqlFile('timing-plans/insert-network-plan'), [intersection.id, JSON.stringify(intersection.plan)]);
    inserted += result.rows.length;
  }
  return inserted;
}

/**
 * The current plan of every intersection.
 *
 * @example const plans = await currentPlans(store); plans.get('TJ01')?.version
 */
export async function currentPlans(sql: SqlExecutor): Promise<Map<string, StoredPlan>> {
  const result = await sql.query<{ intersection_id: string; version: number; plan: TimingPlan; source: StoredPlan['source']; created_at: Date }>(
    sqlFile('timing-plans/current-plans'),
  );
  return new Map(
    result.rows.map((row) => [
      row.intersection_id,
      { intersectionId: row.intersection_id, version: row.version, plan: row.plan, source: row.source, createdAt: row.created_at },
    ]),
  );
}

/** A stored version with who made it and why. */
export interface PlanVersionRow extends StoredPlan {
  note: string | null;
  createdBy: string | null;
}

interface PlanVersionDbRow {
  intersection_id: string;
  version: number;
  plan: TimingPlan;
  source: StoredPlan['source'];
  note: string | null;
  created_by: string | null;
  created_at: Date;
}

function planVersionOf(row: PlanVersionDbRow): PlanVersionRow {
  return {
    intersectionId: row.intersection_id,
    version: row.version,
    plan: row.plan,
    source: row.source,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/**
 * Every version of an intersection's plan, newest first.
 *
 * @example (await listPlanVersions(store, 'TJ01'))[0]?.version // the current version
 */
export async function listPlanVersions(sql: SqlExecutor, intersectionId: string): Promise<PlanVersionRow[]> {
  const result = await sql.query<PlanVersionDbRow>(sqlFile('timing/list-plan-versions'), [intersectionId]);
  return result.rows.map(planVersionOf);
}

/**
 * One version (any, not only the current: the simulator can run any stored version).
 *
 * @example const v1 = await planVersion(store, 'TJ01', 1); createSimulation({ ..., plans: new Map([['TJ01', v1.plan]]) })
 */
export async function planVersion(sql: SqlExecutor, intersectionId: string, version: number): Promise<(PlanVersionRow & { current: boolean }) | undefined> {
  const result = await sql.query<PlanVersionDbRow & { current: boolean }>(sqlFile('timing/get-plan-version'), [intersectionId, version]);
  const row = result.rows[0];
  return row ? { ...planVersionOf(row), current: row.current } : undefined;
}

/**
 * The current version number of each listed intersection (absent: no plan stored).
 *
 * @example (await currentPlanVersions(store, ['TJ01'])).get('TJ01') // 1
 */
export async function currentPlanVersions(sql: SqlExecutor, intersectionIds: readonly string[]): Promise<Map<string, number>> {
  const result = await sql.query<{ intersection_id: string; version: number }>(sqlFile('timing/current-versions'), [intersectionIds]);
  return new Map(result.rows.map((row) => [row.intersection_id, row.version]));
}

/**
 * Adds version `version` of a plan; false when that version already exists (someone else wrote it first).
 *
 * @example await insertPlanVersion(tx, { intersectionId: 'TJ01', version: 2, plan, source: 'suggestion', note: 'suggestion 7', createdBy: 'wang' })
 */
export async function insertPlanVersion(
  sql: SqlExecutor,
  row: { intersectionId: string; version: number; plan: TimingPlan; source: 'suggestion' | 'manual'; note: string | null; createdBy: string },
): Promise<boolean> {
  const result = await sql.query(sqlFile('timing/insert-plan-version'), [row.intersectionId, row.version, JSON.stringify(row.plan), row.source, row.note, row.createdBy]);
  return result.rows.length === 1;
}
