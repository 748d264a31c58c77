/**
 * Reads a request body as a bounded stream of chunks: decompressed when the sender
 * used `Content-Encoding: gzip` (or deflate, br), and never more than `maxBytes` after
 * decompression, so neither a large body nor a small compressed bomb can exhaust memory.
 */
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The body (after decompression) is larger than allowed. `prefix` is its start, for quarantine. */
export class BodyTooLargeError extends Error {
  readonly prefix: Buffer;
  constructor(maxBytes: number, prefix: Buffer) {
    super(`the body is larger than ${maxBytes} bytes (after decompression)`);
    this.name = 'BodyTooLargeError';
    this.prefix = prefix;
  }
}

/** The body cannot be decoded (corrupt gzip, unknown encoding, connection cut). */
export class BodyEncodingError extends Error {
  readonly unsupported: boolean;
  constructor(message: string, options: { unsupported?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'BodyEncodingError';
    this.unsupported = options.unsupported ?? false;
  }
}

const PREFIX_BYTES = 4096;

function decoderFor(encoding: string | undefined): NodeJS.ReadWriteStream | undefined {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity' || name === '') return undefined;
  if (name === 'gzip' || name === 'x-gzip') return createGunzip();
  if (name === 'deflate') return createInflate();
  if (name === 'br') return createBrotliDecompress();
  throw new BodyEncodingError(`Content-Encoding ${name} is not supported; use gzip, deflate, br or none`, { unsupported: true });
}

/**
 * Chunks of a body, decompressed and bounded.
 *
 * @throws {BodyTooLargeError} once more than `maxBytes` arrived.
 * @throws {BodyEncodingError} for an unsupported or corrupt encoding.
 * @example for await (const chunk of readBody(request.raw, { encoding: request.headers['content-encoding'], maxBytes })) decoder.push(chunk, add);
 */
export async function* readBody(source: Readable, options: { encoding: string | undefined; maxBytes: number }): AsyncGenerator<Buffer> {
  const decoder = decoderFor(options.encoding);
  let stream: AsyncIterable<unknown> = source;
  if (decoder) {
    source.on('error', (error) => (decoder as unknown as Readable).destroy(error));
    stream = source.pipe(decoder) as unknown as AsyncIterable<unknown>;
  }
  let total = 0;
  const prefix: Buffer[] = [];
  let prefixBytes = 0;
  try {
    for await (const piece of stream) {
      const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as string);
      total += chunk.length;
      if (prefixBytes < PREFIX_BYTES) {
        prefix.push(chunk.subarray(0, PREFIX_BYTES - prefixBytes));
        prefixBytes += Math.min(chunk.length, PREFIX_BYTES - prefixBytes);
      }
      if (total > options.maxBytes) throw new BodyTooLargeError(options.maxBytes, Buffer.concat(prefix));
      yield chunk;
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    throw new BodyEncodingError(`the body cannot be read: ${(error as Error).message}`, { cause: error });
  } finally {
    if (decoder) source.unpipe(decoder as unknown as NodeJS.WritableStream);
  }
}
