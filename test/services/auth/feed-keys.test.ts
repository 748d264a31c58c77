import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import access from '../../../services/api/plugins/access.js';
import audit from '../../../services/api/plugins/audit.js';
import problemDetails from '../../../services/api/plugins/problem-details.js';
import { directAuditor } from '../../../services/auth/audit.js';
import { assertFeedMayWrite, createAuth, feedRateLimit, rateLimitPluginOptions, type Auth } from '../../../services/auth/index.js';
import { loadConfig } from '../../../services/config/index.js';
import type { FeedPrincipal } from '../../../services/contracts/identity.js';
import { bearer, createTestUser, TEST_JWT_SECRET } from '../../helpers/auth.js';
import { describeEachStore } from '../../helpers/test-stores.js';

const RATE_PER_MINUTE = 5;

/** The HTTP layers of the real app around a throwaway ingest-like route declared `access: 'feed'`. */
async function feedApp(auth: Auth, registry: Registry, store: Parameters<typeof audit>[1]['store']): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: pino({ level: 'silent' }) as unknown as FastifyBaseLogger });
  await app.register(problemDetails, { registry });
  await app.register(access, { authenticator: auth.authenticator, registry });
  await app.register(rateLimit, rateLimitPluginOptions());
  await app.register(audit, { store, registry });
  const limit = feedRateLimit({ ratePerMinute: RATE_PER_MINUTE, registry });
  app.post<{ Body: { intersection: string } }>('/ingest/v1/test-events', { config: { access: 'feed', rateLimit: limit } }, async (request) => {
    const feed = request.principal as FeedPrincipal;
    assertFeedMayWrite(feed, request.body.intersection);
    return { accepted: 1, feed: feed.name };
  });
  await app.ready();
  return app;
}

await describeEachStore(
  'feed API keys on a feed route',
  (ctx) => {
    let auth: Auth;
    let app: FastifyInstance;
    let registry: Registry;
    let keyA: { secret: string; id: string };
    let keyAll: { secret: string; id: string };
    const system = () => directAuditor(ctx.store, { kind: 'system', id: null, name: 'test' });

    beforeAll(async () => {
      registry = new Registry();
      auth = await createAuth({
        store: ctx.store,
        config: loadConfig({ ZHIDU_JWT_SECRET: TEST_JWT_SECRET }),
        registry,
        logger: pino({ level: 'silent' }),
        knownIntersections: new Set(['A', 'B']),
      });
      app = await feedApp(auth, registry, ctx.store);
      const a = await auth.keys.create({ name: 'controllers of A', intersections: ['A'] }, system(), null);
      const all = await auth.keys.create({ name: 'simulator', intersections: null }, system(), null);
      keyA = { secret: a.secret, id: a.key.id };
      keyAll = { secret: all.secret, id: all.key.id };
    });
    afterAll(async () => {
      await app.close();
    });

    const post = (headers: Record<string, string>, intersection = 'A') =>
      app.inject({ method: 'POST', url: '/ingest/v1/test-events', headers, payload: { intersection } });

    it('accepts a key as X-Api-Key or as Authorization: Bearer', async () => {
      expect((await post({ 'x-api-key': keyAll.secret })).json()).toEqual({ accepted: 1, feed: 'simulator' });
      expect((await post(bearer(keyAll.secret))).statusCode).toBe(200);
    });

    it('lets a key scoped to A write A but not B', async () => {
      expect((await post({ 'x-api-key': keyA.secret }, 'A')).statusCode).toBe(200);
      const refused = await post({ 'x-api-key': keyA.secret }, 'B');
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'ZHIDU_ERR_FORBIDDEN', detail: 'Not allowed: API key controllers of A may not write intersection B' });
    });

    it('refuses missing, malformed, tampered and unknown keys with 401', async () => {
      const tampered = `${keyAll.secret.slice(0, -1)}${keyAll.secret.endsWith('A') ? 'B' : 'A'}`;
      const unknownPrefix = `zk_00000000_${keyAll.secret.slice(12)}`;
      const cases: Record<string, string>[] = [{}, { 'x-api-key': 'not-a-key' }, { 'x-api-key': tampered }, { 'x-api-key': unknownPrefix }, bearer("zk_' OR 1=1 --")];
      for (const headers of cases) {
        const res = await post(headers);
        expect(res.statusCode).toBe(401);
        expect(res.json().code).toBe('ZHIDU_ERR_UNAUTHENTICATED');
      }
    });

    it('refuses a user token on a feed route with 403 (known caller, wrong kind)', async () => {
      const user = await createTestUser(auth, ctx.store, 'admin');
      const login = await auth.signIn.login({ name: user.name, password: user.password }, { ip: '127.0.0.1', userAgent: null }, system());
      const res = await post(bearer(login.accessToken));
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toMatch(/user tokens may not call feed routes/);
    });

    it('refuses a revoked key at once, and a revoked key stays listed', async () => {
      const temp = await auth.keys.create({ name: 'temporary', intersections: null }, system(), null);
      expect((await post({ 'x-api-key': temp.secret })).statusCode).toBe(200);
      await auth.keys.revoke(temp.key.id, system());
      const res = await post({ 'x-api-key': temp.secret });
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toMatch(/revoked/);
      expect((await auth.keys.list()).find((k) => k.id === temp.key.id)?.revokedAt).not.toBeNull();
    });

    it('limits requests per key per minute with 429 + Retry-After, other keys unaffected', async () => {
      const burst = await auth.keys.create({ name: 'bursty', intersections: null }, system(), null);
      const statuses: number[] = [];
      for (let i = 0; i < RATE_PER_MINUTE + 2; i += 1) statuses.push((await post({ 'x-api-key': burst.secret })).statusCode);
      expect(statuses).toEqual([...Array(RATE_PER_MINUTE).fill(200), 429, 429]);
      const limited = await post({ 'x-api-key': burst.secret });
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.json().code).toBe('ZHIDU_ERR_RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const other = await auth.keys.create({ name: 'calm', intersections: null }, system(), null);
      expect((await post({ 'x-api-key': other.secret })).statusCode).toBe(200);
      expect(await registry.metrics()).toMatch(/zhidu_rate_limited_total\{limit="feed-key"\} 3/);
    });

    it('records last use at most once a minute, and writes no audit entry per ingest request', async () => {
      const fresh = await auth.keys.create({ name: 'last-used', intersections: null }, system(), null);
      const lastUsed = async () => (await auth.keys.list()).find((k) => k.id === fresh.key.id)?.lastUsedAt;
      expect(await lastUsed()).toBeNull();
      await post({ 'x-api-key': fresh.secret });
      const first = await lastUsed();
      expect(first).not.toBeNull();
      await post({ 'x-api-key': fresh.secret });
      expect(await lastUsed()).toBe(first);
      const audited = await ctx.store.query(`SELECT 1 FROM audit_log WHERE actor_kind = 'api_key'`);
      expect(audited.rows).toEqual([]);
    });
  },
  ['postgres', 'pglite'],
);
