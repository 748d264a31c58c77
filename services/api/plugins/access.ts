/**
 * Declarative authorisation (DESIGN §12): every route states `config.access`;
 * a route without one stops start-up (default deny). Credentials are checked in
 * `onRequest`, before any body is read.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, type Registry } from 'prom-client';
import { Errors, problem } from '../../contracts/errors.js';
import type { Principal, RouteAccess } from '../../contracts/identity.js';

/**
 * Verifies the credentials a request carries. Returns `undefined` when the request
 * carries none of the expected kind; throws `ZHIDU_ERR_UNAUTHENTICATED` when it carries
 * bad ones (tampered, expired, revoked).
 */
export interface Authenticator {
  authenticate(request: FastifyRequest, expected: 'user' | 'feed'): Promise<Principal | undefined>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

export class MissingAccessDeclarationError extends Error {
  constructor(method: string | string[], url: string) {
    super(`route ${String(method)} ${url} declares no config.access; every route must state who may call it`);
    this.name = 'MissingAccessDeclarationError';
  }
}

/** Routes registered by plugins we do not own (documentation UI, static assets). */
export interface AccessOptions {
  authenticator: Authenticator;
  registry: Registry;
  /** URL prefixes whose routes are public without a declaration (e.g. `/docs`). */
  publicPrefixes?: readonly string[];
}

export default fp(
  async function access(app: FastifyInstance, options: AccessOptions) {
    const refused = new Counter({
      name: 'zhidu_http_auth_refused_total',
      help: 'Requests refused by authentication (401) or authorisation (403)',
      labelNames: ['status', 'expected'] as const,
      registers: [options.registry],
    });
    const publicPrefixes = options.publicPrefixes ?? [];
    app.decorateRequest('principal', undefined);
    app.addHook('onRoute', (route) => {
      if (route.config?.access) return;
      if (publicPrefixes.some((prefix) => route.url.startsWith(prefix))) {
        route.config = { ...route.config, access: 'public' };
        return;
      }
      throw new MissingAccessDeclarationError(route.method, route.url);
    });
    app.addHook('onRequest', async (request) => {
      const declared = request.routeOptions.config?.access;
      // Unmatched URLs reach the not-found handler, which has no declaration: nothing to guard.
      if (declared === undefined || declared === 'public') return;
      const expected = declared === 'feed' ? 'feed' : 'user';
      const principal = await options.authenticator.authenticate(request, expected);
      if (!principal || principal.kind !== expected) {
        refused.inc({ status: '401', expected });
        throw problem(Errors.UNAUTHENTICATED, expected === 'feed' ? 'a feed API key is required' : 'a user token is required');
      }
      if (typeof declared === 'object' && principal.kind === 'user' && !declared.roles.includes(principal.role)) {
        refused.inc({ status: '403', expected });
        throw problem(Errors.FORBIDDEN, `role ${principal.role} may not ${request.method} ${request.routeOptions.url}`);
      }
      request.principal = principal;
    });
  },
  { name: 'zhidu-access' },
);
