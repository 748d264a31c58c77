/**
 * Controller high-resolution events (DESIGN §9 `controller_events`), written in bulk.
 * Two ways in, chosen by the caller (the ingest group commit):
 * - `copyControllerEvents`: COPY straight into the table — the fastest path, for a
 *   batch expected to be all new; it fails with a unique violation when any row is stored already;
 * - `insertNewControllerEvents`: COPY into a session staging table, then insert what is
 *   not stored yet — exactly-once for retries, and it says which rows were new.
 */
import type { ControllerEvent, StoredControllerEvent } from '../../contracts/records.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

const COLUMNS = ['ts', 'intersection_id', 'code', 'param', 'feed_id', 'seq'] as const;

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/**
 * ISO-8601 UTC text of an epoch-ms instant for COPY. Rows of a batch cluster in time,
 * so the date-and-second prefix is cached: `toISOString` per row would cost more than
 * the rest of the encoding together.
 *
 * @example isoMillis(1795737600250) // '2026-11-27T00:00:00.250Z'
 */
export function isoMillis(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString();
    // Years beyond 9999 have a longer, signed form; do not cache those.
    if (iso.length !== 24) return new Date(epochMs).toISOString();
    cachedSecond = second;
    cachedPrefix = iso.slice(0, 20);
  }
  const ms = epochMs - second * 1000;
  return `${cachedPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

function toCopyRows(events: readonly StoredControllerEvent[]): unknown[][] {
  const rows: unknown[][] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as StoredControllerEvent;
    rows[i] = [isoMillis(e.ts), e.intersectionId, e.code, e.param, e.feedId, e.seq];
  }
  return rows;
}

/**
 * COPY events into `controller_events`. Day partitions must exist (`ensureDayPartitions`).
 *
 * @throws the database's unique violation (SQLSTATE 23505) when an event is stored already.
 * @example await copyControllerEvents(tx, [{ intersectionId: 'TJ01', ts, code: 82, param: 5, feedId: 'k1', seq: 7 }]);
 */
export async function copyControllerEvents(sql: SqlExecutor, events: readonly StoredControllerEvent[]): Promise<void> {
  if (events.length === 0) return;
  await sql.copyRows('controller_events', COLUMNS, toCopyRows(events));
}

/**
 * Stores the events not stored yet and returns those (in no particular order).
 * Must run inside a transaction (the staging table is emptied at COMMIT).
 *
 * @example const fresh = await store.transaction((tx) => insertNewControllerEvents(tx, events));
 */
export async function insertNewControllerEvents(sql: SqlExecutor, events: readonly StoredControllerEvent[]): Promise<ControllerEvent[]> {
  if (events.length === 0) return [];
  await sql.query(sqlFile('ingest/create-event-staging'));
  await sql.copyRows('zhidu_staged_events', COLUMNS, toCopyRows(events));
  const result = await sql.query<{ intersection_id: string; ts: Date; code: number; param: number }>(sqlFile('ingest/insert-staged-events'));
  return result.rows.map((row) => ({ intersectionId: row.intersection_id, ts: row.ts.getTime(), code: row.code, param: row.param }));
}

/**
 * Whether an error is a unique violation (a row stored already).
 *
 * @example isUniqueViolation({ code: '23505' }) // true
 */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}
