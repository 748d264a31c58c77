/**
 * The role × route matrix (DESIGN §12): for each row of a table of routes, calls the
 * route without credentials, as every user role, and with a feed API key, and asserts
 *   - 401 without credentials (unless the route is public),
 *   - 403 for each role the route does not allow, for feed keys on user routes and for
 *     user tokens on feed routes,
 *   - neither 401 nor 403 for the callers it allows (or exactly `allowedStatus`).
 * `uncoveredRoutes` lists registered routes that have no row, so a new route fails the
 * matrix test until its row is added.
 */
import type { HTTPMethods, InjectOptions, LightMyRequestResponse, RouteOptions } from 'fastify';
import { expect, it } from 'vitest';
import type { ZhiduApp } from '../../services/api/app.js';
import { USER_ROLES, type UserRole } from '../../services/contracts/identity.js';

export type Allowed = 'public' | 'feed' | readonly UserRole[];

export interface RouteRow {
  method: Exclude<HTTPMethods, 'HEAD' | 'head'>;
  /** The route as registered (`/api/v1/users/:id`). */
  route: string;
  /** The URL to call; defaults to `route`. A function when it needs ids made in `beforeAll`. */
  url?: string | (() => string);
  allowed: Allowed;
  body?: unknown | (() => unknown);
  /** Statuses the allowed callers must get (default: anything but 401 and 403). */
  allowedStatus?: readonly number[];
  /** The request ends the caller's session (logout): use a fresh token for it. */
  endsSession?: boolean;
}

export interface MatrixCredentials {
  /** A valid access token of a user with `role`; a new session when `fresh`. */
  userToken(role: UserRole, options?: { fresh?: boolean }): Promise<string>;
  /** A valid feed API key (scope: all intersections). */
  feedKey(): Promise<string>;
}

export interface MatrixContext {
  app: ZhiduApp;
  credentials: MatrixCredentials;
}

type Caller = { kind: 'anonymous' } | { kind: 'user'; role: UserRole } | { kind: 'feed' };

const CALLERS: readonly Caller[] = [{ kind: 'anonymous' }, ...USER_ROLES.map((role) => ({ kind: 'user' as const, role })), { kind: 'feed' }];

function describeCaller(caller: Caller): string {
  return caller.kind === 'user' ? caller.role : caller.kind;
}

/** What a caller must get from a row: `allowed`, or the refusal status. */
export function expectedFor(row: Pick<RouteRow, 'allowed'>, caller: Caller): 'allowed' | 401 | 403 {
  if (row.allowed === 'public') return 'allowed';
  if (caller.kind === 'anonymous') return 401;
  if (row.allowed === 'feed') return caller.kind === 'feed' ? 'allowed' : 403;
  if (caller.kind === 'feed') return 403;
  return row.allowed.includes(caller.role) ? 'allowed' : 403;
}

async function headersFor(caller: Caller, row: RouteRow, credentials: MatrixCredentials): Promise<Record<string, string>> {
  if (caller.kind === 'anonymous') return {};
  if (caller.kind === 'feed') return { 'x-api-key': await credentials.feedKey() };
  return { authorization: `Bearer ${await credentials.userToken(caller.role, { fresh: row.endsSession === true })}` };
}

function resolve<T>(value: T | (() => T)): T {
  return typeof value === 'function' ? (value as () => T)() : value;
}

/**
 * Calls one row as every caller and checks each answer.
 *
 * @example await assertRouteAccess(app, credentials, { method: 'GET', route: '/api/v1/users', allowed: ['admin'] });
 */
export async function assertRouteAccess(app: ZhiduApp, credentials: MatrixCredentials, row: RouteRow): Promise<void> {
  const url = resolve(row.url ?? row.route);
  const failures: string[] = [];
  for (const caller of CALLERS) {
    const options: InjectOptions = { method: row.method, url, headers: await headersFor(caller, row, credentials) };
    if (row.body !== undefined) options.payload = resolve(row.body) as InjectOptions['payload'];
    const response: LightMyRequestResponse = await app.inject(options);
    const expected = expectedFor(row, caller);
    const who = describeCaller(caller);
    if (expected === 'allowed') {
      const ok = row.allowedStatus ? row.allowedStatus.includes(response.statusCode) : response.statusCode !== 401 && response.statusCode !== 403;
      if (!ok) failures.push(`${who}: expected ${row.allowedStatus ? row.allowedStatus.join('|') : 'not 401/403'}, got ${response.statusCode} ${response.body.slice(0, 200)}`);
    } else {
      if (response.statusCode !== expected) failures.push(`${who}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 200)}`);
      else if (!String(response.headers['content-type']).startsWith('application/problem+json')) failures.push(`${who}: refusal is not problem+json`);
    }
  }
  expect(failures, `${row.method} ${url}`).toEqual([]);
}

/**
 * One vitest case per row.
 *
 * @example describeRoleMatrix(() => ({ app: t.app, credentials }), ROWS);
 */
export function describeRoleMatrix(context: () => MatrixContext, rows: readonly RouteRow[]): void {
  for (const row of rows) {
    const allowed = typeof row.allowed === 'string' ? row.allowed : row.allowed.join(', ');
    it(`${row.method} ${row.route} — allows ${allowed}`, async () => {
      const { app, credentials } = context();
      await assertRouteAccess(app, credentials, row);
    });
  }
}

/**
 * Registered routes without a row (`METHOD /route`). HEAD routes mirror their GET and
 * are skipped; so is the CORS preflight (`OPTIONS *`), which no handler answers.
 *
 * @example expect(uncoveredRoutes(t.routes, ROWS)).toEqual([]);
 */
export function uncoveredRoutes(routes: readonly RouteOptions[], rows: readonly RouteRow[]): string[] {
  const covered = new Set(rows.map((r) => `${r.method} ${r.route}`));
  const missing: string[] = [];
  for (const route of routes) {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const upper = method.toUpperCase();
      if (upper === 'HEAD' || (upper === 'OPTIONS' && route.url === '*')) continue;
      const key = `${upper} ${route.url}`;
      if (!covered.has(key) && !missing.includes(key)) missing.push(key);
    }
  }
  return missing;
}

/**
 * Whether a row's declared `allowed` matches the route's `config.access`, so the table
 * cannot drift from the code it tests.
 *
 * @example expect(accessMismatches(t.routes, ROWS)).toEqual([]);
 */
export function accessMismatches(routes: readonly RouteOptions[], rows: readonly RouteRow[]): string[] {
  const mismatches: string[] = [];
  for (const row of rows) {
    const route = routes.find((r) => r.url === row.route && (Array.isArray(r.method) ? r.method : [r.method]).map((m) => m.toUpperCase()).includes(row.method));
    if (!route) {
      mismatches.push(`${row.method} ${row.route}: no such route`);
      continue;
    }
    const access = route.config?.access;
    const declared = typeof access === 'object' ? [...access.roles].sort().join(',') : access;
    const tabled = typeof row.allowed === 'string' ? row.allowed : [...row.allowed].sort().join(',');
    if (declared !== tabled) mismatches.push(`${row.method} ${row.route}: route allows ${declared}, table says ${tabled}`);
  }
  return mismatches;
}
