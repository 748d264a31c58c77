/**
 * Identity for the whole product (DESIGN §12), composed once per process:
 * sessions and access tokens, sign-in with throttling, users, feed API keys, and the
 * authenticator the HTTP access plugin uses. The realtime server verifies socket.io
 * handshakes with `auth.verifyAccessToken`.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Authenticator } from '../api/plugins/access.js';
import type { Config } from '../config/index.js';
import type { UserPrincipal } from '../contracts/identity.js';
import type { SqlPort } from '../store/port.js';
import { accessTokens } from './access-tokens.js';
import { ApiKeyService } from './api-key.service.js';
import { authMetrics, type AuthMetrics } from './auth-metrics.js';
import { zhiduAuthenticator } from './authenticator.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { accountPolicy, addressPolicy } from './login-throttle.js';
import { LoginThrottle } from './login-throttle.service.js';
import { SessionService } from './session.service.js';
import { SignInService } from './sign-in.service.js';
import { UserService } from './user.service.js';

export { assertFeedMayWrite, feedMayWrite } from './api-key.service.js';
export { directAuditor, type AuditActor, type AuditChange, type Auditor } from './audit.js';
export { feedRateLimit, rateLimitPluginOptions } from './ingest-rate-limit.js';

/** Verifies a user access token (signature, expiry, open session); throws when it is bad. */
export type AccessTokenVerifier = (token: string) => Promise<{ principal: UserPrincipal; expiresAt: number }>;

export interface Auth {
  authenticator: Authenticator;
  /**
   * For the socket.io handshake and anything else holding a bare token.
   *
   * @example const { principal, expiresAt } = await auth.verifyAccessToken(socket.handshake.auth.token);
   */
  verifyAccessToken: AccessTokenVerifier;
  sessions: SessionService;
  signIn: SignInService;
  users: UserService;
  keys: ApiKeyService;
  metrics: AuthMetrics;
  /** Deletes ended sessions and forgotten throttle rows (start-up, maintenance jobs). */
  purge(): Promise<void>;
}

export interface CreateAuthOptions {
  store: SqlPort;
  config: Readonly<Pick<Config, 'auth'>>;
  registry: Registry;
  logger: Logger;
  /** Intersection ids of the network, to check API key scopes. */
  knownIntersections?: ReadonlySet<string>;
  /** How long a checked session or API key is trusted before it is looked up again (default 5000 ms). */
  credentialCacheMs?: number;
}

/**
 * @example const auth = await createAuth({ store, config, registry, logger, knownIntersections: new Set(network.intersections.keys()) });
 */
export async function createAuth(options: CreateAuthOptions): Promise<Auth> {
  const { store, config, registry, logger } = options;
  const metrics = authMetrics(registry);
  const tokens = accessTokens(await resolveJwtSecret(store, config), { ttlS: config.auth.accessTokenTtlS });
  const { login } = config.auth;
  const throttle = new LoginThrottle(store, {
    account: accountPolicy(login.maxFailures, login.lockoutS),
    address: addressPolicy(login.addressMaxFailures, login.lockoutS),
  });
  const sessions = new SessionService(store, {
    tokens,
    metrics,
    refreshTtlS: config.auth.refreshTokenTtlS,
    ...(options.credentialCacheMs === undefined ? {} : { sessionCheckTtlMs: options.credentialCacheMs }),
  });
  const keys = new ApiKeyService(store, {
    metrics,
    ...(options.knownIntersections ? { knownIntersections: options.knownIntersections } : {}),
    ...(options.credentialCacheMs === undefined ? {} : { cacheTtlMs: options.credentialCacheMs }),
    onTouchError: (error, keyId) => logger.warn({ err: error, keyId }, 'could not record API key use'),
  });
  return {
    authenticator: zhiduAuthenticator({ sessions, keys, metrics }),
    verifyAccessToken: async (token) => {
      const { principal, expiresAt } = await sessions.verify(token);
      return { principal, expiresAt };
    },
    sessions,
    signIn: new SignInService(store, { sessions, throttle, metrics }),
    users: new UserService(store, sessions),
    keys,
    metrics,
    purge: async () => {
      await sessions.purge();
      await throttle.purge();
    },
  };
}
