/**
 * Rate limits with @fastify/rate-limit: the plugin options the app registers (refusals
 * as problem+json with Retry-After) and the ready-made per-feed-key limit that ingest
 * routes attach:
 *
 *   app.post('/ingest/v1/events', { config: { access: 'feed', rateLimit: limits.feed }, ... }, handler)
 *
 * The key is the feed API key id (the access check runs first, in the app-level
 * `onRequest`, so the principal is known). Counters live in each process: N API
 * processes allow N × the limit, and each route keeps its own count per key.
 */
import type { RateLimitOptions, RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { Errors, problem } from '../contracts/errors.js';

/**
 * Options for registering @fastify/rate-limit on the app: no global limit (routes opt in),
 * refusals in the error catalogue.
 *
 * @example await app.register(rateLimit, rateLimitPluginOptions());
 */
export function rateLimitPluginOptions(): RateLimitPluginOptions {
  return {
    global: false,
    errorResponseBuilder: (_request, context) =>
      problem(Errors.RATE_LIMITED, `at most ${context.max} requests per ${context.after}`, { retryAfterS: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  };
}

function refusedCounter(registry: Registry): Counter<'limit'> {
  const name = 'zhidu_rate_limited_total';
  return (
    (registry.getSingleMetric(name) as Counter<'limit'> | undefined) ??
    new Counter({ name, help: 'Requests refused by a rate limit, by limit (feed-key, ...)', labelNames: ['limit'] as const, registers: [registry] })
  );
}

/** The feed key id of an authenticated feed request; the address otherwise (never reached on feed routes). */
function feedKeyOf(request: FastifyRequest): string {
  const principal = request.principal;
  return principal?.kind === 'feed' ? `feed:${principal.keyId}` : `ip:${request.ip}`;
}

/**
 * The per-key limit for routes declared `access: 'feed'`: `ratePerMinute` requests per
 * minute per API key (`ZHIDU_INGEST_RATE_PER_MIN`), refusals counted in `/metrics`.
 *
 * @example const feed = feedRateLimit({ ratePerMinute: config.ingest.ratePerMinute, registry });
 */
export function feedRateLimit(options: { ratePerMinute: number; registry: Registry }): RateLimitOptions {
  const refused = refusedCounter(options.registry);
  return {
    max: options.ratePerMinute,
    timeWindow: 60_000,
    keyGenerator: feedKeyOf,
    onExceeded: () => refused.inc({ limit: 'feed-key' }),
  };
}
