/**
 * Reads one controller high-resolution event (DESIGN §4.1) from a decoded JSON value:
 * `{"intersection": "<id>", "ts": <epoch ms | ISO-8601>, "code": 0..255, "param": 0..255, "seq"?: int}`.
 * Types and ranges only; whether the intersection and channel exist is `validate.ts`'s job.
 */
import type { EventInput, RecordFault } from '../records.js';
import { readTimestamp, type TimestampOptions } from './timestamp.js';

/** Codes whose parameter is a phase number (DESIGN §4.1 table; Indiana enumeration). */
export const PHASE_PARAM_CODES: ReadonlySet<number> = new Set([1, 4, 5, 6, 7, 8, 9, 10, 11, 21, 22, 23, 45, 151]);
/** NTCIP 1202 v3 allows up to 40 phases; phase 0 does not exist. */
export const MAX_PHASE = 40;
const MAX_ID_LENGTH = 64;

export interface EventFieldOptions extends TimestampOptions {
  /** Intersection for records that omit it (an MQTT topic's, an import's `--intersection`). */
  defaultIntersection?: string;
}

const fault = (reason: RecordFault['reason'], field: string | undefined, detail: string, intersectionId?: string): RecordFault =>
  intersectionId === undefined ? { reason, field, detail } : { reason, field, detail, intersectionId };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string "${value.slice(0, 20)}"`;
  return typeof value;
}

/**
 * A whole number in [min, max], or a fault naming the field.
 *
 * @example readInteger(82, 'code', 0, 255, 'CODE_OUT_OF_RANGE') // 82
 */
export function readInteger(value: unknown, field: string, min: number, max: number, rangeReason: RecordFault['reason']): number | RecordFault {
  if (typeof value !== 'number') return fault('WRONG_TYPE', field, `${field} must be an integer, got ${describe(value)}`);
  if (!Number.isInteger(value)) return fault('WRONG_TYPE', field, `${field} must be an integer, got ${value}`);
  if (value < min || value > max) return fault(rangeReason, field, `${field} ${value} is outside ${min}..${max}`);
  return value;
}

/** The optional per-feed sequence number: absent/null, or a non-negative safe integer. */
export function readSeq(value: unknown): number | null | RecordFault {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    return fault('WRONG_TYPE', 'seq', `seq must be a non-negative integer, got ${describe(value)}`);
  }
  return value;
}

/**
 * Reads an event object. Returns the event or the first fault; never throws.
 *
 * @example readEvent({ intersection: 'TJ01', ts: 1795737600000, code: 82, param: 5 })
 * // { intersectionId: 'TJ01', ts: 1795737600000, code: 82, param: 5, seq: null }
 * @example readEvent({ intersection: 'TJ01', ts: 1795737600000, code: 300, param: 5 }).reason // 'CODE_OUT_OF_RANGE'
 */
export function readEvent(value: unknown, options: EventFieldOptions = {}): EventInput | RecordFault {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fault('NOT_AN_OBJECT', undefined, `an event must be a JSON object, got ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  let intersectionId = record.intersection;
  if (intersectionId === undefined) {
    if (options.defaultIntersection === undefined) {
      if (record.detector !== undefined && record.code === undefined) {
        return fault('WRONG_KIND', 'detector', 'this is a detector sample; send samples to the samples endpoint or topic');
      }
      return fault('MISSING_FIELD', 'intersection', 'intersection is required');
    }
    intersectionId = options.defaultIntersection;
  }
  if (typeof intersectionId !== 'string') return fault('WRONG_TYPE', 'intersection', `intersection must be a string, got ${describe(intersectionId)}`);
  if (intersectionId.length === 0 || intersectionId.length > MAX_ID_LENGTH) {
    return fault('WRONG_TYPE', 'intersection', `intersection must be 1..${MAX_ID_LENGTH} characters`);
  }
  if (record.ts === undefined) return fault('MISSING_FIELD', 'ts', 'ts is required', intersectionId);
  const ts = readTimestamp(record.ts, options);
  if (typeof ts !== 'number') return fault(ts.reason, 'ts', ts.detail, intersectionId);
  if (record.code === undefined) return fault('MISSING_FIELD', 'code', 'code is required', intersectionId);
  const code = readInteger(record.code, 'code', 0, 255, 'CODE_OUT_OF_RANGE');
  if (typeof code !== 'number') return { ...code, intersectionId };
  if (record.param === undefined) return fault('MISSING_FIELD', 'param', 'param is required', intersectionId);
  const phaseCode = PHASE_PARAM_CODES.has(code);
  const param = readInteger(record.param, 'param', phaseCode ? 1 : 0, phaseCode ? MAX_PHASE : 255, 'PARAM_OUT_OF_RANGE');
  if (typeof param !== 'number') {
    return { ...param, intersectionId, detail: phaseCode ? `${param.detail} (code ${code} carries a phase number)` : param.detail };
  }
  const seq = readSeq(record.seq);
  if (seq !== null && typeof seq !== 'number') return { ...seq, intersectionId };
  return { intersectionId, ts, code, param, seq };
}

/** Whether `readEvent`/`readSample` returned a fault. */
export function isFault(value: object): value is RecordFault {
  return 'reason' in value;
}
