/**
 * Every error leaves as `application/problem+json` (RFC 9457) with a stable code
 * from the catalogue; validation failures list each field and why. Errors are
 * counted by code; 5xx details are logged, not sent.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, type Registry } from 'prom-client';
import { Errors, problem, type FieldProblem, type ProblemExtras, type ZhiduError } from '../../contracts/errors.js';
import { isConnectionError } from '../../store/pg.adapter.js';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fieldsOf(error: FastifyError): FieldProblem[] {
  const context = (error as { validationContext?: string }).validationContext ?? 'body';
  return ((error.validation ?? []) as ValidationIssue[]).map((issue) => {
    const missing = issue.params?.missingProperty;
    const path = `/${context}${issue.instancePath ?? ''}${missing ? `/${String(missing)}` : ''}`;
    return { field: path, reason: issue.message ?? 'invalid' };
  });
}

/** Maps any thrown error onto a catalogued one. */
function toCatalogued(error: FastifyError & { extras?: ProblemExtras }): ZhiduError {
  if (typeof error.code === 'string' && error.code.startsWith('ZHIDU_ERR_')) return error as ZhiduError;
  // A lost or refused database connection is transient: every route answers 503 with a retry
  // hint, so feeds and dashboards retry instead of treating it as a bug.
  if (isConnectionError(error) || (error as { code?: string }).code === 'ECONNREFUSED') {
    return problem(Errors.UNAVAILABLE, 'the database is unavailable; retry shortly', { retryAfterS: 1 });
  }
  if (error.validation) {
    const errors = fieldsOf(error);
    return problem(Errors.VALIDATION, errors.map((e) => `${e.field} ${e.reason}`).join('; '), { errors });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(Errors.PAYLOAD_TOO_LARGE, error.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(Errors.UNSUPPORTED_MEDIA_TYPE, error.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(Errors.VALIDATION, error.message, { errors: [{ field: '/body', reason: error.message }] });
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return problem(Errors.RATE_LIMITED, error.message);
  if (status === 404) return problem(Errors.NOT_FOUND, error.message);
  if (status === 413) return problem(Errors.PAYLOAD_TOO_LARGE, error.message);
  if (status === 415) return problem(Errors.UNSUPPORTED_MEDIA_TYPE, error.message);
  if (status >= 400 && status < 500) return problem(Errors.VALIDATION, error.message);
  return problem(Errors.INTERNAL, 'see the server log for this request id');
}

/**
 * Sends a catalogued error as problem+json.
 *
 * @example sendProblem(reply, request, problem(Errors.NOT_FOUND, 'intersection TJ99'))
 */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: ZhiduError): FastifyReply {
  const status = error.statusCode ?? 500;
  const { errors, retryAfterS, ...details } = error.extras ?? {};
  const body = error.toProblemDetails(request.url, {});
  if (retryAfterS !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterS))));
  const { details: _empty, ...rest } = body;
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({ ...rest, requestId: request.id, ...(errors ? { errors } : {}), ...(retryAfterS !== undefined ? { retryAfterS } : {}), ...details });
}

export default fp(
  async function problemDetails(app: FastifyInstance, options: { registry: Registry }) {
    const errorsTotal = new Counter({
      name: 'zhidu_http_errors_total',
      help: 'HTTP error responses by stable error code',
      labelNames: ['code'] as const,
      registers: [options.registry],
    });
    app.setErrorHandler((error: FastifyError & { extras?: ProblemExtras }, request, reply) => {
      const catalogued = toCatalogued(error);
      const status = catalogued.statusCode ?? 500;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: catalogued.code, detail: catalogued.message }, 'request refused');
      errorsTotal.inc({ code: catalogued.code });
      return sendProblem(reply, request, catalogued);
    });
    app.setNotFoundHandler((request, reply) => {
      errorsTotal.inc({ code: 'ZHIDU_ERR_NOT_FOUND' });
      return sendProblem(reply, request, problem(Errors.NOT_FOUND, `${request.method} ${request.url.split('?')[0]}`));
    });
  },
  { name: 'zhidu-problem-details' },
);
