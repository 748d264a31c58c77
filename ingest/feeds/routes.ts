/**
 * Every ingest route, for the app factory to register in one call: the HTTP record
 * and file endpoints and the WebSocket stream, each in its own encapsulated context.
 */
import type { FastifyInstance } from 'fastify';
import type { IngestPipeline } from '../pipeline.js';
import ingestHttpRoutes from './http.plugin.js';
import ingestStreamRoute from './stream.ws.js';

export interface IngestRoutesOptions {
  pipeline: IngestPipeline;
  /** Largest body, upload or WebSocket message, bytes (`ZHIDU_INGEST_MAX_BODY_BYTES`). */
  maxBodyBytes: number;
  /** Zone of local times in imported files unless the upload names one (the network's). */
  defaultTimeZone: string;
  /** Per-key rate limit from the security module (route config `rateLimit`). */
  rateLimit?: Record<string, unknown>;
}

/**
 * @example await app.register(ingestRoutes, { pipeline, maxBodyBytes: config.ingest.maxBodyBytes, defaultTimeZone: network.network.timezone });
 */
export default async function ingestRoutes(app: FastifyInstance, options: IngestRoutesOptions): Promise<void> {
  const rateLimit = options.rateLimit ? { rateLimit: options.rateLimit } : {};
  await app.register(ingestHttpRoutes, { pipeline: options.pipeline, maxBodyBytes: options.maxBodyBytes, defaultTimeZone: options.defaultTimeZone, ...rateLimit });
  await app.register(ingestStreamRoute, { pipeline: options.pipeline, maxMessageBytes: options.maxBodyBytes, ...rateLimit });
}
