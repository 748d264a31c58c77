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
