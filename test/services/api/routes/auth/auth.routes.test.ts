import { afterAll, beforeAll, expect, it } from 'vitest';
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '../../../../../services/contracts/auth.js';
import { describeEachStore } from '../../../../helpers/test-stores.js';
import { bearer, buildAuthTestApp, createTestUser, refreshCookieOf, signIn, type AuthTestApp, type TestUser } from '../../../../helpers/auth.js';

await describeEachStore('auth routes: login, refresh, logout, me, password', (ctx) => {
  let t: AuthTestApp;
  let officer: TestUser;

  beforeAll(async () => {
    t = await buildAuthTestApp(ctx.store);
    officer = await createTestUser(t.auth, ctx.store, 'officer');
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs in with an access token in the body and the refresh session as an HttpOnly, SameSite=Strict cookie on /api/v1/auth', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name: officer.name, password: officer.password } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({ id: officer.id, name: officer.name, displayName: null, role: 'officer' });
    expect(body.accessToken.split('.')).toHaveLength(3);
    // Access tokens live ZHIDU_ACCESS_TOKEN_TTL_S = 900 s by default.
    const ttlS = (Date.parse(body.expiresAt) - Date.now()) / 1000;
    expect(ttlS).toBeGreaterThan(890);
    expect(ttlS).toBeLessThanOrEqual(900);
    const cookie = res.cookies.find((c) => c.name === REFRESH_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: REFRESH_COOKIE_PATH });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('matches names case-insensitively and answers wrong names and wrong passwords alike', async () => {
    await signIn(t.app, officer.name.toUpperCase(), officer.password);
    const wrongPassword = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name: officer.name, password: 'not-the-password' }, remoteAddress: '10.9.0.1' });
    const unknownName = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name: 'nobody.here', password: 'not-the-password' }, remoteAddress: '10.9.0.1' });
    for (const res of [wrongPassword, unknownName]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'ZHIDU_ERR_UNAUTHENTICATED', detail: 'Authentication required: wrong name or password' });
    }
  });

  it('tells who is signed in', async () => {
    const { accessToken } = await signIn(t.app, officer.name, officer.password);
    const res = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(accessToken) });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toEqual({ id: officer.id, name: officer.name, displayName: null, role: 'officer' });
    // The session lasts ZHIDU_REFRESH_TOKEN_TTL_S = 50,400 s (14 h) from sign-in.
    expect(Date.parse(res.json().sessionExpiresAt) - Date.now()).toBeGreaterThan(50_300_000);
  });

  it('refreshes with the cookie, rotating it; the old cookie is refused after the grace, and its reuse ends the session', async () => {
    const first = await signIn(t.app, officer.name, officer.password);
    const refreshed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: first.refreshCookie } });
    expect(refreshed.statusCode).toBe(200);
    const rotated = refreshCookieOf(refreshed);
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(first.refreshCookie);
    const token = refreshed.json().accessToken as string;
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(200);

    // Within the 30 s grace, the previous cookie (a second tab) gets an access token but no new cookie.
    const tab = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: first.refreshCookie } });
    expect(tab.statusCode).toBe(200);
    expect(refreshCookieOf(tab)).toBeUndefined();

    // After the grace (rotation moved 60 s into the past), the old cookie is a copied token: the session ends.
    await ctx.store.query(`UPDATE auth_sessions SET rotated_at = now() - interval '60 seconds' WHERE refresh_hash <> ''`);
    const replay = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: first.refreshCookie } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().detail).toMatch(/already used/);
    // The thief's replay also ends the legitimate holder's session: the rotated cookie and the access token stop working.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: rotated as string } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('refuses a refresh without a cookie or with an unknown one', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh' })).statusCode).toBe(401);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: `${REFRESH_COOKIE}=forged` } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('ZHIDU_ERR_UNAUTHENTICATED');
  });

  it('logs out: the access token and the refresh cookie stop working at once', async () => {
    const session = await signIn(t.app, officer.name, officer.password);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(session.accessToken) });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === REFRESH_COOKIE)?.value).toBe('');
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session.accessToken) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: session.refreshCookie } })).statusCode).toBe(401);
  });

  it('changes one’s own password: policy checked, other sessions end, this one stays', async () => {
    const user = await createTestUser(t.auth, ctx.store, 'viewer');
    const here = await signIn(t.app, user.name, user.password);
    const elsewhere = await signIn(t.app, user.name, user.password);
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: bearer(here.accessToken),
      payload: { currentPassword: user.password, newPassword: user.name },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([{ field: '/body/newPassword', reason: 'must not be the user name' }]);
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: bearer(here.accessToken),
      payload: { currentPassword: user.password, newPassword: 'elevenchars' },
    });
    expect(short.json().errors).toEqual([{ field: '/body/newPassword', reason: 'must be at least 12 characters' }]);
    const wrongCurrent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: bearer(here.accessToken),
      payload: { currentPassword: 'wrong-current-password', newPassword: 'a brand new passphrase' },
    });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().errors).toEqual([{ field: '/body/currentPassword', reason: 'does not match' }]);

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: bearer(here.accessToken),
      payload: { currentPassword: user.password, newPassword: 'a brand new passphrase' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(here.accessToken) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(elsewhere.accessToken) })).statusCode).toBe(401);
    await expect(signIn(t.app, user.name, user.password)).rejects.toThrow(/401/);
    await signIn(t.app, user.name, 'a brand new passphrase');
  });

  it('refuses oversize and malformed bodies with problem+json', async () => {
    const huge = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name: 'a', password: 'x'.repeat(20_000) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('ZHIDU_ERR_PAYLOAD_TOO_LARGE');
    const extra = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name: 'a', password: 'b', role: 'admin' } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().code).toBe('ZHIDU_ERR_VALIDATION');
  });
});
