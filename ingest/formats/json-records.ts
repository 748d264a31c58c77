/**
 * JSON wire formats (DESIGN §4.1, §4.2): one JSON object, a JSON array of objects, or
 * NDJSON (one object per line). NDJSON is decoded as a stream with bounded lines;
 * a JSON document is decoded whole (its size is bounded by the body limit).
 */
import type { ParsedRecord, RecordKind } from '../records.js';
import { isFault, readEvent, type EventFieldOptions } from './event-fields.js';
import { LineSplitter } from './line-splitter.js';
import { readSample } from './sample-fields.js';

/** Which records a source carries: one kind (an endpoint) or either, told apart by shape. */
export type RecordShape = RecordKind | 'auto';

export interface JsonRecordOptions extends EventFieldOptions {
  shape: RecordShape;
  /** Longest NDJSON line, characters. */
  maxLineChars: number;
}

export type RecordHandler = (record: ParsedRecord) => void;

/** The kind a value is read as: samples name a detector and carry no event code. */
function kindOf(value: unknown, shape: RecordShape): RecordKind {
  if (shape !== 'auto') return shape;
  if (typeof value === 'object' && value !== null && 'detector' in value && !('code' in value)) return 'sample';
  return 'event';
}

/**
 * A decoded JSON value as a record of the expected shape.
 *
 * @example recordFromValue({ intersection: 'TJ01', ts: 1, code: 82, param: 5 }, 1, undefined, { shape: 'event', maxLineChars: 4096 }).type // 'event'
 */
export function recordFromValue(value: unknown, line: number, raw: string | undefined, options: JsonRecordOptions): ParsedRecord {
  const kind = kindOf(value, options.shape);
  if (kind === 'event') {
    const event = readEvent(value, options);
    if (isFault(event)) return { type: 'fault', line, raw, value, kind, fault: event };
    return { type: 'event', line, raw, value, event };
  }
  const sample = readSample(value, options);
  if (isFault(sample)) return { type: 'fault', line, raw, value, kind, fault: sample };
  return { type: 'sample', line, raw, value, sample };
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}

function jsonErrorDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 160 ? `${message.slice(0, 160)}…` : message;
}

/**
 * One NDJSON line as a record; `undefined` for a blank line.
 *
 * @example parseJsonLine('{"intersection":"TJ01","ts":1795737600000,"code":1,"param":2}', 1, false, options)?.type // 'event'
 */
export function parseJsonLine(text: string, line: number, tooLong: boolean, options: JsonRecordOptions): ParsedRecord | undefined {
  const kind: RecordKind = options.shape === 'sample' ? 'sample' : 'event';
  if (tooLong) {
    return { type: 'fault', line, raw: text, kind, fault: { reason: 'LINE_TOO_LONG', detail: `line is longer than ${options.maxLineChars} characters` } };
  }
  if (text.length === 0 || (text.charCodeAt(0) <= 32 && isBlank(text))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { type: 'fault', line, raw: text, kind, fault: { reason: 'MALFORMED_JSON', detail: jsonErrorDetail(error) } };
  }
  return recordFromValue(value, line, text, options);
}

/**
 * Streaming NDJSON decoder: push byte chunks, receive records as their lines complete.
 *
 * @example
 * const decoder = new NdjsonDecoder({ shape: 'event', maxLineChars: 4096 });
 * decoder.push(chunk, (record) => records.push(record));
 * decoder.end((record) => records.push(record));
 */
export class NdjsonDecoder {
  private readonly splitter: LineSplitter;
  private readonly options: JsonRecordOptions;

  constructor(options: JsonRecordOptions) {
    this.options = options;
    this.splitter = new LineSplitter({ maxLineChars: options.maxLineChars });
  }

  push(chunk: Buffer | string, onRecord: RecordHandler): void {
    this.splitter.push(chunk, (text, line, tooLong) => {
      const record = parseJsonLine(text, line, tooLong, this.options);
      if (record) onRecord(record);
    });
  }

  end(onRecord: RecordHandler): void {
    this.splitter.end((text, line, tooLong) => {
      const record = parseJsonLine(text, line, tooLong, this.options);
      if (record) onRecord(record);
    });
  }
}

/** Why a JSON document could not be read at all. */
export interface DocumentFault {
  reason: 'MALFORMED_BODY';
  detail: string;
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10 && c !== 0xfeff) return text[i] as string;
  }
  return '';
}

/**
 * A complete `application/json` body: an array of records, one object (possibly
 * pretty-printed over several lines), or NDJSON sent with the JSON media type.
 * An array that is not valid JSON cannot be split into records: that is a document fault.
 *
 * @example parseJsonDocument('[{"intersection":"TJ01","ts":1,"code":1,"param":2}]', options, onRecord) // undefined (one record emitted)
 */
export function parseJsonDocument(text: string, options: JsonRecordOptions, onRecord: RecordHandler): DocumentFault | undefined {
  const first = firstNonSpace(text);
  if (first === '[') {
    let values: unknown;
    try {
      values = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      return { reason: 'MALFORMED_BODY', detail: `the JSON array cannot be read: ${jsonErrorDetail(error)}` };
    }
    const array = values as unknown[];
    for (let i = 0; i < array.length; i++) onRecord(recordFromValue(array[i], i + 1, undefined, options));
    return undefined;
  }
  if (first === '{') {
    try {
      const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      onRecord(recordFromValue(value, 1, text.trim(), options));
      return undefined;
    } catch {
      // Not one object: read it as NDJSON below.
    }
  }
  const decoder = new NdjsonDecoder(options);
  decoder.push(text, onRecord);
  decoder.end(onRecord);
  return undefined;
}
