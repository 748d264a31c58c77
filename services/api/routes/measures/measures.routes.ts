/**
 * Measures over time (DESIGN §6, §11): approach and intersection series (`from`, `to`,
 * `step`, at most `ZHIDU_MAX_SERIES_POINTS` points) and per-cycle measures of an
 * intersection for the Purdue Coordination Diagram and the split monitor. Any signed-in user.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { NetworkIndex } from '../../../../geo/network/network-index.js';
import { Errors, problem } from '../../../contracts/errors.js';
import { ANY_USER } from '../../../contracts/identity.js';
import {
  ApproachSeriesSchema,
  CyclesQuerySchema,
  CyclesResponseSchema,
  IntersectionSeriesSchema,
  SeriesQuerySchema,
  type CyclesQuery,
  type SeriesQuery,
} from '../../../contracts/measures.js';
import type { SqlPort } from '../../../store/port.js';
import { listPhaseCycles } from '../../../store/repositories/phase-cycle.repository.js';
import { approachSeries, intersectionSeries } from './series.service.js';
import { checkRange, toEpochMs } from './time-range.js';

export interface MeasuresRoutesOptions {
  store: SqlPort;
  network: NetworkIndex;
  maxSeriesPoints: number;
  /** Control delay → congestion index (ZHIDU_CONGESTION_BREAKPOINTS), as the engine uses. */
  delayBreakpoints?: readonly (readonly [number, number])[];
}


export default async function measuresRoutes(app: FastifyInstance, options: MeasuresRoutesOptions) {
  const { store, network, maxSeriesPoints } = options;
  const derivation = options.delayBreakpoints ? { delayBreakpoints: options.delayBreakpoints } : {};

  app.get<{ Params: { approachId: string }; Querystring: SeriesQuery }>(
    '/api/v1/measures/approaches/:approachId',
    {
      config: { access: ANY_USER },
      schema: {
        tags: ['measures'],
        summary: 'An approach over time: volume, flow, v/c, HCM delay and LOS, %AoG, queue, split failures, congestion index, per movement too',
        security: [{ userToken: [] }],
        params: Type.Object({ approachId: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: SeriesQuerySchema,
        response: { 200: ApproachSeriesSchema },
      },
    },
    async (request) => {
      const { approachId } = request.params;
      const ref = network.approaches.get(approachId);
      if (!ref) throw problem(Errors.NOT_FOUND, `no approach ${approachId}`, { errors: [{ field: '/params/approachId', reason: 'not in the network' }] });
      const { step } = request.query;
      const { from, to } = checkRange(request.query, { stepS: step, maxPoints: maxSeriesPoints });
      const points = await approachSeries(store, network, approachId, { from, to, stepS: step }, derivation);
      return { approachId, intersectionId: ref.intersection.id, from, to, step, points };
    },
  );

  app.get<{ Params: { intersectionId: string }; Querystring: SeriesQuery }>(
    '/api/v1/measures/intersections/:intersectionId',
    {
      config: { access: ANY_USER },
      schema: {
        tags: ['measures'],
        summary: 'An intersection over time: volume, flow, delay and congestion index, with each approach',
        security: [{ userToken: [] }],
        params: Type.Object({ intersectionId: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: SeriesQuerySchema,
        response: { 200: IntersectionSeriesSchema },
      },
    },
    async (request) => {
      const { intersectionId } = request.params;
      if (!network.intersections.has(intersectionId)) {
        throw problem(Errors.UNKNOWN_INTERSECTION, intersectionId, { errors: [{ field: '/params/intersectionId', reason: 'not in the network' }] });
      }
      const { step } = request.query;
      const { from, to } = checkRange(request.query, { stepS: step, maxPoints: maxSeriesPoints });
      const points = await intersectionSeries(store, network, intersectionId, { from, to, stepS: step }, derivation);
      return { intersectionId, from, to, step, points };
    },
  );

  app.get<{ Params: { intersectionId: string }; Querystring: CyclesQuery }>(
    '/api/v1/measures/intersections/:intersectionId/cycles',
    {
      config: { access: ANY_USER },
      schema: {
        tags: ['measures'],
        summary: 'Per-cycle measures of an intersection (one phase or all): Purdue Coordination Diagram, split monitor, arrivals on green, split failures',
        security: [{ userToken: [] }],
        params: Type.Object({ intersectionId: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: CyclesQuerySchema,
        response: { 200: CyclesResponseSchema },
      },
    },
    async (request) => {
      const { intersectionId } = request.params;
      const intersection = network.intersections.get(intersectionId);
      if (!intersection) throw problem(Errors.UNKNOWN_INTERSECTION, intersectionId, { errors: [{ field: '/params/intersectionId', reason: 'not in the network' }] });
      const { phase } = request.query;
      const phases = phase === undefined ? intersection.plan.phases.length : 1;
      // Bounded in advance: a phase ends at most one cycle per half plan cycle (actuated, skips), so
      // the range cannot hold more than that many rows per phase.
      const { to } = checkRange(request.query, { stepS: Math.max(1, Math.floor(intersection.plan.cycleS / 2)), maxPoints: maxSeriesPoints, pointsPerStep: phases });
      const from = toEpochMs(request.query.from, '/query/from');
      const cycles = await listPhaseCycles(store, { intersectionId, from, to, phase, limit: maxSeriesPoints });
      return { intersectionId, from, to, cycles };
    },
  );
}
