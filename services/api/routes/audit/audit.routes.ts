/**
 * `GET /api/v1/audit` for admins: the audit log, newest first, with filters and
 * keyset paging (`nextCursor`).
 */
import type { FastifyInstance } from 'fastify';
import { AuditPageSchema, AuditQuerySchema, type AuditEntry, type AuditPage, type AuditQuery } from '../../../contracts/auth.js';
import { Errors, problem } from '../../../contracts/errors.js';
import { ADMINS } from '../../../contracts/identity.js';
import type { SqlPort } from '../../../store/port.js';
import { queryAudit, type StoredAuditEntry } from '../../../store/repositories/audit.repository.js';

const DEFAULT_LIMIT = 100;

function toEntry(row: StoredAuditEntry): AuditEntry {
  return {
    id: row.id,
    ts: row.ts.toISOString(),
    actor: { kind: row.actorKind, id: row.actorId, name: row.actorName },
    action: row.action,
    target: row.targetKind === null ? null : { kind: row.targetKind, id: row.targetId },
    before: row.before,
    after: row.after,
    status: row.status,
    requestId: row.requestId,
    ip: row.ip,
  };
}

export default async function auditRoutes(app: FastifyInstance, options: { store: SqlPort }) {
  app.get<{ Querystring: AuditQuery }>(
    '/api/v1/audit',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['audit'],
        summary: 'The audit log: who changed what, when, before and after (secrets never recorded)',
        security: [{ userToken: [] }],
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema },
      },
    },
    async (request): Promise<AuditPage> => {
      const query = request.query;
      const from = query.from === undefined ? undefined : new Date(query.from);
      const to = query.to === undefined ? undefined : new Date(query.to);
      if (from && to && from.getTime() >= to.getTime()) {
        throw problem(Errors.VALIDATION, 'from must be before to', { errors: [{ field: '/querystring/from', reason: 'not before to' }] });
      }
      const limit = query.limit ?? DEFAULT_LIMIT;
      const rows = await queryAudit(options.store, {
        ...(query.actor === undefined ? {} : { actor: query.actor }),
        ...(query.actorKind === undefined ? {} : { actorKind: query.actorKind }),
        ...(query.action === undefined ? {} : { action: query.action }),
        ...(query.targetKind === undefined ? {} : { targetKind: query.targetKind }),
        ...(query.targetId === undefined ? {} : { targetId: query.targetId }),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(query.cursor === undefined ? {} : { beforeId: query.cursor }),
        limit,
      });
      const last = rows.at(-1);
      return { items: rows.map(toEntry), nextCursor: rows.length === limit && last ? last.id : null };
    },
  );
}
