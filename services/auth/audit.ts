/**
 * The audit trail's vocabulary, shared by HTTP and non-HTTP writers: a change
 * (action, target, before/after) made by an actor. HTTP requests attach changes with
 * `request.audit(...)` and the audit plugin writes them; the CLI and jobs use
 * `directAuditor`. Either way, secrets are removed before anything is stored.
 */
import type { AuditActorKind } from '../contracts/auth.js';
import { insertAudit } from '../store/repositories/audit.repository.js';
import type { SqlExecutor } from '../store/port.js';

/** One change to record. */
export interface AuditChange {
  /** Stable verb, `<resource>.<verb>`: `user.create`, `api-key.revoke`, `plan.approve`. */
  action: string;
  target?: { kind: string; id: string | null };
  /** State before the change (absent for creations). */
  before?: unknown;
  /** State after the change (absent for deletions and failures). */
  after?: unknown;
  /** Who made it, when that is not the authenticated caller (a sign-in names the user signing in). */
  actor?: AuditActor;
}

/** Who made a change. */
export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
  name: string | null;
}

/** Where services report changes; they do not care whether it is a request or a CLI run. */
export interface Auditor {
  record(change: AuditChange): void | Promise<void>;
}

/**
 * Keys whose values are never written to the audit log, at any depth: anything ending in
 * password, secret, token or hash (`newPassword`, `key_hash`, `refreshToken`), cookies,
 * authorization headers and API keys. `passwordChangedAt` is a time and stays.
 */
const SECRET_KEY = /(password|passwd|secret|token|hash|cookie|authorization|api[-_]?key)s?$/i;
const REDACTED = '[redacted]';
const MAX_DEPTH = 8;

/**
 * A copy of `value` with secret-looking members replaced by `[redacted]` — a safety net;
 * services pass public views (no hashes) in the first place.
 *
 * @example redactSecrets({ name: 'li', password: 'x', nested: { refreshToken: 'y' } })
 *   // { name: 'li', password: '[redacted]', nested: { refreshToken: '[redacted]' } }
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(member, depth + 1);
  }
  return copy;
}

/** Request details recorded beside a change when it came over HTTP. */
export interface AuditRequestContext {
  requestId: string | null;
  ip: string | null;
  status: number | null;
}

/**
 * Writes one change now (secrets removed).
 *
 * @example await writeAuditChange(store, actor, { action: 'user.create', target: { kind: 'user', id: '3' }, after });
 */
export async function writeAuditChange(
  sql: SqlExecutor,
  actor: AuditActor,
  change: AuditChange,
  context: AuditRequestContext = { requestId: null, ip: null, status: null },
): Promise<string> {
  return insertAudit(sql, {
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: actor.name,
    action: change.action,
    targetKind: change.target?.kind ?? null,
    targetId: change.target?.id ?? null,
    before: redactSecrets(change.before),
    after: redactSecrets(change.after),
    requestId: context.requestId,
    ip: context.ip,
    status: context.status,
  });
}

/**
 * An auditor that writes each change at once, for work outside HTTP (CLI, jobs, start-up).
 *
 * @example const auditor = directAuditor(store, { kind: 'system', id: null, name: 'cli:root' });
 */
export function directAuditor(sql: SqlExecutor, actor: AuditActor): Auditor {
  return {
    async record(change) {
      await writeAuditChange(sql, change.actor ?? actor, change);
    },
  };
}
