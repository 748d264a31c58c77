/**
 * The road network as loaded: `GET /api/v1/network` (JSON, the network file
 * resolved to WGS-84) and `GET /api/v1/network.geojson` (for maps). Both are
 * computed once and served with an ETag (tablets on flaky networks revalidate).
 */
import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { networkToGeoJson } from '../../../../geo/network/network-geojson.js';
import { NetworkFileSchema } from '../../../../geo/network/network.schema.js';
import type { NetworkIndex } from '../../../../geo/network/network-index.js';
import { ANY_USER } from '../../../contracts/identity.js';

interface CachedBody {
  body: string;
  etag: string;
  type: string;
}

function cache(value: unknown, type: string): CachedBody {
  const body = JSON.stringify(value);
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

function sendCached(request: FastifyRequest, reply: FastifyReply, cached: CachedBody) {
  reply.header('etag', cached.etag).header('cache-control', 'private, no-cache');
  if (request.headers['if-none-match'] === cached.etag) return reply.code(304).send();
  return reply.type(cached.type).send(cached.body);
}

export default async function networkRoutes(app: FastifyInstance, options: { network: NetworkIndex }) {
  const json = cache(options.network.network, 'application/json; charset=utf-8');
  const geojson = cache(networkToGeoJson(options.network.network), 'application/geo+json; charset=utf-8');

  app.get(
    '/api/v1/network',
    {
      config: { access: ANY_USER },
      schema: {
        tags: ['network'],
        summary: 'The road network: intersections, approaches, detectors, plans, corridors, districts (WGS-84)',
        security: [{ userToken: [] }],
        response: { 200: NetworkFileSchema, 304: Type.Null() },
      },
    },
    (request, reply) => sendCached(request, reply, json),
  );
  app.get(
    '/api/v1/network.geojson',
    {
      config: { access: ANY_USER },
      schema: {
        tags: ['network'],
        summary: 'The network as GeoJSON: intersections (points), approaches and corridors (lines), districts and zones (polygons)',
        security: [{ userToken: [] }],
      },
    },
    (request, reply) => sendCached(request, reply, geojson),
  );
}
