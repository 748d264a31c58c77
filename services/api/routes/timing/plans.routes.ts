/**
 * Plan versions (DESIGN §8, §9): the history, one version, the diff of two (any signed-in user),
 * the JSON / CSV file of a version for the controller (engineers and admins), and a corridor's
 * band and time–space diagram under the plans in force.
 */
import type { FastifyInstance } from 'fastify';
import { ANY_USER, ENGINEERS } from '../../../contracts/identity.js';
import {
  CorridorParamsSchema,
  CorridorTimeSpaceSchema,
  PlanDiffQuerySchema,
  PlanDiffResponseSchema,
  PlanExportQuerySchema,
  PlanParamsSchema,
  PlanVersionListSchema,
  PlanVersionParamsSchema,
  PlanVersionSchema,
} from '../../../contracts/timing.js';
import type { TimingService } from '../../../timing/index.js';

const security = [{ userToken: [] }];

export default async function plansRoutes(app: FastifyInstance, options: { timing: TimingService }) {
  const { plans } = options.timing;

  app.get<{ Params: { intersectionId: string } }>(
    '/api/v1/timing/plans/:intersectionId/versions',
    {
      config: { access: ANY_USER },
      schema: { tags: ['timing'], summary: 'Every version of an intersection’s plan, newest (in force) first', security, params: PlanParamsSchema, response: { 200: PlanVersionListSchema } },
    },
    async (request) => ({ items: await plans.list(request.params.intersectionId) }),
  );

  app.get<{ Params: { intersectionId: string; version: number } }>(
    '/api/v1/timing/plans/:intersectionId/versions/:version',
    {
      config: { access: ANY_USER },
      schema: { tags: ['timing'], summary: 'One version of an intersection’s plan', security, params: PlanVersionParamsSchema, response: { 200: PlanVersionSchema } },
    },
    async (request) => plans.get(request.params.intersectionId, request.params.version),
  );

  app.get<{ Params: { intersectionId: string; version: number }; Querystring: { format: 'json' | 'csv' } }>(
    '/api/v1/timing/plans/:intersectionId/versions/:version/export',
    {
      config: { access: ENGINEERS },
      schema: {
        tags: ['timing'],
        summary: 'A plan version as a file for the controller: JSON (zhidu-timing-plan/1) or CSV (one row per phase) (engineers)',
        security,
        params: PlanVersionParamsSchema,
        querystring: PlanExportQuerySchema,
      },
    },
    async (request, reply) => {
      const file = await plans.file(request.params.intersectionId, request.params.version, request.query.format);
      return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).header('cache-control', 'no-store').send(file.body);
    },
  );

  app.get<{ Params: { intersectionId: string }; Querystring: { from: number; to: number } }>(
    '/api/v1/timing/plans/:intersectionId/diff',
    {
      config: { access: ANY_USER },
      schema: { tags: ['timing'], summary: 'Two versions of an intersection’s plan and what changed between them', security, params: PlanParamsSchema, querystring: PlanDiffQuerySchema, response: { 200: PlanDiffResponseSchema } },
    },
    async (request) => plans.diff(request.params.intersectionId, request.query.from, request.query.to),
  );

  app.get<{ Params: { corridorId: string } }>(
    '/api/v1/timing/corridors/:corridorId/time-space',
    {
      config: { access: ANY_USER },
      schema: { tags: ['timing'], summary: 'A corridor’s green band and time–space diagram under the plans in force', security, params: CorridorParamsSchema, response: { 200: CorridorTimeSpaceSchema } },
    },
    async (request) => plans.corridorTimeSpace(request.params.corridorId),
  );
}
