/**
 * Alerts (DESIGN §1): the list with filters (any signed-in user); acknowledge and close by
 * hand (officers, engineers, admins); incidents reported from the field become alerts
 * (officers and up). Every change goes to the audit log and out on the live bus.
 */
import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isInZone } from '../../../../geo/geometry.js';
import type { NetworkIndex } from '../../../../geo/network/network-index.js';
import { Errors, problem } from '../../../contracts/errors.js';
import { ANY_USER, OFFICERS } from '../../../contracts/identity.js';
import type { Alert } from '../../../contracts/live.js';
import {
  AlertActionBodySchema,
  AlertListSchema,
  AlertQuerySchema,
  AlertSchema,
  IncidentBodySchema,
  type AlertActionBody,
  type AlertQuery,
  type IncidentBody,
} from '../../../contracts/measures.js';
import type { SqlPort } from '../../../store/port.js';
import { acknowledgeAlert, closeAlert, getAlert, insertIncident, listAlerts } from '../../../store/repositories/alert.repository.js';
import { toEpochMs } from '../measures/time-range.js';

export interface AlertsRoutesOptions {
  store: SqlPort;
  network: NetworkIndex;
  /** Tells live subscribers (and the live picture) about a changed alert. */
  publishAlert?: ((alert: Alert) => Promise<void>) | undefined;
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

function callerName(request: FastifyRequest): string {
  const principal = request.principal;
  return principal?.kind === 'user' ? principal.name : 'unknown';
}

export default async function alertsRoutes(app: FastifyInstance, options: AlertsRoutesOptions) {
  const { store, network } = options;
  const publish = async (request: FastifyRequest, alert: Alert) => {
    try {
      await options.publishAlert?.(alert);
    } catch (error) {
      // The change is stored; subscribers catch up with their next snapshot.
      request.log.error({ err: error, alert: alert.id }, 'alert change could not be published');
    }
  };

  app.get<{ Querystring: AlertQuery }>(
    '/api/v1/alerts',
    {
      config: { access: ANY_USER },
      schema: {
        tags: ['alerts'],
        summary: 'Alerts, newest first: filter by status (open, acknowledged, closed, active), kind, intersection, opened from/to',
        security: [{ userToken: [] }],
        querystring: AlertQuerySchema,
        response: { 200: AlertListSchema },
      },
    },
    async (request) => {
      const { status, kind, intersection, limit } = request.query;
      if (intersection !== undefined && !network.intersections.has(intersection)) {
        throw problem(Errors.UNKNOWN_INTERSECTION, intersection, { errors: [{ field: '/query/intersection', reason: 'not in the network' }] });
      }
      const from = request.query.from === undefined ? undefined : toEpochMs(request.query.from, '/query/from');
      const to = request.query.to === undefined ? undefined : toEpochMs(request.query.to, '/query/to');
      if (from !== undefined && to !== undefined && !(from < to)) throw problem(Errors.VALIDATION, 'from must be before to', { errors: [{ field: '/query/from', reason: 'not before to' }] });
      return { alerts: await listAlerts(store, { status, kind, intersectionId: intersection, from, to, limit }) };
    },
  );

  const action = (verb: 'acknowledge' | 'close') =>
    app.post<{ Params: { id: string }; Body: AlertActionBody | undefined }>(
      `/api/v1/alerts/:id/${verb}`,
      {
        config: { access: OFFICERS },
        schema: {
          tags: ['alerts'],
          summary: verb === 'acknowledge' ? 'Acknowledge an open alert (someone is on it)' : 'Close an alert by hand (resolved)',
          security: [{ userToken: [] }],
          params: IdParams,
          // The body is optional (a tap on "acknowledge" sends none), so it is checked in the handler.
          description: 'Optional JSON body: `{ "note": "..." }` (at most 2000 characters).',
          response: { 200: AlertSchema },
        },
      },
      async (request) => {
        const { id } = request.params;
        const before = await getAlert(store, id);
        if (!before) throw problem(Errors.NOT_FOUND, `no alert ${id}`, { errors: [{ field: '/params/id', reason: 'unknown alert' }] });
        const body = request.body ?? {};
        const invalid = [...Value.Errors(AlertActionBodySchema, body)].map((e) => ({ field: `/body${e.path}`, reason: e.message }));
        if (invalid.length > 0) throw problem(Errors.VALIDATION, 'bad body', { errors: invalid });
        const note = (body as AlertActionBody).note ?? null;
        const after = verb === 'acknowledge' ? await acknowledgeAlert(store, id, callerName(request), note) : await closeAlert(store, id, callerName(request), note);
        if (!after) {
          const reason = verb === 'acknowledge' ? `the alert is ${before.status}, not open` : 'the alert is closed already';
          throw problem(Errors.CONFLICT, reason, { errors: [{ field: '/params/id', reason }] });
        }
        request.audit({ action: `alert.${verb}`, target: { kind: 'alert', id }, before: { status: before.status }, after: { status: after.status, note: after.note } });
        await publish(request, after);
        return after;
      },
    );
  action('acknowledge');
  action('close');

  app.post<{ Body: IncidentBody }>(
    '/api/v1/incidents',
    {
      config: { access: OFFICERS },
      schema: {
        tags: ['alerts'],
        summary: 'Report an incident at a position (optionally at an intersection); it becomes an alert for the command centre',
        security: [{ userToken: [] }],
        body: IncidentBodySchema,
        response: { 201: AlertSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (body.intersectionId !== undefined && !network.intersections.has(body.intersectionId)) {
        throw problem(Errors.UNKNOWN_INTERSECTION, body.intersectionId, { errors: [{ field: '/body/intersectionId', reason: 'not in the network' }] });
      }
      const inNetwork = [...network.districts.values()].some((d) => isInZone(body.position, d.polygon));
      const alert = await insertIncident(store, {
        id: `incident:${randomUUID()}`,
        severity: body.severity ?? 'warning',
        intersectionId: body.intersectionId ?? null,
        position: body.position,
        reportedBy: callerName(request),
        note: body.note ?? null,
        details: { type: body.type, inNetworkArea: inNetwork },
      });
      request.audit({ action: 'incident.report', target: { kind: 'alert', id: alert.id }, after: { type: body.type, position: body.position, intersectionId: alert.intersectionId } });
      await publish(request, alert);
      return reply.code(201).send(alert);
    },
  );
}
