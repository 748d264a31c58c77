/**
 * Imports a controller log or record file through the pipeline — what
 * `npm run import` and `POST /ingest/v1/files` do. The format is recognised from the
 * content: gzip is unpacked, `[` starts a JSON array, `{` NDJSON, anything else a CSV log.
 * Imports may be historical (back to the retention period); local times are read in
 * the given zone, which the summary states.
 */
import { Readable } from 'node:stream';
import type { FeedPrincipal } from '../../services/contracts/identity.js';
import type { IngestPipeline } from '../pipeline.js';
import type { IngestSummary } from '../session.js';
import { ingestBody, type BodyFault, type BodyFormat } from './ingest-body.js';
import { readBody } from './request-body.js';

export interface ImportOptions {
  /** The intersection of every record (logs without a signal column); also restricts the import to it. */
  intersection?: string;
  /** IANA zone of local times in the file. */
  timeZone: string;
  /** Largest file after decompression, bytes. */
  maxBytes: number;
  /** Called with the bytes read so far (before decompression), for a progress bar. */
  onProgress?: (bytesRead: number) => void;
}

export interface ImportSummary extends IngestSummary {
  format: BodyFormat;
  compressed: boolean;
  /** The zone local times were read in. */
  timeZone: string;
  /** Set when the file could not be read to the end (what was read before is stored). */
  fault?: BodyFault;
}

/** Yields the content with its first chunk inspected: gzip starts with 1f 8b. */
async function openContent(content: AsyncIterable<Buffer>, onProgress: ((bytes: number) => void) | undefined): Promise<{ compressed: boolean; chunks: AsyncIterable<Buffer> }> {
  let bytesRead = 0;
  const iterator = content[Symbol.asyncIterator]();
  const head = await iterator.next();
  const first: Buffer | undefined = head.done ? undefined : head.value;
  async function* chunks(): AsyncGenerator<Buffer> {
    if (first === undefined) return;
    for (let next: IteratorResult<Buffer> = { done: false, value: first }; !next.done; next = await iterator.next()) {
      bytesRead += next.value.length;
      onProgress?.(bytesRead);
      yield next.value;
    }
  }
  return { compressed: first !== undefined && first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b, chunks: chunks() };
}

/**
 * Imports one file's content; resolves after everything read was committed.
 *
 * @throws what `IngestSession.finish` throws (the database failed; nothing acknowledged).
 * @example const summary = await importFile(pipeline, feed, createReadStream(path), { timeZone: 'Asia/Shanghai', maxBytes });
 */
export async function importFile(pipeline: IngestPipeline, feed: FeedPrincipal, content: AsyncIterable<Buffer>, options: ImportOptions): Promise<ImportSummary> {
  const { compressed, chunks } = await openContent(content, options.onProgress);
  const session = pipeline.open({
    feed,
    transport: 'file',
    policy: 'historical',
    ...(options.intersection !== undefined ? { onlyIntersection: options.intersection } : {}),
  });
  const decoded = readBody(Readable.from(chunks, { objectMode: false }), { encoding: compressed ? 'gzip' : undefined, maxBytes: options.maxBytes });
  const { format, fault } = await ingestBody(session, decoded, {
    format: 'sniff',
    shape: 'auto',
    maxLineChars: pipeline.limits.maxLineChars,
    localZone: options.timeZone,
    ...(options.intersection !== undefined ? { defaultIntersection: options.intersection } : {}),
  });
  const summary = await session.finish();
  return { ...summary, format, compressed, timeZone: options.timeZone, ...(fault ? { fault } : {}) };
}
