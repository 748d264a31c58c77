/**
 * Property tests (CONVENTIONS 15): arbitrary bytes and near-valid records into every
 * parser. Each input yields records or reasoned rejections — never a throw, never a hang
 * (each input is bounded in size and must be parsed within a time bound).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvLogDecoder } from '../../../ingest/formats/csv-log.js';
import { readEvent } from '../../../ingest/formats/event-fields.js';
import { NdjsonDecoder, parseJsonDocument, type JsonRecordOptions } from '../../../ingest/formats/json-records.js';
import { readSample } from '../../../ingest/formats/sample-fields.js';
import { readTimestamp } from '../../../ingest/formats/timestamp.js';
import type { ParsedRecord } from '../../../ingest/records.js';
import { REJECT_REASONS } from '../../../ingest/reject-reasons.js';

const RUNS = 400;
const TIME_BOUND_MS = 500;
const TS = Date.UTC(2026, 10, 27);

/** Every record is usable or carries a catalogued reason with a detail. */
function expectReasoned(records: readonly ParsedRecord[]): void {
  for (const record of records) {
    if (record.type === 'fault') {
      expect(Object.keys(REJECT_REASONS)).toContain(record.fault.reason);
      expect(record.fault.detail.length).toBeGreaterThan(0);
    } else if (record.type === 'event') {
      const { ts, code, param } = record.event;
      expect(Number.isInteger(ts) && Number.isInteger(code) && Number.isInteger(param)).toBe(true);
      expect(code >= 0 && code <= 255 && param >= 0 && param <= 255).toBe(true);
    } else {
      expect(Number.isInteger(record.sample.ts) && record.sample.intervalS >= 10 && record.sample.volume >= 0).toBe(true);
    }
  }
}

function timed<T>(fn: () => T): T {
  const started = performance.now();
  const result = fn();
  expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
  return result;
}

function ndjsonInChunks(bytes: Uint8Array, cuts: number[], options: JsonRecordOptions): ParsedRecord[] {
  const records: ParsedRecord[] = [];
  const decoder = new NdjsonDecoder(options);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const point of points) {
    decoder.push(Buffer.from(bytes.subarray(from, point)), (r) => records.push(r));
    from = point;
  }
  decoder.push(Buffer.from(bytes.subarray(from)), (r) => records.push(r));
  decoder.end((r) => records.push(r));
  return records;
}

const strip = (records: ParsedRecord[]) => records.map((r) => ({ type: r.type, line: r.line, raw: r.raw }));

/** A valid event with some fields replaced by arbitrary JSON, removed, or made odd. */
const nearValidEvent = fc
  .record({
    intersection: fc.oneof(fc.constant('A'), fc.string({ maxLength: 70 }), fc.jsonValue({ maxDepth: 1 })),
    ts: fc.oneof(
      fc.constant(TS),
      fc.integer(),
      fc.double(),
      fc.string({ maxLength: 40 }),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('2026-11-27 08:00:00', '2026-02-30T00:00:00Z', '11/27/2026 8:00:00 PM', '+275760-09-13T00:00:00Z'),
    ),
    code: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double(), fc.jsonValue({ maxDepth: 1 })),
    param: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.string({ maxLength: 5 })),
    seq: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant(null)),
  })
  .chain((full) =>
    fc.subarray(Object.keys(full)).map((keys) => Object.fromEntries(keys.map((k) => [k, full[k as keyof typeof full]]))),
  );

describe('parsers never throw and always give a reason (property)', () => {
  it('NDJSON: arbitrary bytes, any chunking, same records as unchunked', () => {
    const options: JsonRecordOptions = { shape: 'auto', maxLineChars: 256 };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        const whole = timed(() => ndjsonInChunks(bytes, [], options));
        expectReasoned(whole);
        const chunked = timed(() => ndjsonInChunks(bytes, cuts, options));
        expect(strip(chunked)).toEqual(strip(whole));
      }),
      { numRuns: RUNS },
    );
  });

  it('NDJSON: JSON-ish text with newlines and quotes', () => {
    const jsonish = fc.array(fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\n', '\r', '\\', 'intersection', 'ts', '82', '1e309', '-', ' ', '\u0000', '路'), { maxLength: 200 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(jsonish, (text) => {
        expectReasoned(timed(() => ndjsonInChunks(Buffer.from(text), [], { shape: 'event', maxLineChars: 64 })));
      }),
      { numRuns: RUNS },
    );
  });

  it('JSON documents: arbitrary strings and arbitrary JSON values', () => {
    const options: JsonRecordOptions = { shape: 'event', maxLineChars: 256 };
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 2000 }), fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null')), (text) => {
        const records: ParsedRecord[] = [];
        const fault = timed(() => parseJsonDocument(text, options, (r) => records.push(r)));
        if (fault) expect(fault.detail.length).toBeGreaterThan(0);
        expectReasoned(records);
      }),
      { numRuns: RUNS },
    );
  });

  it('near-valid events: accepted ones are in range, the rest have a reason', () => {
    fc.assert(
      fc.property(fc.array(nearValidEvent, { maxLength: 20 }), (objects) => {
        const text = objects.map((o) => JSON.stringify(o)).join('\n');
        const records = timed(() => ndjsonInChunks(Buffer.from(text), [], { shape: 'event', maxLineChars: 4096 }));
        expect(records.length).toBe(objects.length);
        expectReasoned(records);
        for (const object of objects) {
          const direct = readEvent(object);
          expect(typeof direct).toBe('object');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('near-valid samples and arbitrary values into the field readers', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.constantFrom('detector', 'ts', 'intervalS', 'volume', 'occupancyPct', 'speedKmh', 'queueM', 'seq'), fc.jsonValue({ maxDepth: 1 })), (value, fields) => {
        for (const input of [value, fields, { detector: 'A-W-SB1', ts: TS, intervalS: 60, volume: 1, ...fields }]) {
          const sample = readSample(input);
          expect(typeof sample).toBe('object');
          if (!('reason' in sample)) expect(sample.intervalS >= 10 && sample.intervalS <= 3600).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('timestamps: any value is epoch ms or a fault', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string({ maxLength: 80 }), fc.double(), fc.stringMatching(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/)), (value) => {
        const result = timed(() => readTimestamp(value, { localZone: 'Asia/Shanghai' }));
        if (typeof result === 'number') expect(Number.isInteger(result)).toBe(true);
        else expect(result.detail.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('CSV logs: arbitrary bytes and CSV-ish rows', () => {
    const csvish = fc
      .array(fc.constantFrom('A', '"', ',', '\n', '\r\n', '2026-11-27 08:00:00.1', '11/27/2026 8:00:00 AM', '82', '5', 'SignalId', 'Timestamp', 'EventCode', 'EventParam', '""', ' ', '\u0000'), { maxLength: 120 })
      .map((parts) => Buffer.from(parts.join('')));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 4096 }), csvish), fc.boolean(), (bytes, withIntersection) => {
        const records: ParsedRecord[] = [];
        timed(() => {
          const decoder = new CsvLogDecoder({ timeZone: 'Asia/Shanghai', maxLineChars: 128, ...(withIntersection ? { intersection: 'A' } : {}) });
          decoder.push(Buffer.from(bytes), (r) => records.push(r));
          decoder.end((r) => records.push(r));
        });
        expectReasoned(records);
      }),
      { numRuns: RUNS },
    );
  });
});
