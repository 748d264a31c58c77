/**
 * The current picture of a scope (DESIGN §10 snapshot, over HTTP): city, district,
 * corridor or intersection — intersection states with their approaches, area indices and
 * active alerts — from the live state the engine keeps (the same store socket.io
 * snapshots come from, so both agree). Any signed-in user.
 */
import type { FastifyInstance } from 'fastify';
import type { NetworkIndex } from '../../../../geo/network/network-index.js';
import { Errors, problem } from '../../../contracts/errors.js';
import { ANY_USER } from '../../../contracts/identity.js';
import { StateQuerySchema } from '../../../contracts/measures.js';
import { snapshotOf } from '../../../realtime/live-server.js';
import type { LiveStateStore } from '../../../realtime/live-state-store.js';
import { parseScope } from '../../../realtime/scopes.js';

export interface StateRoutesOptions {
  network: NetworkIndex;
  /** The live picture; absent in a process that neither runs the engine nor shares its store. */
  liveState: LiveStateStore | undefined;
}

export default async function stateRoutes(app: FastifyInstance, options: StateRoutesOptions) {
  const { network, liveState } = options;
  app.get<{ Querystring: { scope: string } }>(
    '/api/v1/state',
    {
      config: { access: ANY_USER },
      schema: {
        tags: ['state'],
        summary: 'Current state of a scope (city, district:<id>, corridor:<id>, intersection:<id>): intersections, approaches, area indices, active alerts',
        description: 'The body is the Snapshot of services/contracts/live.ts, as the /live socket sends it on subscribe.',
        security: [{ userToken: [] }],
        querystring: StateQuerySchema,
      },
    },
    async (request) => {
      const parsed = parseScope(request.query.scope, network);
      if (!parsed.ok) throw problem(Errors.VALIDATION, parsed.reason, { errors: [{ field: '/query/scope', reason: parsed.reason }] });
      if (!liveState) throw problem(Errors.UNAVAILABLE, 'no live state in this process');
      return snapshotOf(parsed.scope, liveState, network);
    },
  );
}
