/**
 * The quarantine (DESIGN §4.3 `ingest_rejects`): every rejected record, verbatim, with why.
 */
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

/** One quarantined record. */
export interface RejectRow {
  feedId: string | null;
  transport: string;
  recordKind: string;
  /** 1-based line (NDJSON, CSV) or array position (JSON array); null for a whole body. */
  line: number | null;
  reasonCode: string;
  reason: string;
  field: string | null;
  intersectionId: string | null;
  /** The record's text as received (bounded by the caller). */
  raw: string;
}

export interface StoredReject extends RejectRow {
  id: number;
  receivedAt: Date;
}

const COLUMNS = ['feed_id', 'transport', 'record_kind', 'line', 'reason_code', 'reason', 'field', 'intersection_id', 'raw'] as const;

/**
 * Text PostgreSQL will store: NUL (which `text` cannot hold) becomes U+FFFD and the
 * length is capped, so no feed can make the quarantine itself fail.
 *
 * @example storableText('a\u0000b', 10) // 'a\uFFFDb'
 */
export function storableText(text: string, maxChars: number): string {
  const bounded = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  // Lone surrogates are replaced by the UTF-8 encoder with U+FFFD; NUL is ours to replace.
  return bounded.includes('\u0000') ? bounded.replaceAll('\u0000', '\uFFFD') : bounded;
}

const MAX_RAW_CHARS = 65_536;
const MAX_SHORT_CHARS = 512;

/**
 * COPY rejects into `ingest_rejects` (no conflicts possible: every row is new).
 *
 * @example await copyRejects(tx, [{ feedId: 'k1', transport: 'http', recordKind: 'event', line: 3, reasonCode: 'MALFORMED_JSON', reason: '...', field: null, intersectionId: null, raw: '{"x' }]);
 */
export async function copyRejects(sql: SqlExecutor, rejects: readonly RejectRow[]): Promise<void> {
  if (rejects.length === 0) return;
  const short = (value: string | null) => (value === null ? null : storableText(value, MAX_SHORT_CHARS));
  await sql.copyRows(
    'ingest_rejects',
    COLUMNS,
    rejects.map((r) => [
      short(r.feedId),
      r.transport,
      r.recordKind,
      r.line,
      r.reasonCode,
      storableText(r.reason, MAX_SHORT_CHARS),
      short(r.field),
      short(r.intersectionId),
      storableText(r.raw, MAX_RAW_CHARS),
    ]),
  );
}

/**
 * The newest quarantined records, newest first.
 *
 * @example const rejects = await recentRejects(store, { feedId: 'k1', limit: 50 });
 */
export async function recentRejects(sql: SqlExecutor, options: { feedId?: string; limit?: number } = {}): Promise<StoredReject[]> {
  const result = await sql.query<{
    id: number;
    received_at: Date;
    feed_id: string | null;
    transport: string;
    record_kind: string;
    line: number | null;
    reason_code: string;
    reason: string;
    field: string | null;
    intersection_id: string | null;
    raw: string;
  }>(sqlFile('ingest/recent-rejects'), [options.feedId ?? null, options.limit ?? 100]);
  return result.rows.map((row) => ({
    id: row.id,
    receivedAt: row.received_at,
    feedId: row.feed_id,
    transport: row.transport,
    recordKind: row.record_kind,
    line: row.line,
    reasonCode: row.reason_code,
    reason: row.reason,
    field: row.field,
    intersectionId: row.intersection_id,
    raw: row.raw,
  }));
}
