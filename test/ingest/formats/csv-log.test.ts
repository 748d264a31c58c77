import { describe, expect, it } from 'vitest';
import { CsvLogDecoder, type CsvLogOptions } from '../../../ingest/formats/csv-log.js';
import type { ParsedRecord } from '../../../ingest/records.js';

// Local 08:00 in Asia/Shanghai (UTC+8, no DST) is 00:00Z.
const TS = Date.UTC(2026, 10, 27, 0, 0, 0);

function decode(text: string, options: Partial<CsvLogOptions> = {}): { records: ParsedRecord[]; decoder: CsvLogDecoder } {
  const decoder = new CsvLogDecoder({ timeZone: 'Asia/Shanghai', maxLineChars: 200, ...options });
  const records: ParsedRecord[] = [];
  decoder.push(Buffer.from(text), (r) => records.push(r));
  decoder.end((r) => records.push(r));
  return { records, decoder };
}

describe('controller CSV logs', () => {
  it('reads the ATSPM export with a header, in any column order and case', () => {
    const { records, decoder } = decode('SignalID,Timestamp,EventCode,EventParam\r\nA,2026-11-27 08:00:00.1,82,5\r\nA,11/27/2026 8:00:01.0 AM,81,5\r\n');
    expect(decoder.layout).toMatchObject({ hasHeader: true, signal: 0 });
    expect(records).toMatchObject([
      { type: 'event', line: 2, event: { intersectionId: 'A', ts: TS + 100, code: 82, param: 5 } },
      { type: 'event', line: 3, event: { intersectionId: 'A', ts: TS + 1000, code: 81, param: 5 } },
    ]);
    const reordered = decode('eventparam,event_code,TIMESTAMP,signal_id\n5,82,2026-11-27T00:00:00Z,A\n').records;
    expect(reordered).toMatchObject([{ type: 'event', event: { intersectionId: 'A', ts: TS, code: 82, param: 5 } }]);
  });

  it('reads headerless timestamp,code,param with the intersection given', () => {
    const { records } = decode('2026-11-27 08:00:00.0,1,2\n1795737600500,8,2\n', { intersection: 'B' });
    expect(records).toMatchObject([
      { type: 'event', event: { intersectionId: 'B', ts: TS, code: 1, param: 2 } },
      { type: 'event', event: { intersectionId: 'B', ts: TS + 500, code: 8, param: 2 } },
    ]);
  });

  it('reads headerless signal,timestamp,code,param', () => {
    expect(decode('A,2026-11-27 08:00:00,82,5\n').records).toMatchObject([{ type: 'event', event: { intersectionId: 'A', code: 82 } }]);
  });

  it('says why a headerless log without an intersection cannot be read', () => {
    const { records, decoder } = decode('2026-11-27 08:00:00.0,1,2\n');
    expect(decoder.layoutProblem).toMatch(/--intersection/);
    expect(records).toMatchObject([{ type: 'fault', fault: { reason: 'MALFORMED_CSV' } }]);
  });

  it('quarantines bad rows one by one without losing the rows after them', () => {
    const text = [
      'SignalId,Timestamp,EventCode,EventParam',
      'A,"2026-11-27 08:00:00"x,82,5',
      'A,2026-11-27 08:00:00,82',
      'A,2026-11-27 25:00:00,82,5',
      'A,2026-11-27 08:00:00,eighty,5',
      'A,2026-11-27 08:00:00,300,5',
      'A,2026-11-27 08:00:00,1,0',
      `A,2026-11-27 08:00:00,82,${'9'.repeat(300)}`,
      '"A","2026-11-27 08:00:00","82","6"',
    ].join('\n');
    const { records } = decode(text);
    expect(records.map((r) => (r.type === 'fault' ? `${r.line}:${r.fault.reason}` : `${r.line}:ok`))).toEqual([
      '2:MALFORMED_CSV',
      '3:MALFORMED_CSV',
      '4:BAD_TIMESTAMP',
      '5:WRONG_TYPE',
      '6:CODE_OUT_OF_RANGE',
      '7:PARAM_OUT_OF_RANGE',
      '8:LINE_TOO_LONG',
      '9:ok',
    ]);
  });
});
