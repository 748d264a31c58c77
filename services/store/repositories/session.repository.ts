/**
 * Refresh sessions (`auth_sessions`, migration 0010). Only hashes of refresh tokens
 * are stored; the token itself exists in the browser's HttpOnly cookie alone.
 */
import type { UserRole } from '../../contracts/identity.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

export interface NewSession {
  id: string;
  userId: string;
  refreshHash: string;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** @example await insertSession(store, { id, userId, refreshHash, expiresAt, ip, userAgent }); */
export async function insertSession(sql: SqlExecutor, session: NewSession): Promise<{ id: string; createdAt: Date; expiresAt: Date }> {
  const result = await sql.query<{ id: string; created_at: Date; expires_at: Date }>(sqlFile('sessions/insert-session'), [
    session.id,
    session.userId,
    session.refreshHash,
    session.expiresAt,
    session.ip,
    session.userAgent,
  ]);
  const row = result.rows[0] as { id: string; created_at: Date; expires_at: Date };
  return { id: row.id, createdAt: row.created_at, expiresAt: row.expires_at };
}

/** A session as an access token's check sees it, with its user's current state. */
export interface SessionStatus {
  userId: string;
  name: string;
  role: UserRole;
  expiresAt: Date;
  revokedAt: Date | null;
  userDisabledAt: Date | null;
}

/** @example const status = await sessionStatus(store, claims.sid); */
export async function sessionStatus(sql: SqlExecutor, sessionId: string): Promise<SessionStatus | undefined> {
  const result = await sql.query<{ user_id: number; name: string; role: UserRole; expires_at: Date; revoked_at: Date | null; disabled_at: Date | null }>(
    sqlFile('sessions/session-for-token'),
    [sessionId],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    userId: String(row.user_id),
    name: row.name,
    role: row.role,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    userDisabledAt: row.disabled_at,
  };
}

/** A session found by a refresh token hash, locked for rotation. */
export interface RefreshCandidate {
  id: string;
  userId: string;
  /** false: the hash is the session's previous refresh token. */
  current: boolean;
  rotatedAt: Date | null;
  expiresAt: Date;
  revokedAt: Date | null;
  user: { name: string; displayName: string | null; role: UserRole; disabledAt: Date | null };
}

/**
 * Call inside a transaction: the row stays locked until it ends.
 *
 * @example const candidate = await sessionForRefresh(tx, sha256(token));
 */
export async function sessionForRefresh(tx: SqlExecutor, refreshHash: string): Promise<RefreshCandidate | undefined> {
  const result = await tx.query<{
    id: string;
    user_id: number;
    current: boolean;
    rotated_at: Date | null;
    expires_at: Date;
    revoked_at: Date | null;
    name: string;
    display_name: string | null;
    role: UserRole;
    disabled_at: Date | null;
  }>(sqlFile('sessions/session-for-refresh'), [refreshHash]);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    userId: String(row.user_id),
    current: row.current,
    rotatedAt: row.rotated_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    user: { name: row.name, displayName: row.display_name, role: row.role, disabledAt: row.disabled_at },
  };
}

/**
 * Replaces the refresh hash; `false` when a concurrent rotation or a revocation came first.
 *
 * @example await rotateSession(tx, session.id, oldHash, newHash);
 */
export async function rotateSession(tx: SqlExecutor, sessionId: string, oldHash: string, newHash: string): Promise<boolean> {
  const result = await tx.query(sqlFile('sessions/rotate-session'), [sessionId, oldHash, newHash]);
  return result.rows.length > 0;
}

/**
 * Ends a session; returns its user id, or `undefined` when it was already ended or never existed.
 *
 * @example await revokeSession(store, principal.sessionId, 'logout');
 */
export async function revokeSession(sql: SqlExecutor, sessionId: string, reason: string): Promise<string | undefined> {
  const result = await sql.query<{ id: string; user_id: number }>(sqlFile('sessions/revoke-session'), [sessionId, reason]);
  const row = result.rows[0];
  return row ? String(row.user_id) : undefined;
}

/**
 * Ends every open session of a user except `keepId`; returns the ids ended.
 *
 * @example await revokeUserSessions(store, userId, 'password-reset', null);
 */
export async function revokeUserSessions(sql: SqlExecutor, userId: string, reason: string, keepId: string | null): Promise<string[]> {
  const result = await sql.query<{ id: string }>(sqlFile('sessions/revoke-user-sessions'), [userId, reason, keepId]);
  return result.rows.map((r) => r.id);
}

/**
 * Deletes sessions that expired or were revoked before `before`; returns how many.
 *
 * @example await purgeSessions(store, new Date(Date.now() - 7 * 86400_000));
 */
export async function purgeSessions(sql: SqlExecutor, before: Date): Promise<number> {
  const result = await sql.query(sqlFile('sessions/purge-sessions'), [before]);
  return result.rows.length;
}
