/**
 * WebSocket stream (DESIGN §3): `GET /ingest/v1/stream`, for feeds that keep a
 * connection open. The sender sends text messages, each either
 * - one record (an event, or a detector sample), acknowledged by its `seq` when it has
 *   one, else by its message number on the connection; or
 * - a batch `{"batch": "<id>", "records": [ ... ]}`, acknowledged by its id.
 * After COMMIT the server answers `{"type":"ack", "batch"|"seq"|"message": ..., "accepted",
 * "duplicates", "rejected", "late", "rejects": [{"record", "reason", "field", "detail"}]}`.
 * When the records could not be stored it answers `{"type":"nack", ..., "code", "retryAfterS"}`:
 * the sender sends them again (storage is idempotent). Nothing is acknowledged before COMMIT.
 *
 * Backpressure: while the ingest backlog is full, or a connection has too many
 * unanswered messages, the server stops reading that socket until the backlog drains.
 *
 * Only upgrades to this path are handed to @fastify/websocket; other upgrades (the
 * socket.io live protocol) are left to their own handlers.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { FeedPrincipal } from '../../services/contracts/identity.js';
import { recordFromValue, type JsonRecordOptions } from '../formats/json-records.js';
import type { IngestPipeline } from '../pipeline.js';
import type { ParsedRecord } from '../records.js';
import type { IngestSummary } from '../session.js';
import { commitProblem } from './commit-problem.js';

export const STREAM_PATH = '/ingest/v1/stream';

export interface StreamOptions {
  pipeline: IngestPipeline;
  /** Largest message, bytes. */
  maxMessageBytes: number;
  /** Unanswered messages per connection before it stops reading. */
  maxInFlight?: number;
  rateLimit?: Record<string, unknown>;
}

/** How an acknowledgement names what it answers. */
type AckKey = { batch: string } | { seq: number } | { message: number };

/** Records of one message, or why it is not one. */
function recordsOf(text: string, messageNo: number, options: JsonRecordOptions): { key: AckKey; records: ParsedRecord[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message.slice(0, 160);
    return { key: { message: messageNo }, records: [{ type: 'fault', line: 1, raw: text, kind: 'event', fault: { reason: 'MALFORMED_JSON', detail } }] };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'records' in value) {
    const { batch, records } = value as { batch?: unknown; records?: unknown };
    const key: AckKey = typeof batch === 'string' && batch.length > 0 && batch.length <= 128 ? { batch } : { message: messageNo };
    if (!Array.isArray(records)) {
      return { key, records: [{ type: 'fault', line: 1, raw: text, kind: 'event', fault: { reason: 'WRONG_TYPE', field: 'records', detail: 'records must be an array' } }] };
    }
    return { key, records: records.map((record, i) => recordFromValue(record, i + 1, undefined, options)) };
  }
  const record = recordFromValue(value, 1, text, options);
  const seq = record.type === 'event' ? record.event.seq : record.type === 'sample' ? record.sample.seq : null;
  return { key: seq !== null ? { seq } : { message: messageNo }, records: [record] };
}

function ackOf(key: AckKey, summary: IngestSummary): Record<string, unknown> {
  return {
    type: 'ack',
    ...key,
    accepted: summary.accepted,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
    late: summary.late,
    rejects: summary.rejects.map(({ line, ...rest }) => ({ record: line, ...rest })),
  };
}

/** One feed connection: messages in, acks out, reading paused while the backlog is full. */
function serveConnection(socket: WebSocket, feed: FeedPrincipal, options: StreamOptions & { log: FastifyRequest['log'] }): void {
  const { pipeline } = options;
  const maxInFlight = options.maxInFlight ?? 1000;
  const recordOptions: JsonRecordOptions = { shape: 'auto', maxLineChars: pipeline.limits.maxLineChars };
  let messageNo = 0;
  let inFlight = 0;
  let resuming = false;

  const send = (message: Record<string, unknown>) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const maybeResume = () => {
    if (!socket.isPaused || resuming || inFlight >= maxInFlight) return;
    resuming = true;
    void pipeline.drained().then(() => {
      resuming = false;
      if (socket.isPaused && inFlight < maxInFlight && pipeline.hasRoom()) socket.resume();
      else if (socket.isPaused) setTimeout(maybeResume, 10);
    });
  };

  socket.on('message', (data) => {
    messageNo += 1;
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const { key, records } = recordsOf(text, messageNo, recordOptions);
    const session = pipeline.open({ feed, transport: 'ws', policy: 'live' });
    for (const record of records) session.add(record);
    inFlight += 1;
    if (inFlight >= maxInFlight || !pipeline.hasRoom(records.length)) {
      socket.pause();
      maybeResume();
    }
    session
      .finish()
      .then(
        (summary) => send(ackOf(key, summary)),
        (error: unknown) => {
          const refusal = commitProblem(error);
          pipeline.metrics.refused.inc({ feed: feed.keyId, transport: 'ws', code: refusal.code });
          send({ type: 'nack', ...key, code: refusal.code, detail: refusal.message, retryAfterS: refusal.extras?.retryAfterS ?? 1 });
        },
      )
      .catch((error: unknown) => options.log.error({ err: error, feed: feed.keyId }, 'ingest stream answer failed'))
      .finally(() => {
        inFlight -= 1;
        maybeResume();
      });
  });
  socket.on('error', (error) => options.log.warn({ err: error, feed: feed.keyId }, 'ingest stream socket error'));
}

export default async function ingestStreamRoute(app: FastifyInstance, options: StreamOptions): Promise<void> {
  // Hand @fastify/websocket only the upgrades meant for this route.
  const upgrades = new EventEmitter();
  const sockets = new WeakMap<object, Duplex>();
  const forward = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((request.url ?? '').split('?')[0] !== STREAM_PATH) return;
    sockets.set(request, socket);
    upgrades.emit('upgrade', request, socket, head);
  };
  app.server.on('upgrade', forward);
  app.addHook('onClose', async () => {
    app.server.removeListener('upgrade', forward);
  });
  // An upgrade refused before the handshake (401, 429) was answered over the raw socket;
  // end it, or it would stay open (an upgraded one never reaches onResponse: it is hijacked).
  app.addHook('onResponse', async (request) => {
    sockets.get(request.raw)?.end();
  });
  await app.register(websocket, { options: { server: upgrades as never, maxPayload: options.maxMessageBytes } });

  app.get(
    STREAM_PATH,
    {
      websocket: true,
      config: { access: 'feed', ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      const principal = request.principal;
      if (principal?.kind !== 'feed') {
        socket.close(1008, 'a feed API key is required');
        return;
      }
      serveConnection(socket, principal, { ...options, log: request.log });
    },
  );
}
