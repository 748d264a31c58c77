/**
 * SQL injection and oversize strings in every text parameter of the identity routes:
 * each is refused with problem+json or stored verbatim, never executed, and nothing
 * answers 500.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REFRESH_COOKIE, type AuditEntry } from '../../../services/contracts/auth.js';
import { bearer, buildAuthTestApp, createTestUser, signIn, type AuthTestApp, type TestUser } from '../../helpers/auth.js';
import { describeEachStore } from '../../helpers/test-stores.js';

const HOSTILE = ["' OR 1=1 --", '"; DROP TABLE users; --', 'x'.repeat(10_000)] as const;

interface Field {
  name: string;
  request(value: string): InjectOptions;
  /** When the request succeeded: check the value was kept exactly as sent. */
  storedVerbatim?(value: string, response: LightMyRequestResponse): Promise<void>;
}

await describeEachStore(
  'hostile input in every text field',
  (ctx) => {
    let t: AuthTestApp;
    let admin: TestUser;
    let adminToken = '';
    let target: TestUser;
    let targetId = '';
    let keyId = '';
    let fields: Field[] = [];

    beforeAll(async () => {
      t = await buildAuthTestApp(ctx.store);
      admin = await createTestUser(t.auth, ctx.store, 'admin');
      adminToken = (await signIn(t.app, admin.name, admin.password)).accessToken;
      target = await createTestUser(t.auth, ctx.store, 'viewer');
      targetId = target.id;
      keyId = (await t.auth.keys.create({ name: 'k', intersections: null }, { record: () => undefined }, null)).key.id;
      const asAdmin = (options: InjectOptions): InjectOptions => ({ ...options, headers: { ...bearer(adminToken), ...options.headers } });
      const userRow = async (id: string) => (await ctx.store.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [id])).rows[0];
      fields = [
        { name: 'login name', request: (v) => ({ method: 'POST', url: '/api/v1/auth/login', payload: { name: v, password: 'whatever password' }, remoteAddress: '10.50.0.1' }) },
        { name: 'login password', request: (v) => ({ method: 'POST', url: '/api/v1/auth/login', payload: { name: 'nobody.here', password: v }, remoteAddress: '10.50.0.2' }) },
        { name: 'refresh cookie', request: (v) => ({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: `${REFRESH_COOKIE}=${encodeURIComponent(v)}` } }) },
        { name: 'bearer token', request: (v) => ({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${v}` } }) },
        { name: 'X-Api-Key', request: (v) => ({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-api-key': v } }) },
        {
          name: 'new user name',
          request: (v) => asAdmin({ method: 'POST', url: '/api/v1/users', payload: { name: v, role: 'viewer', password: 'a fine long password' } }),
        },
        {
          name: 'new user display name',
          request: (v) => asAdmin({ method: 'POST', url: '/api/v1/users', payload: { name: `dn.${v.length}.${v.charCodeAt(0)}`, displayName: v, role: 'viewer', password: 'a fine long password' } }),
          storedVerbatim: async (v, res) => expect((await userRow(res.json().id))?.display_name).toBe(v),
        },
        {
          name: 'new user password',
          request: (v) => asAdmin({ method: 'POST', url: '/api/v1/users', payload: { name: `pw.${v.length}.${v.charCodeAt(0)}`, role: 'viewer', password: v } }),
          storedVerbatim: async (v, res) => {
            await signIn(t.app, res.json().name, v);
          },
        },
        {
          name: 'changed display name',
          request: (v) => asAdmin({ method: 'PATCH', url: `/api/v1/users/${targetId}`, payload: { displayName: v } }),
          storedVerbatim: async (v) => expect((await userRow(targetId))?.display_name).toBe(v),
        },
        { name: 'user id in the path', request: (v) => asAdmin({ method: 'PATCH', url: `/api/v1/users/${encodeURIComponent(v)}`, payload: { displayName: 'x' } }) },
        {
          name: 'reset password',
          request: (v) => asAdmin({ method: 'POST', url: `/api/v1/users/${targetId}/password`, payload: { password: v } }),
          storedVerbatim: async (v) => {
            await signIn(t.app, target.name, v);
          },
        },
        {
          name: 'own current and new password',
          request: (v) => asAdmin({ method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: v, newPassword: v } }),
        },
        {
          name: 'key name',
          request: (v) => asAdmin({ method: 'POST', url: '/api/v1/api-keys', payload: { name: v, intersections: null } }),
          storedVerbatim: async (v, res) => {
            const row = await ctx.store.query<{ name: string }>('SELECT name FROM api_keys WHERE id = $1', [res.json().key.id]);
            expect(row.rows[0]?.name).toBe(v);
          },
        },
        { name: 'key intersections', request: (v) => asAdmin({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'k', intersections: [v] } }) },
        { name: 'key id in the path', request: (v) => asAdmin({ method: 'DELETE', url: `/api/v1/api-keys/${encodeURIComponent(v)}` }) },
        ...(['actor', 'action', 'targetKind', 'targetId', 'from', 'to', 'cursor', 'actorKind'] as const).map(
          (filter): Field => ({
            name: `audit filter ${filter}`,
            request: (v) => asAdmin({ method: 'GET', url: `/api/v1/audit?${filter}=${encodeURIComponent(v)}` }),
            // An accepted filter is a parameter compared as text: it returns only entries holding exactly
            // that text (a failed sign-in as "' OR 1=1 --" is one), never every entry.
            storedVerbatim: async (v, res) => {
              const items = res.json().items as AuditEntry[];
              const held = (e: AuditEntry) =>
                filter === 'actor' ? e.actor.name === v || e.actor.id === v : filter === 'action' ? e.action === v : filter === 'targetKind' ? e.target?.kind === v : e.target?.id === v;
              expect(items.every(held), `${filter} returned entries not holding the value`).toBe(true);
              const total = (await ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]?.n ?? 0;
              expect(items.length).toBeLessThan(total);
            },
          }),
        ),
      ];
    });
    afterAll(async () => {
      await t.close();
    });

    it('refuses each value with problem+json, or keeps it verbatim; never a 500', async () => {
      const outcomes: string[] = [];
      for (const field of fields) {
        for (const value of HOSTILE) {
          const res = await t.app.inject(field.request(value));
          const label = `${field.name} = ${value.slice(0, 24)}${value.length > 24 ? `… (${value.length})` : ''}`;
          expect(res.statusCode, label).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/);
            expect(res.json().code, label).toMatch(/^ZHIDU_ERR_/);
            outcomes.push(`${label}: refused ${res.statusCode}`);
          } else {
            expect(field.storedVerbatim, `${label} succeeded (${res.statusCode}) but the field has no verbatim check`).toBeDefined();
            await field.storedVerbatim?.(value, res);
            outcomes.push(`${label}: kept ${res.statusCode}`);
          }
        }
      }
      // 10,000 characters exceed every declared bound, so no field keeps them.
      expect(outcomes.filter((o) => o.includes('(10000)') && o.includes('kept'))).toEqual([]);
      // The display name keeps the injection text as text.
      expect(outcomes).toContain(`changed display name = "; DROP TABLE users; --: kept 200`);
    });

    it('leaves every table in place and the admin able to sign in', async () => {
      for (const table of ['users', 'api_keys', 'audit_log', 'auth_sessions', 'login_throttle', 'settings']) {
        const exists = await ctx.store.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
        expect(exists.rows[0]?.present, table).toBe(true);
      }
      await signIn(t.app, admin.name, admin.password);
      expect((await t.auth.keys.list()).some((k) => k.id === keyId)).toBe(true);
    });
  },
  ['postgres', 'pglite'],
);
