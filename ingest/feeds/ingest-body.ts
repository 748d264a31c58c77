/**
 * Feeds a body (HTTP request, uploaded or local file) into an ingest session in one of
 * the wire formats: NDJSON and CSV are decoded as they stream in (paced by the group
 * commit); a JSON document is decoded whole (it is bounded by the body limit).
 * A body that cannot be read at all is quarantined as one reject and reported.
 */
import { CsvLogDecoder } from '../formats/csv-log.js';
import { NdjsonDecoder, parseJsonDocument, type RecordShape } from '../formats/json-records.js';
import type { ParsedRecord, RecordKind } from '../records.js';
import type { IngestSession } from '../session.js';
import { BodyEncodingError, BodyTooLargeError } from './request-body.js';

export type BodyFormat = 'ndjson' | 'json' | 'csv';

export interface BodyOptions {
  /** `sniff`: recognised from the first bytes (files): `[` JSON array, `{` NDJSON, else a CSV log. */
  format: BodyFormat | 'sniff';
  shape: RecordShape;
  maxLineChars: number;
  /** Intersection for records that omit it (CSV without a signal column, MQTT topics). */
  defaultIntersection?: string;
  /** Zone of local times (file imports only; live feeds must send offsets). */
  localZone?: string;
}

/** Why a body was unusable as a whole (its start is quarantined). */
export interface BodyFault {
  status: 400 | 413 | 415;
  reason: 'MALFORMED_BODY' | 'BODY_TOO_LARGE';
  detail: string;
}

const QUARANTINE_CHARS = 65_536;

/**
 * The format of a body from its media type.
 *
 * @example formatOfMediaType('application/x-ndjson; charset=utf-8') // 'ndjson'
 */
export function formatOfMediaType(contentType: string | undefined): BodyFormat | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl' || type === 'application/x-jsonlines') return 'ndjson';
  if (type === 'application/json') return 'json';
  if (type === 'text/csv') return 'csv';
  return undefined;
}

/**
 * The format of content from its first bytes.
 *
 * @example sniffFormat(Buffer.from('SignalId,Timestamp')) // 'csv'
 */
export function sniffFormat(first: Buffer): BodyFormat {
  for (const byte of first.subarray(0, 1024)) {
    // Whitespace and the UTF-8 byte-order mark.
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
    if (byte === 0x5b) return 'json';
    if (byte === 0x7b) return 'ndjson';
    return 'csv';
  }
  return 'csv';
}

/** Reads the first chunk, then yields it and the rest. */
async function peek(chunks: AsyncIterable<Buffer>): Promise<{ first: Buffer; all: AsyncIterable<Buffer> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head = await iterator.next();
  async function* all(): AsyncGenerator<Buffer> {
    if (head.done) return;
    yield head.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { first: head.done ? Buffer.alloc(0) : head.value, all: all() };
}

export interface BodyResult {
  /** The format the body was read as. */
  format: BodyFormat;
  /** Set when the body as a whole could not be read (its start is quarantined). */
  fault?: BodyFault;
}

/**
 * Decodes `chunks` into `session` (records and rejects buffered, full chunks submitted).
 * The records read before a fault stay in the session.
 *
 * @example const { fault } = await ingestBody(session, readBody(request.raw, limits), { format: 'ndjson', shape: 'event', maxLineChars });
 */
export async function ingestBody(session: IngestSession, chunks: AsyncIterable<Buffer>, options: BodyOptions): Promise<BodyResult> {
  let format: BodyFormat = options.format === 'sniff' ? 'csv' : options.format;
  const fault = await decodeInto(session, chunks, options, (detected) => (format = detected));
  return fault ? { format, fault } : { format };
}

async function decodeInto(session: IngestSession, source: AsyncIterable<Buffer>, options: BodyOptions, detected: (format: BodyFormat) => void): Promise<BodyFault | undefined> {
  const add = (record: ParsedRecord) => session.add(record);
  const kind: RecordKind = options.shape === 'sample' ? 'sample' : 'event';
  const collected: Buffer[] = [];
  try {
    let chunks = source;
    let format = options.format;
    if (format === 'sniff') {
      const { first, all } = await peek(source);
      format = sniffFormat(first);
      chunks = all;
    }
    detected(format);
    if (format === 'json') {
      for await (const chunk of chunks) collected.push(chunk);
      const text = Buffer.concat(collected).toString('utf8');
      const fault = parseJsonDocument(text, { ...options, shape: options.shape }, add);
      if (fault) {
        session.addBodyFault(kind, fault, text.slice(0, QUARANTINE_CHARS));
        return { status: 400, ...fault };
      }
      return undefined;
    }
    const decoder =
      format === 'ndjson'
        ? new NdjsonDecoder({ ...options, shape: options.shape })
        : new CsvLogDecoder({
            maxLineChars: options.maxLineChars,
            timeZone: options.localZone ?? 'UTC',
            ...(options.defaultIntersection !== undefined ? { intersection: options.defaultIntersection } : {}),
          });
    for await (const chunk of chunks) {
      decoder.push(chunk, add);
      await session.submitFull();
      if (session.failed) return undefined;
    }
    decoder.end(add);
    return undefined;
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      session.addBodyFault(kind, { reason: 'BODY_TOO_LARGE', detail: error.message }, error.prefix.toString('utf8'));
      return { status: 413, reason: 'BODY_TOO_LARGE', detail: error.message };
    }
    if (error instanceof BodyEncodingError) {
      if (error.unsupported) return { status: 415, reason: 'MALFORMED_BODY', detail: error.message };
      session.addBodyFault(kind, { reason: 'MALFORMED_BODY', detail: error.message }, Buffer.concat(collected).toString('utf8').slice(0, QUARANTINE_CHARS));
      return { status: 400, reason: 'MALFORMED_BODY', detail: error.message };
    }
    throw error;
  }
}
