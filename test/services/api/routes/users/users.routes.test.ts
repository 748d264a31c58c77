import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, buildAuthTestApp, createTestUser, signIn, type AuthTestApp } from '../../../../helpers/auth.js';
import { describeEachStore } from '../../../../helpers/test-stores.js';

await describeEachStore(
  'users routes',
  (ctx) => {
    let t: AuthTestApp;
    let admin: string;

    beforeAll(async () => {
      t = await buildAuthTestApp(ctx.store);
      const user = await createTestUser(t.auth, ctx.store, 'admin');
      admin = (await signIn(t.app, user.name, user.password)).accessToken;
    });
    afterAll(async () => {
      await t.close();
    });

    const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
      t.app.inject({ method, url, headers: bearer(admin), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

    it('creates a user who can sign in, and lists users without any password hash', async () => {
      const created = await call('POST', '/api/v1/users', { name: 'zhang.min', displayName: '张敏', role: 'engineer', password: 'green wave on Nanjing Road' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: 'zhang.min', displayName: '张敏', role: 'engineer', disabled: false });
      await signIn(t.app, 'zhang.min', 'green wave on Nanjing Road');
      const list = await call('GET', '/api/v1/users');
      expect(list.json().items.map((u: { name: string }) => u.name)).toContain('zhang.min');
      expect(list.body).not.toMatch(/argon2|password_hash|passwordHash/);
    });

    it('refuses a taken name (any case), a weak password and an unknown role, with the field', async () => {
      const taken = await call('POST', '/api/v1/users', { name: 'ZHANG.MIN', role: 'viewer', password: 'another good passphrase' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().errors).toEqual([{ field: '/body/name', reason: 'already taken' }]);
      const weak = await call('POST', '/api/v1/users', { name: 'wu.lei', role: 'viewer', password: 'wu.lei' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors.map((e: { reason: string }) => e.reason)).toEqual(['must be at least 12 characters', 'must not be the user name']);
      const role = await call('POST', '/api/v1/users', { name: 'wu.lei', role: 'root', password: 'another good passphrase' });
      expect(role.statusCode).toBe(400);
      expect(role.json().errors.some((e: { field: string }) => e.field === '/body/role')).toBe(true);
    });

    it('changes a role and ends the user’s sessions; disabling refuses sign-in', async () => {
      const user = await createTestUser(t.auth, ctx.store, 'viewer');
      const session = await signIn(t.app, user.name, user.password);
      const promoted = await call('PATCH', `/api/v1/users/${user.id}`, { role: 'officer', displayName: '王警官' });
      expect(promoted.statusCode).toBe(200);
      expect(promoted.json()).toMatchObject({ role: 'officer', displayName: '王警官' });
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session.accessToken) })).statusCode).toBe(401);
      const again = await signIn(t.app, user.name, user.password);
      expect(again.body.user.role).toBe('officer');

      expect((await call('PATCH', `/api/v1/users/${user.id}`, { disabled: true })).json().disabled).toBe(true);
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(again.accessToken) })).statusCode).toBe(401);
      await expect(signIn(t.app, user.name, user.password)).rejects.toThrow(/401/);
      expect((await call('PATCH', `/api/v1/users/${user.id}`, { disabled: false })).json().disabled).toBe(false);
      await signIn(t.app, user.name, user.password);
    });

    it('resets a password: sessions end, the new one works', async () => {
      const user = await createTestUser(t.auth, ctx.store, 'officer');
      const session = await signIn(t.app, user.name, user.password);
      expect((await call('POST', `/api/v1/users/${user.id}/password`, { password: 'short' })).statusCode).toBe(400);
      expect((await call('POST', `/api/v1/users/${user.id}/password`, { password: 'reset by the admin 2026' })).statusCode).toBe(204);
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session.accessToken) })).statusCode).toBe(401);
      await signIn(t.app, user.name, 'reset by the admin 2026');
    });

    it('never leaves the system without an enabled admin', async () => {
      const { rows } = await ctx.store.query<{ id: number }>(`SELECT id FROM users WHERE role = 'admin' ORDER BY id`);
      expect(rows).toHaveLength(1);
      const only = String(rows[0]?.id);
      const demote = await call('PATCH', `/api/v1/users/${only}`, { role: 'viewer' });
      expect(demote.statusCode).toBe(409);
      expect(demote.json().errors).toEqual([{ field: '/body/role', reason: 'would leave no enabled admin' }]);
      expect((await call('PATCH', `/api/v1/users/${only}`, { disabled: true })).statusCode).toBe(409);
    });

    it('answers unknown ids with 404 and malformed ids or empty changes with 400', async () => {
      expect((await call('PATCH', '/api/v1/users/999999', { role: 'viewer' })).statusCode).toBe(404);
      expect((await call('POST', '/api/v1/users/999999/password', { password: 'long enough password' })).statusCode).toBe(404);
      const bad = await call('PATCH', "/api/v1/users/1%20OR%201=1", { role: 'viewer' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('/params/id');
      expect((await call('PATCH', '/api/v1/users/1', {})).statusCode).toBe(400);
    });
  },
  ['postgres', 'pglite'],
);
