/**
 * Every route of the real app × every kind of caller (DESIGN §12). When an issue adds
 * a route, add its row here: the coverage case fails until every registered route has one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directAuditor } from '../../services/auth/audit.js';
import { BASEMAP_PMTILES_PATH } from '../../services/contracts/dashboard.js';
import { ADMINS, ANY_USER, OFFICERS, type UserRole } from '../../services/contracts/identity.js';
import { bearer, buildAuthTestApp, createTestUser, signIn, type AuthTestApp, type TestUser } from '../helpers/auth.js';
import { accessMismatches, describeRoleMatrix, uncoveredRoutes, type MatrixCredentials, type RouteRow } from '../helpers/role-matrix.js';
import { openTestStore, type TestStore } from '../helpers/test-stores.js';
import { ENGINEERS } from '../../services/contracts/identity.js';
import { seedNetworkPlans } from '../../services/store/repositories/timing-plan.repository.js';
import { twoIntersectionNetwork } from '../helpers/networks.js';

const anyUser = (ANY_USER as { roles: readonly UserRole[] }).roles;
const admins = (ADMINS as { roles: readonly UserRole[] }).roles;
const officers = (OFFICERS as { roles: readonly UserRole[] }).roles;
const engineers = (ENGINEERS as { roles: readonly UserRole[] }).roles;

// Ids of things the rows act on, made in beforeAll.
let victim: TestUser;
let revocableKeyId = '';

const ROWS: readonly RouteRow[] = [
  // health, metrics, documentation
  { method: 'GET', route: '/healthz', allowed: 'public', allowedStatus: [200] },
  { method: 'GET', route: '/readyz', allowed: 'public', allowedStatus: [200] },
  { method: 'GET', route: '/metrics', allowed: 'public', allowedStatus: [200] },
  { method: 'GET', route: '/docs/', allowed: 'public', allowedStatus: [200] },
  { method: 'GET', route: '/docs/json', allowed: 'public', allowedStatus: [200] },
  { method: 'GET', route: '/docs/yaml', allowed: 'public', allowedStatus: [200] },
  { method: 'GET', route: '/docs/static/index.html', allowed: 'public', allowedStatus: [302] },
  { method: 'GET', route: '/docs/static/swagger-initializer.js', allowed: 'public', allowedStatus: [200] },
  { method: 'GET', route: '/docs/static/*', url: '/docs/static/swagger-ui.css', allowed: 'public', allowedStatus: [200] },
  // network
  { method: 'GET', route: '/api/v1/network', allowed: anyUser, allowedStatus: [200] },
  { method: 'GET', route: '/api/v1/network.geojson', allowed: anyUser, allowedStatus: [200] },
  // sessions
  { method: 'POST', route: '/api/v1/auth/login', allowed: 'public', body: () => ({ name: victim.name, password: victim.password }), allowedStatus: [200] },
  // Refresh is public: its credential is the cookie, which these callers do not hold.
  { method: 'POST', route: '/api/v1/auth/refresh', allowed: 'public', allowedStatus: [401] },
  { method: 'POST', route: '/api/v1/auth/logout', allowed: anyUser, endsSession: true, allowedStatus: [204] },
  { method: 'GET', route: '/api/v1/auth/me', allowed: anyUser, allowedStatus: [200] },
  {
    method: 'POST',
    route: '/api/v1/auth/password',
    allowed: anyUser,
    // A wrong current password: reaches the handler (400) and changes nothing.
    body: { currentPassword: 'not-the-current-one', newPassword: 'another long passphrase' },
    allowedStatus: [400],
  },
  // users (admins)
  { method: 'GET', route: '/api/v1/users', allowed: admins, allowedStatus: [200] },
  { method: 'POST', route: '/api/v1/users', allowed: admins, body: { name: 'matrix.new', role: 'viewer', password: 'matrix new user pass' }, allowedStatus: [201, 409] },
  { method: 'PATCH', route: '/api/v1/users/:id', url: () => `/api/v1/users/${victim.id}`, allowed: admins, body: { displayName: '受测用户' }, allowedStatus: [200] },
  {
    method: 'POST',
    route: '/api/v1/users/:id/password',
    url: () => `/api/v1/users/${victim.id}/password`,
    allowed: admins,
    body: () => ({ password: victim.password }),
    allowedStatus: [204],
  },
  // feed API keys (admins)
  { method: 'GET', route: '/api/v1/api-keys', allowed: admins, allowedStatus: [200] },
  { method: 'POST', route: '/api/v1/api-keys', allowed: admins, body: { name: 'matrix key', intersections: ['A'] }, allowedStatus: [201] },
  { method: 'DELETE', route: '/api/v1/api-keys/:id', url: () => `/api/v1/api-keys/${revocableKeyId}`, allowed: admins, allowedStatus: [200] },
  // audit (admins)
  { method: 'GET', route: '/api/v1/audit', allowed: admins, allowedStatus: [200] },
  // dashboard: the page and its assets are public (the data behind them is not)
  { method: 'GET', route: '/', allowed: 'public', allowedStatus: [200, 503] },
  { method: 'GET', route: '/index.html', allowed: 'public', allowedStatus: [200, 503] },
  { method: 'GET', route: '/favicon.svg', allowed: 'public', allowedStatus: [200, 404] },
  { method: 'GET', route: '/assets/*', url: '/assets/no-such-asset.js', allowed: 'public', allowedStatus: [404] },
  { method: 'GET', route: '/api/v1/dashboard/config', allowed: anyUser, allowedStatus: [200] },
  // The basemap file configured below does not exist: allowed callers get 503.
  { method: 'GET', route: BASEMAP_PMTILES_PATH, allowed: anyUser, allowedStatus: [503] },
  // state, measures, alerts (issue 6). The test app runs no engine: the state route answers 503.
  { method: 'GET', route: '/api/v1/state', url: '/api/v1/state?scope=city', allowed: anyUser, allowedStatus: [503] },
  { method: 'GET', route: '/api/v1/measures/approaches/:approachId', url: '/api/v1/measures/approaches/A-W?from=2026-11-27T00:00:00Z&to=2026-11-27T01:00:00Z&step=900', allowed: anyUser, allowedStatus: [200] },
  { method: 'GET', route: '/api/v1/measures/intersections/:intersectionId', url: '/api/v1/measures/intersections/A?from=2026-11-27T00:00:00Z&to=2026-11-27T01:00:00Z&step=900', allowed: anyUser, allowedStatus: [200] },
  {
    method: 'GET',
    route: '/api/v1/measures/intersections/:intersectionId/cycles',
    url: '/api/v1/measures/intersections/A/cycles?from=2026-11-27T00:00:00Z&to=2026-11-27T01:00:00Z&phase=2',
    allowed: anyUser,
    allowedStatus: [200],
  },
  { method: 'GET', route: '/api/v1/alerts', allowed: anyUser, allowedStatus: [200] },
  // No such alert: allowed callers reach the handler and get 404.
  { method: 'POST', route: '/api/v1/alerts/:id/acknowledge', url: '/api/v1/alerts/no-such-alert/acknowledge', allowed: officers, allowedStatus: [404] },
  { method: 'POST', route: '/api/v1/alerts/:id/close', url: '/api/v1/alerts/no-such-alert/close', allowed: officers, allowedStatus: [404] },
  { method: 'POST', route: '/api/v1/incidents', allowed: officers, body: { type: 'breakdown', position: [117.2, 39.12], note: 'matrix' }, allowedStatus: [201] },
  // timing suggestions and plan versions (issue 8). No such suggestion: allowed callers reach the handler and get 404.
  { method: 'GET', route: '/api/v1/timing/suggestions', allowed: anyUser, allowedStatus: [200] },
  { method: 'GET', route: '/api/v1/timing/suggestions/:id', url: '/api/v1/timing/suggestions/999999', allowed: anyUser, allowedStatus: [404] },
  { method: 'POST', route: '/api/v1/timing/suggestions/:id/approve', url: '/api/v1/timing/suggestions/999999/approve', allowed: engineers, body: {}, allowedStatus: [404] },
  { method: 'POST', route: '/api/v1/timing/suggestions/:id/reject', url: '/api/v1/timing/suggestions/999999/reject', allowed: engineers, body: { comment: 'matrix' }, allowedStatus: [404] },
  { method: 'POST', route: '/api/v1/timing/suggestions/:id/export', url: '/api/v1/timing/suggestions/999999/export', allowed: engineers, allowedStatus: [404] },
  // The test app has no job runner: allowed callers reach the handler and get 503.
  { method: 'POST', route: '/api/v1/timing/runs', allowed: engineers, body: { intersectionId: 'A' }, allowedStatus: [503] },
  { method: 'GET', route: '/api/v1/timing/runs', allowed: anyUser, allowedStatus: [200] },
  { method: 'GET', route: '/api/v1/timing/plans/:intersectionId/versions', url: '/api/v1/timing/plans/A/versions', allowed: anyUser, allowedStatus: [200] },
  { method: 'GET', route: '/api/v1/timing/plans/:intersectionId/versions/:version', url: '/api/v1/timing/plans/A/versions/1', allowed: anyUser, allowedStatus: [200] },
  {
    method: 'GET',
    route: '/api/v1/timing/plans/:intersectionId/versions/:version/export',
    url: '/api/v1/timing/plans/A/versions/1/export?format=csv',
    allowed: engineers,
    allowedStatus: [200],
  },
  { method: 'GET', route: '/api/v1/timing/plans/:intersectionId/diff', url: '/api/v1/timing/plans/A/diff?from=1&to=1', allowed: anyUser, allowedStatus: [200] },
  { method: 'GET', route: '/api/v1/timing/corridors/:corridorId/time-space', url: '/api/v1/timing/corridors/c1/time-space', allowed: anyUser, allowedStatus: [200] },
  // ingest (feed keys only)
  { method: 'POST', route: '/ingest/v1/events', allowed: 'feed', body: () => ({ intersection: 'A', ts: Date.now(), code: 82, param: 5 }), allowedStatus: [200] },
  {
    method: 'POST',
    route: '/ingest/v1/samples',
    allowed: 'feed',
    body: () => ({ detector: 'A-W-SB1', ts: Date.now() - 60_000, intervalS: 60, volume: 3 }),
    allowedStatus: [200],
  },
  // A JSON body reaches the handler, which wants multipart: 415.
  { method: 'POST', route: '/ingest/v1/files', allowed: 'feed', body: { file: 'not multipart' }, allowedStatus: [415] },
  // The WebSocket stream: a plain GET (no upgrade) reaches the route, which answers 404.
  { method: 'GET', route: '/ingest/v1/stream', allowed: 'feed', allowedStatus: [404] },
];

describe('role × route matrix [pglite]', () => {
  let opened: TestStore;
  let t: AuthTestApp;
  const users = new Map<UserRole, TestUser>();
  const tokens = new Map<UserRole, string>();
  let feedKey = '';

  const credentials: MatrixCredentials = {
    async userToken(role, options) {
      const user = users.get(role);
      if (!user) throw new Error(`no ${role} user`);
      const cached = tokens.get(role);
      if (cached && !options?.fresh) return cached;
      const { accessToken } = await signIn(t.app, user.name, user.password);
      if (!options?.fresh) tokens.set(role, accessToken);
      return accessToken;
    },
    feedKey: async () => feedKey,
  };

  beforeAll(async () => {
    opened = await openTestStore('pglite');
    // A basemap is configured so that its route exists too.
    t = await buildAuthTestApp(opened.store, { ZHIDU_BASEMAP_PMTILES: '/nonexistent/basemap.pmtiles' });
    for (const role of ['viewer', 'officer', 'engineer', 'admin'] as const) users.set(role, await createTestUser(t.auth, opened.store, role));
    victim = await createTestUser(t.auth, opened.store, 'viewer');
    const system = directAuditor(opened.store, { kind: 'system', id: null, name: 'test' });
    feedKey = (await t.auth.keys.create({ name: 'matrix feed', intersections: null }, system, null)).secret;
    revocableKeyId = (await t.auth.keys.create({ name: 'to revoke', intersections: ['B'] }, system, null)).key.id;
    await seedNetworkPlans(opened.store, twoIntersectionNetwork().intersections);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  describeRoleMatrix(() => ({ app: t.app, credentials }), ROWS);

  it('has a row for every registered route, and each row states what the route declares', () => {
    expect(uncoveredRoutes(t.routes, ROWS)).toEqual([]);
    expect(accessMismatches(t.routes, ROWS)).toEqual([]);
  });

  it('refuses tampered and expired user tokens with 401 on every user route', async () => {
    const token = await credentials.userToken('admin');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const promoted = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin', sub: victim.id })).toString('base64url')}.${signature}`;
    const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    for (const row of ROWS.filter((r) => typeof r.allowed === 'object')) {
      const url = typeof row.url === 'function' ? row.url() : (row.url ?? row.route);
      for (const bad of [promoted, flipped, unsigned, 'garbage']) {
        const res = await t.app.inject({ method: row.method, url, headers: bearer(bad) });
        expect(res.statusCode, `${row.method} ${url} with a bad token`).toBe(401);
      }
    }
  });
});
