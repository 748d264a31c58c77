/**
 * The audit log (DESIGN §12 `audit_log`): append and query. Secrets are removed by
 * the caller (`services/auth/audit.ts`) before anything reaches this module.
 */
import type { AuditActorKind } from '../../contracts/auth.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

export interface AuditRow {
  actorKind: AuditActorKind;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  /** HTTP status; `null` outside HTTP. */
  status: number | null;
}

export interface StoredAuditEntry extends AuditRow {
  id: string;
  ts: Date;
}

/** JSON text for a jsonb parameter; `undefined` and `null` both become SQL NULL. */
function jsonParam(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * Appends an entry; returns its id.
 *
 * @example await insertAudit(store, { actorKind: 'system', actorId: null, actorName: 'cli:root', action: 'user.create', ... });
 */
export async function insertAudit(sql: SqlExecutor, entry: AuditRow): Promise<string> {
  const result = await sql.query<{ id: number }>(sqlFile('audit/insert-audit'), [
    entry.actorKind,
    entry.actorId,
    entry.actorName,
    entry.action,
    entry.targetKind,
    entry.targetId,
    jsonParam(entry.before),
    jsonParam(entry.after),
    entry.requestId,
    entry.ip,
    entry.status,
  ]);
  return String((result.rows[0] as { id: number }).id);
}

export interface AuditFilter {
  /** Actor name or id, exact. */
  actor?: string;
  actorKind?: AuditActorKind;
  /** Exact action, or a prefix when it ends with `.` (`user.` matches `user.create`). */
  action?: string;
  targetKind?: string;
  targetId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Only entries older than this id (the previous page's last id). */
  beforeId?: string;
  limit: number;
}

/** Escapes LIKE wildcards so a prefix matches literally. */
function likePrefix(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Entries matching the filter, newest first.
 *
 * @example const page = await queryAudit(store, { actor: 'admin', action: 'user.', limit: 50 });
 */
export async function queryAudit(sql: SqlExecutor, filter: AuditFilter): Promise<StoredAuditEntry[]> {
  const prefix = filter.action?.endsWith('.') ? filter.action : undefined;
  const result = await sql.query<{
    id: number;
    ts: Date;
    actor_kind: AuditActorKind;
    actor_id: string | null;
    actor_name: string | null;
    action: string;
    target_kind: string | null;
    target_id: string | null;
    before: unknown;
    after: unknown;
    status: number | null;
    request_id: string | null;
    ip: string | null;
  }>(sqlFile('audit/query-audit'), [
    filter.actor ?? null,
    filter.actorKind ?? null,
    prefix === undefined ? (filter.action ?? null) : null,
    prefix === undefined ? null : likePrefix(prefix),
    filter.targetKind ?? null,
    filter.targetId ?? null,
    filter.from ?? null,
    filter.to ?? null,
    filter.beforeId ?? null,
    filter.limit,
  ]);
  return result.rows.map((row) => ({
    id: String(row.id),
    ts: row.ts,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    targetKind: row.target_kind,
    targetId: row.target_id,
    before: row.before,
    after: row.after,
    status: row.status,
    requestId: row.request_id,
    ip: row.ip,
  }));
}
