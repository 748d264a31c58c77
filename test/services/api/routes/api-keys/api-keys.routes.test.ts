import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, buildAuthTestApp, createTestUser, signIn, type AuthTestApp } from '../../../../helpers/auth.js';
import { describeEachStore } from '../../../../helpers/test-stores.js';

await describeEachStore(
  'api-keys routes',
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

    it('creates a key whose secret appears once, in the creation answer only', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(admin), payload: { name: 'Heping controllers', intersections: ['A'] } });
      expect(res.statusCode).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      const { key, secret } = res.json();
      expect(secret).toMatch(new RegExp(`^zk_${key.prefix}_[A-Za-z0-9_-]{43}$`));
      expect(key).toMatchObject({ name: 'Heping controllers', intersections: ['A'], revokedAt: null, lastUsedAt: null });
      expect(await t.auth.keys.authenticate(secret)).toMatchObject({ keyId: key.id, intersections: ['A'] });

      const list = await t.app.inject({ url: '/api/v1/api-keys', headers: bearer(admin) });
      expect(list.json().items.map((k: { id: string }) => k.id)).toContain(key.id);
      expect(list.body).not.toContain(secret.slice(12));
      const stored = await ctx.store.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [key.id]);
      expect(stored.rows[0]?.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.rows[0]?.key_hash).not.toContain(secret);
    });

    it('accepts null for all intersections, refuses unknown ones with the offending index', async () => {
      const all = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(admin), payload: { name: 'simulator', intersections: null } });
      expect(all.json().key.intersections).toBeNull();
      const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(admin), payload: { name: 'x', intersections: ['A', 'TJ99'] } });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors).toEqual([{ field: '/body/intersections/1', reason: 'unknown intersection TJ99' }]);
      const empty = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(admin), payload: { name: 'x', intersections: [] } });
      expect(empty.statusCode).toBe(400);
    });

    it('revokes a key (idempotently), keeping it listed; unknown ids are 404', async () => {
      const created = (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(admin), payload: { name: 'short-lived', intersections: null } })).json();
      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${created.key.id}`, headers: bearer(admin) });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().revokedAt).not.toBeNull();
      const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${created.key.id}`, headers: bearer(admin) });
      expect(again.json().revokedAt).toBe(revoked.json().revokedAt);
      await expect(t.auth.keys.authenticate(created.secret)).rejects.toMatchObject({ code: 'ZHIDU_ERR_UNAUTHENTICATED' });
      expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/api-keys/424242', headers: bearer(admin) })).statusCode).toBe(404);
    });
  },
  ['postgres', 'pglite'],
);
