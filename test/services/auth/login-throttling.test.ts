import { afterAll, beforeAll, expect, it } from 'vitest';
import { accountPolicy, addressPolicy } from '../../../services/auth/login-throttle.js';
import { LoginThrottle } from '../../../services/auth/login-throttle.service.js';
import { buildAuthTestApp, createTestUser, signIn, type AuthTestApp, type TestUser } from '../../helpers/auth.js';
import { describeEachStore } from '../../helpers/test-stores.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await describeEachStore(
  'sign-in throttling',
  (ctx) => {
    let t: AuthTestApp;
    let user: TestUser;

    beforeAll(async () => {
      // Lockout 3 s so the test can wait it out; the address limit 6 so spraying shows quickly.
      t = await buildAuthTestApp(ctx.store, { ZHIDU_LOGIN_LOCKOUT_S: '3', ZHIDU_LOGIN_ADDRESS_MAX_FAILURES: '6' });
      user = await createTestUser(t.auth, ctx.store, 'officer');
    });
    afterAll(async () => {
      await t.close();
    });

    const attempt = (name: string, password: string, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name, password }, remoteAddress });

    it('throttles 20 wrong passwords in a row, holds the right one during the block, and lets it in after', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await attempt(user.name, `wrong password ${i}`, '10.1.0.1')).statusCode);
      // Failures 1–3 are checked (401); the 3rd sets a 1 s wait, so attempts 4–20 are refused unchecked (429).
      expect(statuses).toEqual([...Array(3).fill(401), ...Array(17).fill(429)]);

      const held = await attempt(user.name, user.password, '10.1.0.1');
      expect(held.statusCode).toBe(429);
      expect(held.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(held.json()).toMatchObject({ code: 'ZHIDU_ERR_RATE_LIMITED', retryAfterS: 1 });
      expect(held.headers['retry-after']).toBe('1');

      const metrics = (await t.app.inject('/metrics')).body;
      expect(metrics).toMatch(/zhidu_auth_login_throttled_total\{scope="account"\} 18/);
      expect(metrics).toMatch(/zhidu_auth_logins_total\{outcome="wrong-credentials"\} 3/);

      await sleep(1100);
      await signIn(t.app, user.name, user.password, '10.1.0.1');
      // Success starts the account afresh: a wrong password is checked again, not refused.
      expect((await attempt(user.name, 'wrong again', '10.1.0.1')).statusCode).toBe(401);
    });

    it('counts parallel guesses one by one: only the free failures reach the password check', async () => {
      const target = await createTestUser(t.auth, ctx.store, 'viewer');
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(target.name, `guess ${i}`, `10.2.0.${i}`)));
      const statuses = answers.map((a) => a.statusCode).sort();
      expect(statuses).toEqual([...Array(3).fill(401), ...Array(17).fill(429)]);
    });

    it('locks an address that fails across many accounts (password spraying), not other addresses', async () => {
      for (let i = 0; i < 6; i += 1) expect((await attempt(`nobody.${i}`, 'spring2026', '10.3.0.1')).statusCode).toBe(401);
      const locked = await attempt(user.name, user.password, '10.3.0.1');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().detail).toMatch(/for this address/);
      await signIn(t.app, user.name, user.password, '10.3.0.2');
      expect((await t.app.inject('/metrics')).body).toMatch(/zhidu_auth_login_throttled_total\{scope="address"\} 1/);
    });

    it('locks an account for the full lockout at the 10th failure, and opens it when the lockout ends', async () => {
      // A clock the test moves; the rows are real, in this database.
      let now = Date.parse('2026-11-27T08:00:00Z');
      const throttle = new LoginThrottle(ctx.store, { account: accountPolicy(10, 900), address: addressPolicy(100, 900), now: () => new Date(now) });
      const blockedUntil = async () =>
        (await ctx.store.query<{ blocked_until: Date | null }>(`SELECT blocked_until FROM login_throttle WHERE scope = 'account' AND key = 'lockout.case'`)).rows[0]
          ?.blocked_until ?? null;
      const waits: number[] = [];
      for (let failure = 1; failure <= 10; failure += 1) {
        expect(await throttle.reserve('lockout.case', '10.4.0.1')).toEqual({ allowed: true });
        const until = await blockedUntil();
        const waitMs = until ? until.getTime() - now : 0;
        waits.push(waitMs / 1000);
        if (waitMs > 0) {
          // Refused one millisecond before the block ends, allowed when it ends (the next loop).
          now += waitMs - 1;
          expect(await throttle.reserve('lockout.case', '10.4.0.1')).toMatchObject({ allowed: false, scope: 'account' });
          now += 1;
        }
      }
      expect(waits).toEqual([0, 0, 1, 2, 4, 8, 16, 32, 64, 900]);
      // After the lockout, the right password (reserve, then success) starts the account afresh.
      expect(await throttle.reserve('lockout.case', '10.4.0.1')).toEqual({ allowed: true });
      await throttle.succeeded('lockout.case', '10.4.0.1');
      expect(await blockedUntil()).toBeNull();
    });
  },
  ['postgres', 'pglite'],
);
