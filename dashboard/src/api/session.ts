/**
 * The signed-in session: the access token lives only in memory; the refresh
 * token is an HttpOnly cookie the browser sends to `/api/v1/auth` (scripts never see it).
 *
 * - Renewal is silent and early (at 75 % of the token's life), so a wall screen stays
 *   signed in for a whole shift; a failed renewal because the server is unreachable is
 *   retried, and only a refused renewal ends the session (then: sign in again).
 * - Tabs share one session: renewals are serialised with a Web Lock (the server rotates
 *   the refresh cookie, and two tabs renewing at once would present a spent one), and a
 *   new grant or a sign-out is broadcast to the other tabs.
 */
import { shallowRef, type ShallowRef } from 'vue';
import type { UserRole } from '../../../services/contracts/identity.js';
import { AUTH_PATHS, type SessionGrant, type SessionUser } from './auth-contract.js';
import type { TokenProvider } from './http-client.js';
import { ApiProblem, asProblem, problemFromResponse } from './problem.js';
import type { ServerClock } from './server-clock.js';

export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out';

export interface ActiveSession {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Epoch ms when the grant was received (its lifetime is expiresAt − issuedAt). */
  issuedAt: number;
  user: SessionUser;
}

/** Why the user is on the sign-in page (shown there). */
export type SignOutReason = 'ended' | 'signed-out' | null;

export interface SessionOptions {
  fetchImpl?: typeof fetch;
  /** Token expiry is server time: renewals are timed on the server's clock. */
  clock?: ServerClock;
  /** Cross-tab channel name; null disables sharing (tests). */
  channelName?: string | null;
}

type TabMessage = { type: 'grant'; grant: SessionGrant; issuedAt: number } | { type: 'signed-out' };

/**
 * Set in this browser while a refresh session may exist (signed in, not signed out). Without it
 * the page does not ask the server to refresh: a first visit would only earn a 401.
 */
const SESSION_HINT_KEY = 'zhidu.session-hint';

function sessionHint(): boolean {
  try {
    return globalThis.localStorage?.getItem(SESSION_HINT_KEY) === '1';
  } catch {
    return true;
  }
}

function setSessionHint(present: boolean): void {
  try {
    if (present) globalThis.localStorage?.setItem(SESSION_HINT_KEY, '1');
    else globalThis.localStorage?.removeItem(SESSION_HINT_KEY);
  } catch {
    // storage disabled (private mode): every load asks the server, which is only a wasted request
  }
}

/** Renew when this share of the token's lifetime has passed… */
const RENEW_AT_SHARE = 0.75;
/** …leaving at least this long before it expires (timers of a busy or waking page fire late). */
const MIN_SPARE_MS = 60_000;
/** Retry delays (ms) while the server cannot be reached for a renewal. */
const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 15_000];

/**
 * When to renew a grant: at 75 % of its life, but leaving at least a minute before expiry for a
 * busy or waking device — and never before half its life (very short tokens); at least 5 s from now.
 *
 * @example renewDelayMs({ issuedAt: 0, expiresAt: 900_000 }, 0) // 675000 (15 min token: 225 s to spare)
 * @example renewDelayMs({ issuedAt: 0, expiresAt: 30_000 }, 0) // 15000 (30 s token: half its life)
 */
export function renewDelayMs(session: Pick<ActiveSession, 'issuedAt' | 'expiresAt'>, nowMs: number): number {
  const lifetime = session.expiresAt - session.issuedAt;
  const elapsedAtRenewal = Math.max(lifetime * 0.5, Math.min(lifetime * RENEW_AT_SHARE, lifetime - MIN_SPARE_MS));
  return Math.max(5_000, session.issuedAt + elapsedAtRenewal - nowMs);
}

export class SessionManager implements TokenProvider {
  readonly status: ShallowRef<SessionStatus> = shallowRef('restoring');
  readonly current: ShallowRef<ActiveSession | null> = shallowRef(null);
  readonly signOutReason: ShallowRef<SignOutReason> = shallowRef(null);
  /** The last renewal failed because the server was unreachable (retrying). */
  readonly renewalFailing: ShallowRef<boolean> = shallowRef(false);

  private readonly fetchImpl: typeof fetch;
  private readonly clock: ServerClock | undefined;
  private readonly now: () => number;
  private readonly channel: BroadcastChannel | null;
  private renewing: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retries = 0;
  private readonly listeners = new Set<(session: ActiveSession | null) => void>();

  constructor(options: SessionOptions = {}) {
    this.fetchImpl = options.fetchImpl ?? ((...args) => fetch(...args));
    this.clock = options.clock;
    this.now = options.clock ? () => (options.clock as ServerClock).now() : Date.now;
    const name = options.channelName === undefined ? 'zhidu-session' : options.channelName;
    this.channel = name && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(name) : null;
    this.channel?.addEventListener('message', (event: MessageEvent<TabMessage>) => this.onTabMessage(event.data));
  }

  accessToken(): string | null {
    return this.current.value?.accessToken ?? null;
  }

  hasRole(roles: readonly UserRole[]): boolean {
    const role = this.current.value?.user.role;
    return role !== undefined && roles.includes(role);
  }

  /** Called with the new session after every grant and with null on sign-out (the live socket re-authenticates). */
  onChange(listener: (session: ActiveSession | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * On page load: trade the refresh cookie for an access token. Resolves once the status is
   * known; while the server is unreachable it keeps trying (a wall screen that boots before
   * the server must not end on the sign-in page).
   */
  async restore(): Promise<void> {
    if (!sessionHint()) {
      this.end(null);
      return;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const grant = await this.callRefresh();
        if (grant) this.apply(grant, this.now(), { broadcast: true });
        else this.end(null);
        return;
      } catch {
        this.renewalFailing.value = true;
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]));
      }
    }
  }

  /** Signs in; throws `ApiProblem` (wrong password, locked out, rate limited, offline). */
  async signIn(name: string, password: string): Promise<SessionUser> {
    const response = await this.post(AUTH_PATHS.login, { name, password });
    if (!response.ok) throw await problemFromResponse(response);
    const grant = (await response.json()) as SessionGrant;
    this.apply(grant, this.now(), { broadcast: true });
    return grant.user;
  }

  /** Signs out here and in the other tabs; the server revokes the session. */
  async signOut(): Promise<void> {
    const token = this.accessToken();
    this.end('signed-out');
    this.broadcast({ type: 'signed-out' });
    try {
      await this.post(AUTH_PATHS.logout, undefined, token);
    } catch {
      // Unreachable server: the refresh session expires on its own; this tab already forgot the token.
    }
  }

  /**
   * Renews the access token now (single flight, serialised across tabs). Resolves true with a
   * fresh token, false when the server refused (the session has ended); throws `ApiProblem`
   * when the server could not be reached.
   */
  renew(): Promise<boolean> {
    if (!this.renewing) {
      const before = this.current.value?.expiresAt ?? 0;
      this.renewing = this.underLock(async () => {
        // Another tab renewed while this one waited for the lock: its grant arrived by broadcast.
        const adopted = this.current.value;
        if (adopted && adopted.expiresAt > before && adopted.expiresAt - this.now() > 30_000) return true;
        const grant = await this.callRefresh();
        if (!grant) {
          this.end('ended');
          this.broadcast({ type: 'signed-out' });
          return false;
        }
        this.apply(grant, this.now(), { broadcast: true });
        return true;
      }).finally(() => {
        this.renewing = null;
      });
    }
    return this.renewing;
  }

  /** Renews at once if the token is due (a tablet waking from sleep missed its timer). */
  renewIfDue(): void {
    const session = this.current.value;
    if (session && renewDelayMs(session, this.now()) <= 5_000) void this.renewScheduled();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.channel?.close();
  }

  private async renewScheduled(): Promise<void> {
    try {
      await this.renew();
      this.retries = 0;
      this.renewalFailing.value = false;
    } catch {
      // Server unreachable: keep the session and try again; the refresh cookie outlives the outage.
      this.renewalFailing.value = true;
      const delay = RETRY_DELAYS_MS[Math.min(this.retries++, RETRY_DELAYS_MS.length - 1)] ?? 15_000;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.renewScheduled(), delay);
    }
  }

  private schedule(session: ActiveSession): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.renewScheduled(), renewDelayMs(session, this.now()));
  }

  private apply(grant: SessionGrant, issuedAt: number, options: { broadcast: boolean }): void {
    const expiresAt = Date.parse(grant.expiresAt);
    const session: ActiveSession = {
      accessToken: grant.accessToken,
      expiresAt: Number.isFinite(expiresAt) ? expiresAt : issuedAt + 60_000,
      issuedAt,
      user: grant.user,
    };
    this.current.value = session;
    this.status.value = 'signed-in';
    setSessionHint(true);
    this.signOutReason.value = null;
    this.renewalFailing.value = false;
    this.schedule(session);
    if (options.broadcast) this.broadcast({ type: 'grant', grant, issuedAt });
    for (const listener of this.listeners) listener(session);
  }

  private end(reason: SignOutReason): void {
    clearTimeout(this.timer);
    const wasSignedIn = this.current.value !== null;
    this.current.value = null;
    this.status.value = 'signed-out';
    this.signOutReason.value = reason;
    setSessionHint(false);
    if (wasSignedIn) for (const listener of this.listeners) listener(null);
  }

  private onTabMessage(message: TabMessage): void {
    if (message.type === 'signed-out') {
      if (this.current.value) this.end('signed-out');
      return;
    }
    const expiresAt = Date.parse(message.grant.expiresAt);
    if (expiresAt > (this.current.value?.expiresAt ?? 0)) this.apply(message.grant, message.issuedAt, { broadcast: false });
  }

  private broadcast(message: TabMessage): void {
    this.channel?.postMessage(message);
  }

  private async underLock<T>(task: () => Promise<T>): Promise<T> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) return task();
    return locks.request('zhidu-session-renewal', task) as Promise<T>;
  }

  /** The grant for the refresh cookie, or null when the server refuses it (no or ended session). */
  private async callRefresh(): Promise<SessionGrant | null> {
    const response = await this.post(AUTH_PATHS.refresh, undefined);
    if (response.status === 401 || response.status === 403) return null;
    if (!response.ok) throw await problemFromResponse(response);
    return (await response.json()) as SessionGrant;
  }

  private async post(path: string, body: unknown, token?: string | null): Promise<Response> {
    try {
      const sentAt = Date.now();
      const response = await this.fetchImpl(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          accept: 'application/json, application/problem+json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      this.clock?.observe(response.headers.get('date'), sentAt, Date.now());
      return response;
    } catch (error) {
      throw error instanceof ApiProblem ? error : asProblem(error);
    }
  }
}
