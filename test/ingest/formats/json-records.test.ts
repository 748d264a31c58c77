import { describe, expect, it } from 'vitest';
import { NdjsonDecoder, parseJsonDocument, type JsonRecordOptions } from '../../../ingest/formats/json-records.js';
import type { ParsedRecord } from '../../../ingest/records.js';

const TS = Date.UTC(2026, 10, 27, 0, 0, 0);
const events: JsonRecordOptions = { shape: 'event', maxLineChars: 200 };

function ndjson(text: string, options = events): ParsedRecord[] {
  const records: ParsedRecord[] = [];
  const decoder = new NdjsonDecoder(options);
  decoder.push(Buffer.from(text), (r) => records.push(r));
  decoder.end((r) => records.push(r));
  return records;
}

function document(text: string, options = events): { records: ParsedRecord[]; fault: unknown } {
  const records: ParsedRecord[] = [];
  const fault = parseJsonDocument(text, options, (r) => records.push(r));
  return { records, fault };
}

const line = (fields: Record<string, unknown>) => JSON.stringify({ intersection: 'A', ts: TS, code: 82, param: 5, ...fields });

describe('NDJSON controller events', () => {
  it('reads good lines with their line numbers, skipping blank ones', () => {
    const records = ndjson(`${line({ seq: 1 })}\n\n${line({ ts: '2026-11-27T08:00:00.5+08:00', code: 1, param: 2 })}\n`);
    expect(records).toMatchObject([
      { type: 'event', line: 1, event: { intersectionId: 'A', ts: TS, code: 82, param: 5, seq: 1 } },
      { type: 'event', line: 3, event: { intersectionId: 'A', ts: TS + 500, code: 1, param: 2, seq: null } },
    ]);
  });

  it('gives each bad line a reason, field and its raw text', () => {
    const bad = [
      '{"intersection":"A",',
      '[1,2]',
      JSON.stringify({ ts: TS, code: 1, param: 2 }),
      line({ intersection: 7 }),
      line({ code: 256 }),
      line({ code: 1, param: 0 }),
      line({ code: 1, param: 41 }),
      line({ param: -1 }),
      line({ code: '82' }),
      line({ code: 8.5 }),
      line({ ts: '2026-11-27 08:00:00' }),
      line({ seq: -3 }),
      JSON.stringify({ detector: 'A-W-SB1', ts: TS, intervalS: 60, volume: 3 }),
      'x'.repeat(300),
    ];
    const records = ndjson(bad.join('\n'));
    expect(records.map((r) => (r.type === 'fault' ? [r.line, r.fault.reason, r.fault.field] : r.type))).toEqual([
      [1, 'MALFORMED_JSON', undefined],
      [2, 'NOT_AN_OBJECT', undefined],
      [3, 'MISSING_FIELD', 'intersection'],
      [4, 'WRONG_TYPE', 'intersection'],
      [5, 'CODE_OUT_OF_RANGE', 'code'],
      [6, 'PARAM_OUT_OF_RANGE', 'param'],
      [7, 'PARAM_OUT_OF_RANGE', 'param'],
      [8, 'PARAM_OUT_OF_RANGE', 'param'],
      [9, 'WRONG_TYPE', 'code'],
      [10, 'WRONG_TYPE', 'code'],
      [11, 'BAD_TIMESTAMP', 'ts'],
      [12, 'WRONG_TYPE', 'seq'],
      [13, 'WRONG_KIND', 'detector'],
      [14, 'LINE_TOO_LONG', undefined],
    ]);
    expect(records[0]?.raw).toBe('{"intersection":"A",');
    expect(records[13]?.raw?.length).toBeLessThanOrEqual(200);
  });

  it('takes the intersection from the source when a record omits it (MQTT topic)', () => {
    const records = ndjson(JSON.stringify({ ts: TS, code: 82, param: 5 }), { ...events, defaultIntersection: 'B' });
    expect(records).toMatchObject([{ type: 'event', event: { intersectionId: 'B' } }]);
  });
});

describe('detector samples', () => {
  const samples: JsonRecordOptions = { shape: 'sample', maxLineChars: 200 };
  it('reads a sample with optional measurements', () => {
    const [record] = ndjson(JSON.stringify({ detector: 'A-W-SB1', ts: TS, intervalS: 60, volume: 12, occupancyPct: 18.5 }), samples);
    expect(record).toMatchObject({
      type: 'sample',
      sample: { detectorId: 'A-W-SB1', ts: TS, intervalS: 60, volume: 12, occupancyPct: 18.5, speedKmh: null, queueM: null },
    });
  });

  it('refuses out-of-range values and events sent as samples', () => {
    const base = { detector: 'A-W-SB1', ts: TS, intervalS: 60, volume: 12 };
    const records = ndjson(
      [
        { ...base, intervalS: 5 },
        { ...base, volume: -1 },
        { ...base, occupancyPct: 101 },
        { ...base, speedKmh: 'fast' },
        { ...base, queueM: -2 },
        { intersection: 'A', ts: TS, code: 82, param: 5 },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
      samples,
    );
    expect(records.map((r) => (r.type === 'fault' ? `${r.fault.reason}:${r.fault.field}` : r.type))).toEqual([
      'VALUE_OUT_OF_RANGE:intervalS',
      'VALUE_OUT_OF_RANGE:volume',
      'VALUE_OUT_OF_RANGE:occupancyPct',
      'WRONG_TYPE:speedKmh',
      'VALUE_OUT_OF_RANGE:queueM',
      'WRONG_KIND:code',
    ]);
  });

  it('tells events and samples apart by shape when the source carries both', () => {
    const records = ndjson(`${line({})}\n${JSON.stringify({ detector: 'A-W-SB1', ts: TS, intervalS: 60, volume: 1 })}`, { shape: 'auto', maxLineChars: 200 });
    expect(records.map((r) => r.type)).toEqual(['event', 'sample']);
  });
});

describe('JSON documents', () => {
  it('reads an array, numbering elements by position, and keeps a rejected element as raw JSON', () => {
    const { records, fault } = document(`[${line({})}, {"intersection":"A","ts":${TS},"code":999,"param":1}]`);
    expect(fault).toBeUndefined();
    expect(records.map((r) => [r.type, r.line])).toEqual([
      ['event', 1],
      ['fault', 2],
    ]);
    expect(records[1]?.raw).toBeUndefined();
    expect(records[1]?.value).toEqual({ intersection: 'A', ts: TS, code: 999, param: 1 });
  });

  it('reads one pretty-printed object', () => {
    const { records } = document(JSON.stringify({ intersection: 'A', ts: TS, code: 82, param: 5 }, null, 2));
    expect(records).toMatchObject([{ type: 'event', line: 1 }]);
  });

  it('reads NDJSON sent as application/json', () => {
    expect(document(`${line({})}\n${line({ param: 6 })}`).records.map((r) => r.type)).toEqual(['event', 'event']);
  });

  it('reports a broken array as a document fault (its records cannot be told apart)', () => {
    const { records, fault } = document(`[${line({})}, {"intersection"`);
    expect(records).toEqual([]);
    expect(fault).toMatchObject({ reason: 'MALFORMED_BODY' });
  });
});
