/**
 * Raw-data retention and day partitions (DESIGN §9). TimescaleDB: retention
 * policies run by its scheduler. Plain PostgreSQL: day partitions created ahead
 * and dropped after the retention period by these functions (called at start-up
 * and by the daily maintenance job).
 */
import type { SqlExecutor, SqlPort } from './port.js';
import { sqlFile } from './sql-files.js';

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
    await sql.query(sqlFile('retention/ensure-day-partitions'), [table, from, to]);
  }
}

/**
 * Applies the retention period: a policy on TimescaleDB, dropped partitions otherwise, and
 * deletion of older quarantined records. Also prepares partitions for today and the next two days.
 *
 * @example await applyRetention(store, 90);
 */
export async function applyRetention(store: SqlPort, retentionDays: number, now = new Date()): Promise<void> {
  await ensureDayPartitions(store, new Date(now.getTime() - DAY_MS), new Date(now.getTime() + 2 * DAY_MS));
  // Quarantined records follow the same retention as the raw feeds they came with.
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  await store.query(sqlFile('retention/delete-rejects-before'), [cutoff]);
  for (const table of RAW_TABLES) {
    if (store.capabilities.timescale) {
      await store.query(sqlFile('retention/set-retention-policy'), [table, retentionDays]);
    } else {
      await store.query(sqlFile('retention/drop-day-partitions-before'), [table, cutoff]);
    }
  }
}
