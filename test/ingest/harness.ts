/**
 * A small HTTP app around the ingest routes for route-level tests: the real problem+json,
 * access and metrics plugins, and an authenticator that knows two test keys
 * (`key-all` may write every intersection, `key-a` only A). The integration tests in
 * test/integration/ingest-*.test.ts use the full app with real API keys instead.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { Registry } from 'prom-client';
import { IngestPipeline, type IngestLimits } from '../../ingest/pipeline.js';
import ingestRoutes from '../../ingest/feeds/routes.js';
import access, { type Authenticator } from '../../services/api/plugins/access.js';
import problemDetails from '../../services/api/plugins/problem-details.js';
import { Errors, problem } from '../../services/contracts/errors.js';
import type { FeedPrincipal } from '../../services/contracts/identity.js';
import type { SqlPort } from '../../services/store/port.js';
import { twoIntersectionIndex } from '../helpers/networks.js';

export const FEEDS: Record<string, FeedPrincipal> = {
  'key-all': { kind: 'feed', keyId: 'k-all', name: 'all intersections', intersections: null },
  'key-a': { kind: 'feed', keyId: 'k-a', name: 'intersection A', intersections: ['A'] },
};

const testKeys: Authenticator = {
  async authenticate(request, expected) {
    if (expected !== 'feed') return undefined;
    const key = request.headers['x-api-key'];
    if (key === undefined) return undefined;
    const feed = typeof key === 'string' ? FEEDS[key] : undefined;
    if (!feed) throw problem(Errors.UNAUTHENTICATED, 'the API key is not valid');
    return feed;
  },
};

export interface IngestHarness {
  app: FastifyInstance;
  pipeline: IngestPipeline;
  registry: Registry;
  close(): Promise<void>;
}

/**
 * @example const { app, pipeline } = await ingestHarness(store, { maxBodyBytes: 4096 });
 */
export async function ingestHarness(store: SqlPort, options: { limits?: Partial<IngestLimits>; maxBodyBytes?: number; clock?: () => number } = {}): Promise<IngestHarness> {
  const registry = new Registry();
  const logger = pino({ level: 'silent' });
  const pipeline = new IngestPipeline({
    store,
    network: twoIntersectionIndex(),
    registry,
    logger,
    limits: { batchWaitMs: 5, ...options.limits },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
  await app.register(problemDetails, { registry });
  await app.register(access, { authenticator: testKeys, registry });
  await app.register(ingestRoutes, { pipeline, maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024, defaultTimeZone: 'Asia/Shanghai' });
  await app.ready();
  return {
    app,
    pipeline,
    registry,
    close: async () => {
      await app.close();
      await pipeline.close();
    },
  };
}
