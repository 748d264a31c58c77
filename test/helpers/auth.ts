/**
 * The real HTTP app with real identity services on a test store, and helpers to sign
 * in as each role. Later issues reuse these to call their routes as a given role.
 */
import type { RouteOptions } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { Registry } from 'prom-client';
import { IngestPipeline } from '../../ingest/pipeline.js';
import { buildApp, type ZhiduApp } from '../../services/api/app.js';
import { directAuditor } from '../../services/auth/audit.js';
import { createAuth, type Auth } from '../../services/auth/index.js';
import { loadConfig, type Config } from '../../services/config/index.js';
import { REFRESH_COOKIE, type SessionResponse } from '../../services/contracts/auth.js';
import { USER_ROLES, type UserRole } from '../../services/contracts/identity.js';
import type { SqlPort } from '../../services/store/port.js';
import { twoIntersectionIndex } from './networks.js';

export interface AuthTestApp {
  app: ZhiduApp;
  auth: Auth;
  store: SqlPort;
  config: Readonly<Config>;
  registry: Registry;
  /** Every route registered, in registration order (HEAD routes included). */
  routes: RouteOptions[];
  close(): Promise<void>;
}

/** A JWT secret for tests (≥ 32 characters). */
export const TEST_JWT_SECRET = 'zhidu-test-secret-0123456789abcdef-0123456789';

/**
 * Builds the app with real identity services over `store` (migrated) and the two-intersection
 * network (intersections A and B). `env` overrides configuration (e.g. ZHIDU_LOGIN_LOCKOUT_S).
 *
 * @example const t = await buildAuthTestApp(store, { ZHIDU_LOGIN_LOCKOUT_S: '2' });
 */
export async function buildAuthTestApp(
  store: SqlPort,
  env: Record<string, string> = {},
  options: { credentialCacheMs?: number; jwtSecret?: string | null } = {},
): Promise<AuthTestApp> {
  const secret = options.jwtSecret === null ? {} : { ZHIDU_JWT_SECRET: options.jwtSecret ?? TEST_JWT_SECRET };
  const config = loadConfig({ ZHIDU_SIMULATOR: 'off', ...secret, ...env });
  const logger = pino({ level: 'silent' });
  const registry = new Registry();
  const network = twoIntersectionIndex();
  const auth = await createAuth({
    store,
    config,
    registry,
    logger,
    knownIntersections: new Set(network.intersections.keys()),
    ...(options.credentialCacheMs === undefined ? {} : { credentialCacheMs: options.credentialCacheMs }),
  });
  const routes: RouteOptions[] = [];
  // The ingest routes too, so the role × route matrix covers them.
  const ingest = new IngestPipeline({ store, network, registry, logger, limits: { batchWaitMs: 2 } });
  const app = await buildApp({ config, store, network, logger, registry, authenticator: auth.authenticator, auth, ingest, onRoute: (route) => routes.push(route) });
  await app.ready();
  return {
    app,
    auth,
    store,
    config,
    registry,
    routes,
    close: async () => {
      await app.close();
      await ingest.close();
    },
  };
}

/** A password that meets the policy, distinct per name. */
export function testPassword(name: string): string {
  return `pw-${name}-Long-Enough-2026`;
}

export interface TestUser {
  id: string;
  name: string;
  password: string;
  role: UserRole;
}

let userCounter = 0;

/**
 * Creates a user directly through the service (audited as the test system).
 *
 * @example const officer = await createTestUser(t.auth, t.store, 'officer');
 */
export async function createTestUser(auth: Auth, store: SqlPort, role: UserRole, name?: string): Promise<TestUser> {
  userCounter += 1;
  const userName = name ?? `${role}.${process.pid}.${userCounter}`;
  const password = testPassword(userName);
  const record = await auth.users.create({ name: userName, role, password }, directAuditor(store, { kind: 'system', id: null, name: 'test' }));
  return { id: record.id, name: userName, password, role };
}

export interface SignedIn {
  accessToken: string;
  /** `zhidu_refresh=<token>` for a Cookie header. */
  refreshCookie: string;
  body: SessionResponse;
}

/** The refresh cookie a response sets, as `name=value`, or undefined. */
export function refreshCookieOf(response: LightMyRequestResponse): string | undefined {
  const cookie = response.cookies.find((c) => c.name === REFRESH_COOKIE);
  return cookie && cookie.value !== '' ? `${REFRESH_COOKIE}=${cookie.value}` : undefined;
}

/**
 * Signs in over HTTP; throws when it does not succeed.
 *
 * @example const { accessToken } = await signIn(t.app, officer.name, officer.password);
 */
export async function signIn(app: ZhiduApp, name: string, password: string, remoteAddress = '127.0.0.1'): Promise<SignedIn> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name, password }, remoteAddress });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${name} failed: ${response.statusCode} ${response.body}`);
  const refreshCookie = refreshCookieOf(response);
  if (!refreshCookie) throw new Error('sign-in set no refresh cookie');
  const body = response.json<SessionResponse>();
  return { accessToken: body.accessToken, refreshCookie, body };
}

/** `Authorization: Bearer <token>`. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/**
 * One user of every role, signed in.
 *
 * @example const users = await usersOfEveryRole(t); await t.app.inject({ url, headers: bearer(users.admin.accessToken) });
 */
export async function usersOfEveryRole(t: Pick<AuthTestApp, 'app' | 'auth' | 'store'>): Promise<Record<UserRole, TestUser & { accessToken: string }>> {
  const entries = await Promise.all(
    USER_ROLES.map(async (role) => {
      const user = await createTestUser(t.auth, t.store, role);
      const { accessToken } = await signIn(t.app, user.name, user.password);
      return [role, { ...user, accessToken }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<UserRole, TestUser & { accessToken: string }>;
}
