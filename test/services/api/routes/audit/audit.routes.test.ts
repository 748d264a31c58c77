import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../../services/contracts/auth.js';
import { bearer, buildAuthTestApp, createTestUser, signIn, type AuthTestApp, type TestUser } from '../../../../helpers/auth.js';
import { describeEachStore } from '../../../../helpers/test-stores.js';

await describeEachStore(
  'audit log and GET /api/v1/audit',
  (ctx) => {
    let t: AuthTestApp;
    let admin: TestUser;
    let adminToken: string;
    let viewerToken: string;
    let createdUserId: string;
    let keyId: string;
    const secrets: string[] = [];

    const audit = async (query: string): Promise<{ items: AuditEntry[]; nextCursor: string | null }> => {
      const res = await t.app.inject({ url: `/api/v1/audit${query}`, headers: bearer(adminToken) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    beforeAll(async () => {
      t = await buildAuthTestApp(ctx.store);
      admin = await createTestUser(t.auth, ctx.store, 'admin');
      const viewer = await createTestUser(t.auth, ctx.store, 'viewer');
      adminToken = (await signIn(t.app, admin.name, admin.password)).accessToken;
      viewerToken = (await signIn(t.app, viewer.name, viewer.password)).accessToken;
      secrets.push(admin.password, viewer.password, adminToken, viewerToken);

      // The changes this suite then finds in the log, in order.
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(adminToken),
        payload: { name: 'liu.yang', role: 'officer', password: 'first password of liu' },
      });
      createdUserId = created.json().id;
      await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${createdUserId}`, headers: bearer(adminToken), payload: { role: 'engineer' } });
      await t.app.inject({ method: 'POST', url: `/api/v1/users/${createdUserId}/password`, headers: bearer(adminToken), payload: { password: 'second password of liu' } });
      const key = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(adminToken), payload: { name: 'audited key', intersections: ['A', 'B'] } });
      keyId = key.json().key.id;
      await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${keyId}`, headers: bearer(adminToken) });
      // A refused attempt by a known caller, and a failed sign-in.
      await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(viewerToken), payload: { name: 'sneaky', role: 'admin', password: 'let me be admin now' } });
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name: 'liu.yang', password: 'not his password at all' }, remoteAddress: '10.20.0.7' });
      const liu = await signIn(t.app, 'liu.yang', 'second password of liu');
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(liu.accessToken) });
      secrets.push('first password of liu', 'second password of liu', 'not his password at all', 'let me be admin now', key.json().secret, liu.accessToken, liu.refreshCookie.split('=')[1] as string);
    });
    afterAll(async () => {
      await t.close();
    });

    it('shows each change with who, what, target, before/after, status, request id and address', async () => {
      const { items } = await audit('?limit=500');
      const ours = items.filter((e) => e.actor.name !== 'test').reverse();
      expect(ours.map((e) => [e.actor.name, e.action, e.status])).toEqual([
        [admin.name, 'auth.login', 200],
        [expect.stringMatching(/^viewer\./), 'auth.login', 200],
        [admin.name, 'user.create', 201],
        [admin.name, 'user.update', 200],
        [admin.name, 'user.reset-password', 204],
        [admin.name, 'api-key.create', 201],
        [admin.name, 'api-key.revoke', 200],
        [expect.stringMatching(/^viewer\./), 'POST /api/v1/users', 403],
        ['liu.yang', 'auth.login-failed', 401],
        ['liu.yang', 'auth.login', 200],
        ['liu.yang', 'auth.logout', 204],
      ]);
      const update = ours.find((e) => e.action === 'user.update') as AuditEntry;
      expect(update.target).toEqual({ kind: 'user', id: createdUserId });
      expect(update.before).toMatchObject({ role: 'officer' });
      expect(update.after).toMatchObject({ role: 'engineer' });
      expect(update.actor).toEqual({ kind: 'user', id: admin.id, name: admin.name });
      expect(update.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(update.ip).toBe('127.0.0.1');
      const revoke = ours.find((e) => e.action === 'api-key.revoke') as AuditEntry;
      expect(revoke.before).toMatchObject({ revokedAt: null, intersections: ['A', 'B'] });
      expect((revoke.after as { revokedAt: string }).revokedAt).toMatch(/^\d{4}-/);
      expect(ours.find((e) => e.action === 'auth.login-failed')?.ip).toBe('10.20.0.7');
    });

    it('never writes a password, token, key or hash', async () => {
      const { rows } = await ctx.store.query<{ row: string }>('SELECT row_to_json(a)::text AS row FROM audit_log a');
      const text = rows.map((r) => r.row).join('\n');
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/\$argon2id\$|zk_[0-9a-f]{8}_/);
    });

    it('filters by actor, actor kind, action (exact or prefix), target and time, newest first', async () => {
      expect((await audit(`?actor=${admin.name}&action=user.create`)).items.map((e) => e.target?.id)).toEqual([createdUserId]);
      expect((await audit(`?actor=${admin.id}&actorKind=user&action=user.`)).items.map((e) => e.action)).toEqual(['user.reset-password', 'user.update', 'user.create']);
      expect((await audit(`?targetKind=api-key&targetId=${keyId}`)).items.map((e) => e.action)).toEqual(['api-key.revoke', 'api-key.create']);
      expect((await audit('?actorKind=system')).items.every((e) => e.actor.kind === 'system')).toBe(true);
      // "_" and "%" in a prefix are literal, not LIKE wildcards.
      expect((await audit('?action=user_.')).items).toEqual([]);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect((await audit(`?from=${encodeURIComponent(future)}`)).items).toEqual([]);
      const all = (await audit('?limit=500')).items;
      const oldest = all.at(-1) as AuditEntry;
      expect((await audit(`?to=${encodeURIComponent(oldest.ts)}`)).items).toEqual([]);
    });

    it('pages with a cursor: every entry once, in order', async () => {
      const all = (await audit('?limit=500')).items.map((e) => e.id);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: AuditEntry[]; nextCursor: string | null } = await audit(`?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    });

    it('refuses bad filters with the field', async () => {
      const cases: [string, string][] = [
        ['?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z', '/querystring/from'],
        ['?from=yesterday', '/querystring/from'],
        ['?limit=0', '/querystring/limit'],
        ['?cursor=abc', '/querystring/cursor'],
        ['?actorKind=robot', '/querystring/actorKind'],
        ['?unknown=1', '/querystring'],
      ];
      for (const [query, field] of cases) {
        const res = await t.app.inject({ url: `/api/v1/audit${query}`, headers: bearer(adminToken) });
        expect(res.statusCode, query).toBe(400);
        expect(res.json().errors.map((e: { field: string }) => e.field).join(' '), query).toContain(field);
      }
    });
  },
  ['postgres', 'pglite'],
);
