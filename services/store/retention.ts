/**
 * Raw-data retention and day partitions (DESIGN §9). TimescaleDB: retention
 * policies run by its scheduler. Plain PostgreSQL: day partitions created ahead
 * and dropped after the retention period by these functions (called at start-up
 * and by the daily maintenance job).
 */
import type { SqlExecutor, SqlPort } from './port.js';

/** Tables partitioned by day (plain) or chunked by day (TimescaleDB). */
export const RAW_TABLES = ['controller_events', 'detector_samples'] as const;
const DAY_MS = 86_400_000;

/**
 * Makes sure day partitions exist for [from, to] (no-op on TimescaleDB).
 *
 * @example await ensureDayPartitions(store, new Date(), new Date(Date.now() + 2 * 86400000));
 */
export async function ensureDayPartitions(sql: SqlExecutor, from: Date, to: Date, tables: readonly string[] = RAW_TABLES): Promise<void> {
  for (const table of tables) {
    await sql.query('SELECT zhidu_ensure_day_partitions($1::regclass, $2, $3)', [table, from, to]);
  }
}

/**
 * Applies the retention period: a policy on TimescaleDB, dropped partitions otherwise.
 * Also prepares partitions for today and the next two days.
 *
 * @example await applyRetention(store, 90);
 */
export async function applyRetention(store: SqlPort, retentionDays: number, now = new Date()): Promise<void> {
  await ensureDayPartitions(store, new Date(now.getTime() - DAY_MS), new Date(now.getTime() + 2 * DAY_MS));
  for (const table of RAW_TABLES) {
    if (store.capabilities.timescale) {
      await store.query('SELECT remove_retention_policy($1::regclass, if_exists => true)', [table]);
      await store.query('SELECT add_retention_policy($1::regclass, make_interval(days => $2::int))', [table, retentionDays]);
    } else {
      await store.query('SELECT zhidu_drop_day_partitions_before($1::regclass, $2)', [table, new Date(now.getTime() - retentionDays * DAY_MS)]);
    }
  }
}
