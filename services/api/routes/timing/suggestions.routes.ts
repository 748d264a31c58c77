/**
 * Timing suggestions (DESIGN §8): read by any signed-in user; approved, rejected (with a
 * comment) and exported by engineers and admins; runs started on demand by engineers. Every
 * transition is described to the audit log by the review service and pushed live.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { NetworkIndex } from '../../../../geo/network/network-index.js';
import { Errors, problem } from '../../../contracts/errors.js';
import { ANY_USER, ENGINEERS, type UserPrincipal } from '../../../contracts/identity.js';
import {
  ApproveBodySchema,
  RejectBodySchema,
  RunAcceptedSchema,
  RunRequestSchema,
  RunStatusListSchema,
  RunStatusQuerySchema,
  SuggestionIdParamsSchema,
  SuggestionListQuerySchema,
  SuggestionListSchema,
  SuggestionSchema,
  type ApproveBody,
  type RejectBody,
  type RunRequest,
  type SuggestionListQuery,
} from '../../../contracts/timing.js';
import type { JobRunner } from '../../../jobs/runner.js';
import type { SqlPort } from '../../../store/port.js';
import { getSuggestion, listRuns, listSuggestions } from '../../../store/repositories/timing-suggestion.repository.js';
import type { TimingService } from '../../../timing/index.js';
import { requestAuditor } from '../../plugins/audit.js';
import { requestRun } from './run-requests.js';

export interface SuggestionsRoutesOptions {
  store: SqlPort;
  network: NetworkIndex;
  timing: TimingService;
  /** Queues on-demand runs; without it (an app with no job runner) `POST /runs` answers 503. */
  jobs?: JobRunner | undefined;
  now?: () => number;
}

const security = [{ userToken: [] }];
const BODY_LIMIT = 16 * 1024;

function engineer(request: FastifyRequest): UserPrincipal {
  const principal = request.principal;
  // The access hook admits only engineer and admin users here; anything else is a wiring bug.
  if (principal?.kind !== 'user') throw problem(Errors.FORBIDDEN, 'a signed-in engineer is required');
  return principal;
}

export default async function suggestionsRoutes(app: FastifyInstance, options: SuggestionsRoutesOptions) {
  const { store, network, timing } = options;

  app.get<{ Querystring: SuggestionListQuery }>(
    '/api/v1/timing/suggestions',
    {
      config: { access: ANY_USER },
      schema: {
        tags: ['timing'],
        summary: 'Timing suggestions, newest first: by status, kind, intersection (its own and its corridors’), corridor; page with `before`',
        security,
        querystring: SuggestionListQuerySchema,
        response: { 200: SuggestionListSchema },
      },
    },
    async (request) => {
      const { status, kind, intersection, corridor, before, limit = 50 } = request.query;
      if (intersection !== undefined && !network.intersections.has(intersection)) {
        throw problem(Errors.UNKNOWN_INTERSECTION, intersection, { errors: [{ field: '/query/intersection', reason: 'not in the network' }] });
      }
      if (corridor !== undefined && !network.corridors.has(corridor)) throw problem(Errors.NOT_FOUND, `corridor ${corridor}`, { errors: [{ field: '/query/corridor', reason: 'not in the network' }] });
      return listSuggestions(store, {
        ...(status ? { statuses: status } : {}),
        ...(kind ? { kind } : {}),
        ...(intersection ? { intersectionId: intersection } : {}),
        ...(corridor ? { corridorId: corridor } : {}),
        ...(before ? { beforeId: before } : {}),
        limit,
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/timing/suggestions/:id',
    {
      config: { access: ANY_USER },
      schema: { tags: ['timing'], summary: 'One suggestion with its plans and reasoning', security, params: SuggestionIdParamsSchema, response: { 200: SuggestionSchema } },
    },
    async (request) => {
      const suggestion = await getSuggestion(store, request.params.id);
      if (!suggestion) throw problem(Errors.NOT_FOUND, `timing suggestion ${request.params.id}`);
      return suggestion;
    },
  );

  app.post<{ Params: { id: string }; Body: ApproveBody | undefined }>(
    '/api/v1/timing/suggestions/:id/approve',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: ENGINEERS },
      schema: { tags: ['timing'], summary: 'Approve a proposed suggestion (engineers)', security, params: SuggestionIdParamsSchema, body: ApproveBodySchema, response: { 200: SuggestionSchema } },
    },
    async (request) => timing.review.approve(request.params.id, engineer(request), requestAuditor(request), request.body?.comment),
  );

  app.post<{ Params: { id: string }; Body: RejectBody }>(
    '/api/v1/timing/suggestions/:id/reject',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: ENGINEERS },
      schema: { tags: ['timing'], summary: 'Reject a proposed or approved suggestion, saying why (engineers)', security, params: SuggestionIdParamsSchema, body: RejectBodySchema, response: { 200: SuggestionSchema } },
    },
    async (request) => timing.review.reject(request.params.id, engineer(request), requestAuditor(request), request.body.comment),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/timing/suggestions/:id/export',
    {
      config: { access: ENGINEERS },
      schema: {
        tags: ['timing'],
        summary: 'Export an approved suggestion: its plans become the next plan versions, the plans in force (engineers)',
        security,
        params: SuggestionIdParamsSchema,
        response: { 200: SuggestionSchema },
      },
    },
    async (request) => timing.review.export(request.params.id, engineer(request), requestAuditor(request)),
  );

  app.post<{ Body: RunRequest }>(
    '/api/v1/timing/runs',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: ENGINEERS },
      schema: {
        tags: ['timing'],
        summary: 'Run the optimiser now for an intersection or a corridor (queued; the result arrives as a suggestion or a run outcome)',
        security,
        body: RunRequestSchema,
        response: { 202: RunAcceptedSchema },
      },
    },
    async (request, reply) => {
      if (!options.jobs) throw problem(Errors.UNAVAILABLE, 'timing runs are not queued by this process (no job runner)');
      const accepted = await requestRun(options.jobs, network, request.body, engineer(request).name, (options.now ?? Date.now)());
      request.audit({ action: 'timing-run.request', target: { kind: accepted.kind === 'intersection' ? 'intersection' : 'corridor', id: accepted.targetId }, after: accepted });
      return reply.code(202).send(accepted);
    },
  );

  app.get<{ Querystring: { intersection?: string; corridor?: string } }>(
    '/api/v1/timing/runs',
    {
      config: { access: ANY_USER },
      schema: { tags: ['timing'], summary: 'The latest run of each intersection and corridor (or of one intersection and its corridors, or one corridor)', security, querystring: RunStatusQuerySchema, response: { 200: RunStatusListSchema } },
    },
    async (request) => {
      const { intersection, corridor } = request.query;
      if (intersection !== undefined) {
        const found = network.intersections.get(intersection);
        if (!found) throw problem(Errors.UNKNOWN_INTERSECTION, intersection, { errors: [{ field: '/query/intersection', reason: 'not in the network' }] });
        return { items: await listRuns(store, { intersectionId: intersection, corridorIds: found.corridors }) };
      }
      if (corridor !== undefined && !network.corridors.has(corridor)) throw problem(Errors.NOT_FOUND, `corridor ${corridor}`, { errors: [{ field: '/query/corridor', reason: 'not in the network' }] });
      return { items: await listRuns(store, corridor === undefined ? {} : { corridorId: corridor }) };
    },
  );
}
