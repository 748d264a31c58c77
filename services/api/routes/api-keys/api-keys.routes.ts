/**
 * Feed API keys for admins: list, create (the secret appears in that answer only),
 * revoke. Keys are usable on ingest routes only.
 */
import type { FastifyInstance } from 'fastify';
import type { Auth } from '../../../auth/index.js';
import type { UserPrincipal } from '../../../contracts/identity.js';
import {
  ApiKeyListResponseSchema,
  ApiKeyRecordSchema,
  CreateApiKeyRequestSchema,
  CreatedApiKeyResponseSchema,
  IdParamsSchema,
  type CreateApiKeyRequest,
} from '../../../contracts/auth.js';
import { ADMINS } from '../../../contracts/identity.js';
import { requestAuditor } from '../../plugins/audit.js';

/** Room for a scope of every intersection of a large city (10,000 ids). */
const KEYS_BODY_LIMIT = 512 * 1024;
const security = [{ userToken: [] }];

export default async function apiKeysRoutes(app: FastifyInstance, options: { auth: Auth }) {
  const { keys } = options.auth;

  app.get(
    '/api/v1/api-keys',
    { config: { access: ADMINS }, schema: { tags: ['api-keys'], summary: 'Every feed API key (never the secrets)', security, response: { 200: ApiKeyListResponseSchema } } },
    async () => ({ items: await keys.list() }),
  );

  app.post<{ Body: CreateApiKeyRequest }>(
    '/api/v1/api-keys',
    {
      bodyLimit: KEYS_BODY_LIMIT,
      config: { access: ADMINS },
      schema: {
        tags: ['api-keys'],
        summary: 'Create a feed API key scoped to intersections (null = all); the secret is shown once',
        security,
        body: CreateApiKeyRequestSchema,
        response: { 201: CreatedApiKeyResponseSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const created = await keys.create(request.body, requestAuditor(request), (request.principal as UserPrincipal).userId);
      return reply.code(201).send(created);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/api-keys/:id',
    {
      config: { access: ADMINS },
      schema: { tags: ['api-keys'], summary: 'Revoke a key (kept for the record; refused from then on)', security, params: IdParamsSchema, response: { 200: ApiKeyRecordSchema } },
    },
    async (request) => keys.revoke(request.params.id, requestAuditor(request)),
  );
}
