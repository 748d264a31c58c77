/**
 * The dashboard's session and HTTP client against the real server (identity routes, real
 * tokens and refresh cookies on a listening app). The browser's cookie jar is played by a
 * small fetch wrapper; everything else is the code the browser runs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, type TokenProvider } from '../../dashboard/src/api/http-client.js';
import { ApiProblem } from '../../dashboard/src/api/problem.js';
import { SessionManager } from '../../dashboard/src/api/session.js';
import { createServerClock } from '../../dashboard/src/api/server-clock.js';
import { migrate } from '../../services/store/migrate.js';
import { openPgliteStore } from '../../services/store/pglite.adapter.js';
import type { SqlPort } from '../../services/store/port.js';
import { buildAuthTestApp, createTestUser, type AuthTestApp, type TestUser } from '../helpers/auth.js';

/** What a browser does for the page's origin: keep cookies the server sets, send them back (path-scoped). */
function browserFetch(origin: string): typeof fetch {
  const jar = new Map<string, { value: string; path: string }>();
  return async (input, init) => {
    const url = new URL(String(input), origin);
    const headers = new Headers(init?.headers);
    const cookies = [...jar].filter(([, c]) => url.pathname.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`);
    if (cookies.length > 0) headers.set('cookie', cookies.join('; '));
    const response = await fetch(url, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const [name = '', value = ''] = pair.split('=');
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, { value, path });
    }
    return response;
  };
}

/** localStorage as browsers have it (the session remembers that a refresh session may exist). */
const storage = new Map<string, string>();
Object.assign(globalThis, {
  localStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k) },
});

describe('dashboard session against the real identity routes', () => {
  let store: SqlPort;
  let t: AuthTestApp;
  let origin: string;
  let officer: TestUser;

  beforeAll(async () => {
    store = await openPgliteStore();
    await migrate(store);
    t = await buildAuthTestApp(store);
    origin = await t.app.listen({ host: '127.0.0.1', port: 0 });
    officer = await createTestUser(t.auth, t.store, 'officer');
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });
  beforeEach(() => storage.clear());

  const manager = (fetchImpl = browserFetch(origin)) => new SessionManager({ fetchImpl: (input, init) => fetchImpl(new URL(String(input), origin), init), channelName: null, clock: createServerClock() });

  it('refuses a wrong password with the catalogued code, and does not ask to refresh on a first visit', async () => {
    const requests: string[] = [];
    const fetchImpl = browserFetch(origin);
    const session = manager((input, init) => {
      requests.push(new URL(String(input)).pathname);
      return fetchImpl(input, init);
    });
    await session.restore();
    expect(session.status.value).toBe('signed-out');
    expect(requests).toEqual([]);
    const error = await session.signIn(officer.name, 'not-the-password').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).code).toBe('ZHIDU_ERR_UNAUTHENTICATED');
    expect(session.status.value).toBe('signed-out');
    session.dispose();
  });

  it('signs in, renews silently with the cookie, and restores on a new page load', async () => {
    const jar = browserFetch(origin);
    const requests: string[] = [];
    const fetchImpl: typeof fetch = (input, init) => {
      requests.push(new URL(String(input)).pathname);
      return jar(input, init);
    };
    const session = manager(fetchImpl);
    let changes = 0;
    session.onChange(() => (changes += 1));
    const user = await session.signIn(officer.name, officer.password);
    expect(user.role).toBe('officer');
    expect(session.status.value).toBe('signed-in');
    // Two concurrent renewals (a 401 retry and the timer) make one request: single flight.
    const [a, b] = await Promise.all([session.renew(), session.renew()]);
    expect([a, b]).toEqual([true, true]);
    expect(requests).toEqual(['/api/v1/auth/login', '/api/v1/auth/refresh']);
    expect(changes).toBe(2);
    // (JWTs issued in the same second with the same claims are identical: the token is checked by the server instead.)
    const me = await fetch(new URL('/api/v1/auth/me', origin), { headers: { authorization: `Bearer ${session.accessToken()}` } });
    expect(me.status).toBe(200);
    // reload: a new SessionManager in the same browser (same cookie jar and storage)
    const reloaded = manager(jar);
    await reloaded.restore();
    expect(reloaded.status.value).toBe('signed-in');
    expect(reloaded.current.value?.user.name).toBe(officer.name);
    session.dispose();
    reloaded.dispose();
  });

  it('ends the session when the server refuses the renewal, and after sign-out', async () => {
    const fetchImpl = browserFetch(origin);
    const session = manager(fetchImpl);
    await session.signIn(officer.name, officer.password);
    const token = session.accessToken() as string;
    const other = manager(fetchImpl);
    await other.restore();
    // signing out in one tab revokes the server session the other tab holds too
    await session.signOut();
    expect(session.status.value).toBe('signed-out');
    expect(session.signOutReason.value).toBe('signed-out');
    expect(await other.renew()).toBe(false);
    expect(other.status.value).toBe('signed-out');
    expect(other.signOutReason.value).toBe('ended');
    const me = await fetch(new URL('/api/v1/auth/me', origin), { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
    session.dispose();
    other.dispose();
  });

  it('HTTP client: sends the token, renews once on 401 and retries, translates problems', async () => {
    const session = manager();
    await session.signIn(officer.name, officer.password);
    let stale = true;
    let renewals = 0;
    // First presents a token the server rejects, as after a restart with a rotated session.
    const tokens: TokenProvider = {
      accessToken: () => (stale ? 'not-a-token' : session.accessToken()),
      renew: async () => {
        renewals += 1;
        stale = false;
        return session.renew();
      },
    };
    const clock = createServerClock();
    const http = createHttpClient(tokens, clock);
    const network = await http.get<{ intersections: unknown[] }>(`${origin}/api/v1/network`);
    expect(network.intersections).toHaveLength(2);
    expect(renewals).toBe(1);
    const missing = await http.get(`${origin}/api/v1/no-such-thing`).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'ZHIDU_ERR_NOT_FOUND', status: 404 });
    const invalid = await http.post(`${origin}/api/v1/auth/login`, { body: { name: '' }, authenticated: false }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'ZHIDU_ERR_VALIDATION', status: 400 });
    expect((invalid as ApiProblem).fields.length).toBeGreaterThan(0);
    const offline = await http.get('http://127.0.0.1:9/api/v1/network').catch((e: unknown) => e);
    expect(offline).toMatchObject({ code: 'ZHIDU_CLIENT_OFFLINE', status: 0 });
    const ended = createHttpClient({ accessToken: () => 'not-a-token', renew: async () => false });
    expect(await ended.get(`${origin}/api/v1/network`).catch((e: unknown) => e)).toMatchObject({ code: 'ZHIDU_CLIENT_SESSION_ENDED' });
    session.dispose();
  });
});
