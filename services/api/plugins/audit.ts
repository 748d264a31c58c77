/**
 * The audit hook (DESIGN §12): every state-changing request (POST, PUT, PATCH, DELETE)
 * by a known caller is written to `audit_log` — who, when, what, before/after, request
 * id, address and the HTTP status, so refused and failed attempts show too.
 *
 * Services describe their change through `request.audit({ action, target, before, after })`
 * (or any `Auditor`: `requestAuditor(request)`); a request that changed nothing it
 * described gets one row named `<METHOD> <route>`. Rows are written before the response
 * leaves, so a client that sees the answer can read the entry. Secrets never reach the
 * table (`redactSecrets`), and request bodies are not stored.
 *
 * Not written: requests with no identified caller (401s — counted in /metrics instead,
 * so anonymous floods cannot fill the table), and routes declared `access: 'feed'`
 * (ingest data, whose rows carry their feed id; an ingest route may still call
 * `request.audit`). A route opts out with `config: { audit: false }`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, type Registry } from 'prom-client';
import { writeAuditChange, type AuditActor, type AuditChange, type Auditor } from '../../auth/audit.js';
import { authenticatedCaller } from '../../auth/authenticator.js';
import type { Principal } from '../../contracts/identity.js';
import type { SqlPort } from '../../store/port.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: this route's requests are never audited automatically. */
    audit?: boolean;
  }
  interface FastifyRequest {
    /** Describes a change this request made, for the audit log. */
    audit(change: AuditChange): void;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const changesOf = new WeakMap<FastifyRequest, AuditChange[]>();

/**
 * The request as an `Auditor`, for services that take one.
 *
 * @example await users.create(request.body, requestAuditor(request));
 */
export function requestAuditor(request: FastifyRequest): Auditor {
  return { record: (change) => request.audit(change) };
}

function actorOf(principal: Principal): AuditActor {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.userId, name: principal.name }
    : { kind: 'api_key', id: principal.keyId, name: principal.name };
}

export default fp(
  async function audit(app: FastifyInstance, options: { store: SqlPort; registry: Registry }) {
    const failures = new Counter({
      name: 'zhidu_audit_write_failures_total',
      help: 'Audit entries that could not be written (the request itself had already been answered or committed)',
      registers: [options.registry],
    });
    app.decorateRequest('audit', function (this: FastifyRequest, change: AuditChange) {
      const list = changesOf.get(this);
      if (list) list.push(change);
      else changesOf.set(this, [change]);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const described = changesOf.get(request);
      if (!described && !STATE_CHANGING.has(request.method)) return payload;
      changesOf.delete(request);
      const config = request.routeOptions.config;
      const caller = request.principal ?? authenticatedCaller(request);
      let changes: AuditChange[];
      if (described) changes = described;
      else if (caller && config?.audit !== false && config?.access !== 'feed') {
        changes = [{ action: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}` }];
      } else return payload;
      const context = { requestId: request.id, ip: request.ip, status: reply.statusCode };
      for (const change of changes) {
        const actor = change.actor ?? (caller ? actorOf(caller) : { kind: 'system' as const, id: null, name: 'anonymous' });
        try {
          await writeAuditChange(options.store, actor, change, context);
        } catch (error) {
          failures.inc();
          request.log.error({ err: error, action: change.action }, 'audit entry could not be written');
        }
      }
      return payload;
    });
  },
  { name: 'zhidu-audit' },
);
