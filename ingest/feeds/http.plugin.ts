/**
 * The HTTP front door (DESIGN §3, §4): `POST /ingest/v1/events` and `/samples` take
 * NDJSON or JSON (optionally gzip-compressed) and answer after COMMIT with accepted,
 * duplicate and rejected counts and the first rejects with their line numbers;
 * `POST /ingest/v1/files` imports an uploaded controller log (multipart).
 *
 * Every route is `access: 'feed'`: the access plugin has authenticated the feed key
 * before this code runs, so `request.principal` is a `FeedPrincipal`. The plugin is
 * encapsulated: its content-type parsers hand the raw body stream to the handlers
 * and apply to these routes only.
 */
import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Errors, problem, type FieldProblem, type ZhiduError } from '../../services/contracts/errors.js';
import type { FeedPrincipal } from '../../services/contracts/identity.js';
import { isKnownTimeZone } from '../formats/time-zone.js';
import type { IngestPipeline } from '../pipeline.js';
import type { RecordKind, Transport } from '../records.js';
import { REJECT_REASON_CODES } from '../reject-reasons.js';
import type { IngestSummary, RejectNote } from '../session.js';
import { commitProblem } from './commit-problem.js';
import { importFile, type ImportSummary } from './file-import.js';
import { formatOfMediaType, ingestBody, type BodyFault } from './ingest-body.js';
import { readBody } from './request-body.js';

export interface IngestHttpOptions {
  pipeline: IngestPipeline;
  /** Largest body (and uploaded file) after decompression, bytes. */
  maxBodyBytes: number;
  /** Zone of local times in imported files unless the upload names one (the network's zone). */
  defaultTimeZone: string;
  /** Per-key rate limit from the security module, attached as route config `rateLimit`. */
  rateLimit?: Record<string, unknown>;
}

const RejectNoteSchema = Type.Object({
  line: Type.Optional(Type.Integer({ description: 'NDJSON/CSV line, or position in a JSON array (1-based)' })),
  reason: Type.String({ description: `Reason code: ${REJECT_REASON_CODES.join(', ')}` }),
  field: Type.Optional(Type.String()),
  detail: Type.String(),
});

const SummarySchema = Type.Object({
  accepted: Type.Integer({ description: 'Records stored and acknowledged (new ones plus duplicates)' }),
  duplicates: Type.Integer({ description: 'Accepted records stored already (a retry)' }),
  rejected: Type.Integer({ description: 'Records quarantined in ingest_rejects' }),
  late: Type.Integer({ description: 'Accepted events older than their intersection’s newest by more than the engine reorder window' }),
  rejectedByReason: Type.Record(Type.String(), Type.Integer()),
  rejects: Type.Array(RejectNoteSchema, { description: 'The first rejects, in input order' }),
});

const ImportSummarySchema = Type.Composite([
  SummarySchema,
  Type.Object({
    format: Type.Union([Type.Literal('csv'), Type.Literal('ndjson'), Type.Literal('json')]),
    compressed: Type.Boolean(),
    timeZone: Type.String({ description: 'Zone local times in the file were read in' }),
  }),
]);

const BODY_DESCRIPTION =
  'Body: NDJSON (`application/x-ndjson`, one record per line) or JSON (`application/json`: one object or an array), ' +
  'optionally `Content-Encoding: gzip`. Answered after COMMIT. Partly bad bodies: 200 with the rejects listed; ' +
  'nothing usable: 422; overload or database failure: 503 with Retry-After (retry the same body: storage is idempotent).';

function feedOf(request: FastifyRequest): FeedPrincipal {
  const principal = request.principal;
  // The access plugin guarantees a feed principal on `access: 'feed'` routes.
  if (principal?.kind !== 'feed') throw problem(Errors.UNAUTHENTICATED, 'a feed API key is required');
  return principal;
}

function fieldProblems(rejects: readonly RejectNote[]): FieldProblem[] {
  return rejects.map((r) => ({ field: r.field ?? '(record)', reason: `${r.reason}: ${r.detail}`, ...(r.line !== undefined ? { line: r.line } : {}) }));
}

function bodyProblem(fault: BodyFault, summary: IngestSummary): ZhiduError {
  const kind = fault.status === 413 ? Errors.PAYLOAD_TOO_LARGE : fault.status === 415 ? Errors.UNSUPPORTED_MEDIA_TYPE : Errors.VALIDATION;
  return problem(kind, fault.detail, {
    errors: [{ field: '/body', reason: `${fault.reason}: ${fault.detail}` }],
    accepted: summary.accepted,
    rejected: summary.rejected,
  });
}

/** The answer to a body whose records were all read: 200, or 422 when nothing was usable. */
function summaryOrProblem(summary: IngestSummary): IngestSummary {
  if (summary.accepted > 0) return summary;
  if (summary.rejected === 0) throw problem(Errors.VALIDATION, 'the body holds no records', { errors: [{ field: '/body', reason: 'empty' }] });
  throw problem(Errors.UNPROCESSABLE, `all ${summary.rejected} records were rejected`, {
    errors: fieldProblems(summary.rejects),
    accepted: 0,
    rejected: summary.rejected,
    rejectedByReason: summary.rejectedByReason,
  });
}

export default async function ingestHttpRoutes(app: FastifyInstance, options: IngestHttpOptions): Promise<void> {
  const { pipeline } = options;
  const { refused } = pipeline.metrics;
  const maxLineChars = pipeline.limits.maxLineChars;

  // The handlers read the raw (possibly compressed) stream themselves, bounded.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/json', 'application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines'],
    (_request, payload, done) => done(null, payload),
  );
  await app.register(multipart, { limits: { fileSize: options.maxBodyBytes + 1024, files: 1, fields: 10, parts: 12 } });

  const refuse = (request: FastifyRequest, transport: Transport, error: ZhiduError): never => {
    const feed = request.principal?.kind === 'feed' ? request.principal.keyId : 'unknown';
    refused.inc({ feed, transport, code: error.code });
    throw error;
  };

  const routeConfig = { access: 'feed' as const, ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) };

  const recordRoute = (url: string, kind: RecordKind) =>
    app.post(
      url,
      {
        config: routeConfig,
        schema: {
          tags: ['ingest'],
          summary: kind === 'event' ? 'Controller high-resolution events (DESIGN §4.1)' : 'Aggregated detector samples (DESIGN §4.2)',
          description: BODY_DESCRIPTION,
          consumes: ['application/x-ndjson', 'application/json'],
          security: [{ feedKey: [] }],
          response: { 200: SummarySchema },
        },
      },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const feed = feedOf(request);
        if (!pipeline.hasRoom()) refuse(request, 'http', problem(Errors.OVERLOADED, 'the ingest backlog is full', { retryAfterS: 1 }));
        const declaredLength = Number(request.headers['content-length'] ?? 0);
        if (declaredLength > options.maxBodyBytes) {
          reply.header('connection', 'close');
          refuse(request, 'http', problem(Errors.PAYLOAD_TOO_LARGE, `the body is larger than ${options.maxBodyBytes} bytes`));
        }
        const format = formatOfMediaType(request.headers['content-type']) ?? 'ndjson';
        const session = pipeline.open({ feed, transport: 'http', policy: 'live' });
        // The content-type parser passed the raw body stream through (see above).
        const body = request.body as Readable | undefined;
        const chunks = body ? readBody(body, { encoding: request.headers['content-encoding'], maxBytes: options.maxBodyBytes }) : (async function* () {})();
        const { fault } = await ingestBody(session, chunks, { format, shape: kind, maxLineChars });
        let summary: IngestSummary;
        try {
          summary = await session.finish();
        } catch (error) {
          return refuse(request, 'http', commitProblem(error));
        }
        if (fault) {
          if (fault.status === 413) reply.header('connection', 'close');
          return refuse(request, 'http', bodyProblem(fault, summary));
        }
        try {
          return summaryOrProblem(summary);
        } catch (error) {
          return refuse(request, 'http', error as ZhiduError);
        }
      },
    );

  recordRoute('/ingest/v1/events', 'event');
  recordRoute('/ingest/v1/samples', 'sample');

  app.post(
    '/ingest/v1/files',
    {
      config: routeConfig,
      schema: {
        tags: ['ingest'],
        summary: 'Import a controller log or record file (multipart field `file`)',
        description:
          'Fields before the file (or query parameters): `intersection` (required for logs without a SignalId column; restricts the import to it), ' +
          '`tz` (zone of local times; default the network’s). CSV (`SignalId,Timestamp,EventCode,EventParam` or headerless `timestamp,code,param`), ' +
          'NDJSON or a JSON array; gzip is recognised. Historical records are allowed back to the retention period.',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({ intersection: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), tz: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
        security: [{ feedKey: [] }],
        response: { 200: ImportSummarySchema },
      },
    },
    async (request: FastifyRequest<{ Querystring: { intersection?: string; tz?: string } }>) => {
      const feed = feedOf(request);
      if (!request.isMultipart()) refuse(request, 'file', problem(Errors.UNSUPPORTED_MEDIA_TYPE, 'send the file as multipart/form-data (field "file")'));
      if (!pipeline.hasRoom()) refuse(request, 'file', problem(Errors.OVERLOADED, 'the ingest backlog is full', { retryAfterS: 1 }));
      const fields: Record<string, string> = { ...request.query };
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (typeof part.value === 'string') fields[part.fieldname] = part.value;
          continue;
        }
        const timeZone = fields.tz ?? options.defaultTimeZone;
        if (!isKnownTimeZone(timeZone)) {
          part.file.resume();
          refuse(request, 'file', problem(Errors.VALIDATION, `unknown time zone ${timeZone}`, { errors: [{ field: 'tz', reason: 'not an IANA time zone' }] }));
        }
        const intersection = fields.intersection;
        if (intersection !== undefined && !pipeline.network.intersections.has(intersection)) {
          part.file.resume();
          refuse(request, 'file', problem(Errors.UNKNOWN_INTERSECTION, intersection, { errors: [{ field: 'intersection', reason: 'not in the network' }] }));
        }
        let summary: ImportSummary;
        try {
          summary = await importFile(pipeline, feed, part.file, {
            timeZone,
            maxBytes: options.maxBodyBytes,
            ...(intersection !== undefined ? { intersection } : {}),
          });
        } catch (error) {
          return refuse(request, 'file', commitProblem(error));
        }
        if (summary.fault) return refuse(request, 'file', bodyProblem(summary.fault, summary));
        if (summary.accepted === 0 && summary.rejected > 0) {
          return refuse(request, 'file', problem(Errors.UNPROCESSABLE, `all ${summary.rejected} records were rejected`, {
            errors: fieldProblems(summary.rejects),
            accepted: 0,
            rejected: summary.rejected,
            rejectedByReason: summary.rejectedByReason,
            timeZone: summary.timeZone,
          }));
        }
        const { fault: _none, ...body } = summary;
        return body;
      }
      return refuse(request, 'file', problem(Errors.VALIDATION, 'no file in the upload', { errors: [{ field: 'file', reason: 'missing' }] }));
    },
  );
}
