/**
 * The `Authenticator` the access plugin calls (services/api/plugins/access.ts): user
 * routes take `Authorization: Bearer <access token>`; feed routes take a feed API key
 * as `X-Api-Key: <key>` or `Authorization: Bearer <key>`. A valid credential of the
 * wrong kind (a key on a user route, a user token on an ingest route) is refused with
 * 403: the caller is known but not allowed there. Bad credentials are refused with 401.
 */
import type { FastifyRequest } from 'fastify';
import type { Authenticator } from '../api/plugins/access.js';
import { Errors, problem } from '../contracts/errors.js';
import type { Principal } from '../contracts/identity.js';
import { apiKeyPrefix } from './api-key-format.js';
import type { ApiKeyService } from './api-key.service.js';
import type { AuthMetrics } from './auth-metrics.js';
import type { SessionService } from './session.service.js';

/**
 * Who proved their identity on a request, even when the request was then refused (403):
 * the audit plugin records refused attempts by known callers.
 */
const authenticated = new WeakMap<FastifyRequest, Principal>();

/**
 * The caller identified on this request, whether or not it was then allowed.
 *
 * @example const who = request.principal ?? authenticatedCaller(request);
 */
export function authenticatedCaller(request: FastifyRequest): Principal | undefined {
  return authenticated.get(request);
}

/** The credential of an `Authorization: Bearer` header, if any. */
export function bearerToken(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function apiKeyHeader(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}

/**
 * @example const authenticator = zhiduAuthenticator({ sessions, keys, metrics });
 */
export function zhiduAuthenticator(deps: { sessions: SessionService; keys: ApiKeyService; metrics: AuthMetrics }): Authenticator {
  const { sessions, keys, metrics } = deps;
  const wrongKind = (request: FastifyRequest, principal: Principal, detail: string): never => {
    authenticated.set(request, principal);
    metrics.refusedCredentials.inc({ kind: principal.kind, reason: 'wrong-kind' });
    throw problem(Errors.FORBIDDEN, detail);
  };
  return {
    async authenticate(request, expected) {
      const bearer = bearerToken(request);
      const bearerIsKey = bearer !== undefined && apiKeyPrefix(bearer) !== undefined;
      const key = apiKeyHeader(request) ?? (bearerIsKey ? bearer : undefined);
      if (expected === 'feed') {
        if (key !== undefined) {
          const feed = await keys.authenticate(key);
          authenticated.set(request, feed);
          return feed;
        }
        if (bearer !== undefined) {
          const { principal } = await sessions.verify(bearer);
          return wrongKind(request, principal, 'user tokens may not call feed routes; use a feed API key');
        }
        return undefined;
      }
      if (bearer !== undefined && !bearerIsKey) {
        const { principal } = await sessions.verify(bearer);
        authenticated.set(request, principal);
        return principal;
      }
      if (key !== undefined) {
        const feed = await keys.authenticate(key);
        return wrongKind(request, feed, 'feed API keys may not call user routes; sign in as a user');
      }
      return undefined;
    },
  };
}
