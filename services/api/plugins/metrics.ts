/**
 * Prometheus metrics at `/metrics` (prom-client). Every module registers its own
 * metrics on the one registry it is given; this plugin adds process defaults and
 * request durations.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, type Registry } from 'prom-client';

export default fp(
  async function metrics(app: FastifyInstance, options: { registry: Registry }) {
    const { registry } = options;
    collectDefaultMetrics({ register: registry, prefix: 'zhidu_' });
    const duration = new Histogram({
      name: 'zhidu_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      duration.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
    app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  },
  { name: 'zhidu-metrics' },
);
