/**
 * Sessions: a sign-in opens a refresh session (an opaque random token, kept by the
 * browser in an HttpOnly cookie, stored here only as a SHA-256) and issues short-lived
 * access tokens bound to it. Refresh rotates the refresh token; logout revokes the
 * session, which ends its access tokens too, because every user request checks the
 * session (through a cache of `sessionCheckTtlMs`).
 *
 * What the cache allows: in the process that revokes (logout, password reset, role
 * change), the session ends at once; in other API processes of a server deployment it
 * ends within `sessionCheckTtlMs` (default 5 s). That bounds the database to one
 * session lookup per user per 5 s per process, instead of one per request.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Errors, problem } from '../contracts/errors.js';
import type { UserPrincipal, UserRole } from '../contracts/identity.js';
import type { UserSummary } from '../contracts/auth.js';
import type { SqlPort } from '../store/port.js';
import {
  insertSession,
  revokeSession,
  revokeUserSessions,
  rotateSession,
  sessionForRefresh,
  sessionStatus,
  purgeSessions,
  type SessionStatus,
} from '../store/repositories/session.repository.js';
import { InvalidTokenError, type AccessTokens } from './access-tokens.js';
import type { AuthMetrics } from './auth-metrics.js';
import type { Auditor } from './audit.js';

/** A presented previous refresh token within this many seconds of its rotation is a race between tabs, not theft. */
export const REFRESH_GRACE_S = 30;

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** What a sign-in or refresh hands to the client. */
export interface IssuedSession {
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  user: UserSummary;
  /** New refresh token to set as the cookie; absent when the cookie stays as it is (grace refresh). */
  refreshToken: string | undefined;
  sessionExpiresAt: Date;
}

export interface SessionServiceOptions {
  tokens: AccessTokens;
  metrics: AuthMetrics;
  refreshTtlS: number;
  sessionCheckTtlMs?: number;
  now?: () => number;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const unauthenticated = (detail: string) => problem(Errors.UNAUTHENTICATED, detail);

export class SessionService {
  readonly #store: SqlPort;
  readonly #options: SessionServiceOptions;
  readonly #checks: LRUCache<string, SessionStatus>;
  readonly #cacheMs: number;

  constructor(store: SqlPort, options: SessionServiceOptions) {
    this.#store = store;
    this.#options = options;
    // ttl 0 would mean "forever" to lru-cache; here it means "do not cache" (max 1, never read).
    this.#cacheMs = options.sessionCheckTtlMs ?? 5000;
    this.#checks = new LRUCache<string, SessionStatus>({ max: 10_000, ttl: Math.max(1, this.#cacheMs) });
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  /**
   * Opens a session for a user whose password was just verified.
   *
   * @example const issued = await sessions.open({ id: '3', name: 'li.wei', displayName: '李伟', role: 'officer' }, client);
   */
  async open(user: UserSummary, client: ClientInfo): Promise<IssuedSession> {
    const refreshToken = randomBytes(32).toString('base64url');
    const session = await insertSession(this.#store, {
      id: randomUUID(),
      userId: user.id,
      refreshHash: sha256(refreshToken),
      expiresAt: new Date(this.#now() + this.#options.refreshTtlS * 1000),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    const access = this.#options.tokens.issue({ sub: user.id, name: user.name, role: user.role, sid: session.id }, this.#now());
    return { accessToken: access.token, accessExpiresAt: access.expiresAt, user, refreshToken, sessionExpiresAt: session.expiresAt };
  }

  /**
   * Exchanges a refresh token for a new access token and a new refresh token. A previous
   * refresh token presented after the grace means it was copied: the session is revoked.
   *
   * @throws ZHIDU_ERR_UNAUTHENTICATED when the token is unknown, expired or revoked.
   * @example const issued = await sessions.refresh(cookieValue, auditor);
   */
  async refresh(refreshToken: string, auditor: Auditor): Promise<IssuedSession> {
    const { metrics } = this.#options;
    const presented = sha256(refreshToken);
    const now = this.#now();
    const outcome = await this.#store.transaction(async (tx) => {
      const candidate = await sessionForRefresh(tx, presented);
      if (!candidate || candidate.revokedAt !== null || candidate.expiresAt.getTime() <= now || candidate.user.disabledAt !== null) {
        return { kind: 'refused' as const };
      }
      const user: UserSummary = { id: candidate.userId, name: candidate.user.name, displayName: candidate.user.displayName, role: candidate.user.role };
      if (!candidate.current) {
        const sinceRotationMs = candidate.rotatedAt ? now - candidate.rotatedAt.getTime() : Number.POSITIVE_INFINITY;
        if (sinceRotationMs <= REFRESH_GRACE_S * 1000) return { kind: 'grace' as const, sessionId: candidate.id, user, expiresAt: candidate.expiresAt };
        await revokeSession(tx, candidate.id, 'refresh-token-reuse');
        return { kind: 'reuse' as const, sessionId: candidate.id, user };
      }
      const next = randomBytes(32).toString('base64url');
      if (!(await rotateSession(tx, candidate.id, presented, sha256(next)))) return { kind: 'refused' as const };
      return { kind: 'rotated' as const, sessionId: candidate.id, user, expiresAt: candidate.expiresAt, refreshToken: next };
    });
    metrics.refreshes.inc({ outcome: outcome.kind });
    if (outcome.kind === 'refused') throw unauthenticated('the session has ended; sign in again');
    if (outcome.kind === 'reuse') {
      this.#checks.delete(outcome.sessionId);
      await auditor.record({
        action: 'auth.refresh-reuse',
        actor: { kind: 'user', id: outcome.user.id, name: outcome.user.name },
        target: { kind: 'session', id: outcome.sessionId },
        after: { revoked: true, reason: 'a previous refresh token was presented again' },
      });
      throw unauthenticated('this refresh token was already used; the session has been ended for safety');
    }
    const access = this.#options.tokens.issue({ sub: outcome.user.id, name: outcome.user.name, role: outcome.user.role, sid: outcome.sessionId }, now);
    return {
      accessToken: access.token,
      accessExpiresAt: access.expiresAt,
      user: outcome.user,
      refreshToken: outcome.kind === 'rotated' ? outcome.refreshToken : undefined,
      sessionExpiresAt: outcome.expiresAt,
    };
  }

  /**
   * Ends the session of a signed-in user (its access tokens stop working at once here).
   *
   * @example await sessions.logout(principal, auditor);
   */
  async logout(principal: UserPrincipal, auditor: Auditor): Promise<void> {
    await revokeSession(this.#store, principal.sessionId, 'logout');
    this.#checks.delete(principal.sessionId);
    await auditor.record({ action: 'auth.logout', target: { kind: 'session', id: principal.sessionId } });
  }

  /**
   * Ends every session of a user (password reset, role change, disabling), except `keep`.
   *
   * @example await sessions.endAllOf(userId, 'role-change');
   */
  async endAllOf(userId: string, reason: string, keep?: string): Promise<number> {
    const ended = await revokeUserSessions(this.#store, userId, reason, keep ?? null);
    for (const id of ended) this.#checks.delete(id);
    return ended.length;
  }

  /**
   * Verifies an access token: signature, expiry, and that its session is open and its
   * user enabled. The role is the user's current one.
   *
   * @throws ZHIDU_ERR_UNAUTHENTICATED with the reason.
   * @example const { principal, expiresAt } = await sessions.verify(bearerToken);
   */
  async verify(token: string): Promise<{ principal: UserPrincipal; expiresAt: number; sessionExpiresAt: Date }> {
    const { metrics, tokens } = this.#options;
    let verified;
    try {
      verified = tokens.verify(token);
    } catch (error) {
      const reason = error instanceof InvalidTokenError ? error.reason : 'invalid';
      metrics.refusedCredentials.inc({ kind: 'user', reason });
      throw unauthenticated(reason === 'expired' ? 'the access token has expired; refresh it' : 'the access token is invalid');
    }
    const { claims } = verified;
    const status = await this.#status(claims.sid);
    if (!status || status.userId !== claims.sub || status.revokedAt !== null || status.userDisabledAt !== null || status.expiresAt.getTime() <= this.#now()) {
      metrics.refusedCredentials.inc({ kind: 'user', reason: 'revoked' });
      throw unauthenticated('the session of this token has ended');
    }
    const principal: UserPrincipal = { kind: 'user', userId: status.userId, name: status.name, role: status.role as UserRole, sessionId: claims.sid };
    return { principal, expiresAt: verified.expiresAt, sessionExpiresAt: status.expiresAt };
  }

  /**
   * When a session ends (absolute; refresh does not extend it), or `undefined` if unknown.
   *
   * @example const end = await sessions.expiresAt(principal.sessionId);
   */
  async expiresAt(sessionId: string): Promise<Date | undefined> {
    return (await this.#status(sessionId))?.expiresAt;
  }

  async #status(sessionId: string): Promise<SessionStatus | undefined> {
    const cached = this.#cacheMs > 0 ? this.#checks.get(sessionId) : undefined;
    if (cached) return cached;
    const status = await sessionStatus(this.#store, sessionId);
    if (status && this.#cacheMs > 0) this.#checks.set(sessionId, status);
    return status;
  }

  /**
   * Deletes sessions that ended more than `keepDays` ago.
   *
   * @example await sessions.purge();
   */
  async purge(keepDays = 7): Promise<number> {
    return purgeSessions(this.#store, new Date(this.#now() - keepDays * 86_400_000));
  }
}
