/**
 * High-resolution controller logs as ATSPM-style systems export them:
 * `SignalId,Timestamp,EventCode,EventParam` (header names matched case-insensitively,
 * columns in any order), or headerless `timestamp,code,param` (the intersection given
 * by the import) and headerless `signal,timestamp,code,param`.
 *
 * Timestamps: epoch ms, ISO-8601 with an offset, or a local time (`2026-11-27 08:00:00.1`,
 * `11/27/2026 8:00:00.1 AM`) read in the import's zone.
 *
 * Rows are read line by line (bounded, see `LineSplitter`): a row never spans lines in
 * this format (every field is a scalar), so one bad row cannot swallow the rows after
 * it. Rows without quotes are split directly; rows with quotes go through `csv-parse`.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { ParsedRecord, RecordFault } from '../records.js';
import { PHASE_PARAM_CODES, MAX_PHASE } from './event-fields.js';
import { LineSplitter } from './line-splitter.js';
import { readTimestamp } from './timestamp.js';

export interface CsvLogOptions {
  /** Intersection of every row (required for logs without a signal column). */
  intersection?: string;
  /** Zone of local times in the file. */
  timeZone: string;
  maxLineChars: number;
}

/** Where each field is, found from the header or the column count. */
export interface CsvLayout {
  hasHeader: boolean;
  columns: number;
  signal: number | undefined;
  timestamp: number;
  code: number;
  param: number;
}

const HEADER_NAMES: Record<string, 'signal' | 'timestamp' | 'code' | 'param'> = {
  signalid: 'signal',
  signal: 'signal',
  intersection: 'signal',
  intersectionid: 'signal',
  deviceid: 'signal',
  timestamp: 'timestamp',
  time: 'timestamp',
  ts: 'timestamp',
  eventcode: 'code',
  code: 'code',
  eventparam: 'param',
  eventparameter: 'param',
  param: 'param',
  parameter: 'param',
};

/** Fields of one CSV row, or a reason it cannot be split. */
export function splitCsvRow(line: string): string[] | string {
  if (!line.includes('"')) return line.split(',').map((f) => f.trim());
  try {
    const rows = parseCsv(line, { relax_column_count: true, trim: true }) as string[][];
    return rows[0] ?? [];
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The layout a first row implies: a header when it names the columns, otherwise by count.
 *
 * @example layoutOf(['SignalId', 'Timestamp', 'EventCode', 'EventParam'])?.signal // 0
 * @example layoutOf(['2026-11-27 08:00:00.0', '82', '5'])?.hasHeader // false
 */
export function layoutOf(fields: readonly string[]): CsvLayout | string {
  const named = fields.map((f) => HEADER_NAMES[f.toLowerCase().replace(/[\s_-]/g, '')]);
  if (named.some((n) => n !== undefined)) {
    const at = (name: string) => {
      const index = named.indexOf(name as never);
      return index < 0 ? undefined : index;
    };
    const timestamp = at('timestamp');
    const code = at('code');
    const param = at('param');
    if (timestamp === undefined || code === undefined || param === undefined) {
      return `the header "${fields.join(',')}" must name Timestamp, EventCode and EventParam columns`;
    }
    return { hasHeader: true, columns: fields.length, signal: at('signal'), timestamp, code, param };
  }
  if (fields.length === 3) return { hasHeader: false, columns: 3, signal: undefined, timestamp: 0, code: 1, param: 2 };
  if (fields.length === 4) return { hasHeader: false, columns: 4, signal: 0, timestamp: 1, code: 2, param: 3 };
  return `the first row has ${fields.length} fields; expected a header or timestamp,code,param (3) or signal,timestamp,code,param (4)`;
}

function readNumberField(text: string, field: 'code' | 'param', min: number, max: number): number | RecordFault {
  if (!/^\d{1,6}$/.test(text)) return { reason: 'WRONG_TYPE', field, detail: `${field} "${text.slice(0, 20)}" is not a whole number` };
  const value = Number(text);
  if (value < min || value > max) {
    return { reason: field === 'code' ? 'CODE_OUT_OF_RANGE' : 'PARAM_OUT_OF_RANGE', field, detail: `${field} ${value} is outside ${min}..${max}` };
  }
  return value;
}

/**
 * Streaming decoder of a controller log: push byte chunks, receive one record per data row.
 * `layout` is known after the first non-blank row; `layoutProblem` says why the file
 * cannot be read (every row is then a fault too).
 *
 * @example
 * const decoder = new CsvLogDecoder({ intersection: 'TJ01', timeZone: 'Asia/Shanghai', maxLineChars: 4096 });
 * decoder.push(Buffer.from('2026-11-27 08:00:00.1,82,5\n'), onRecord); // event at 2026-11-27T00:00:00.100Z
 */
export class CsvLogDecoder {
  private readonly splitter: LineSplitter;
  private readonly options: CsvLogOptions;
  layout: CsvLayout | undefined;
  layoutProblem: string | undefined;

  constructor(options: CsvLogOptions) {
    this.options = options;
    this.splitter = new LineSplitter({ maxLineChars: options.maxLineChars });
  }

  push(chunk: Buffer | string, onRecord: (record: ParsedRecord) => void): void {
    this.splitter.push(chunk, (text, line, tooLong) => this.row(text, line, tooLong, onRecord));
  }

  end(onRecord: (record: ParsedRecord) => void): void {
    this.splitter.end((text, line, tooLong) => this.row(text, line, tooLong, onRecord));
  }

  private row(text: string, line: number, tooLong: boolean, onRecord: (record: ParsedRecord) => void): void {
    const fail = (fault: RecordFault) => onRecord({ type: 'fault', line, raw: text, kind: 'event', fault });
    if (tooLong) return fail({ reason: 'LINE_TOO_LONG', detail: `row is longer than ${this.options.maxLineChars} characters` });
    if (text.trim().length === 0) return;
    const fields = splitCsvRow(text);
    if (typeof fields === 'string') return fail({ reason: 'MALFORMED_CSV', detail: fields.slice(0, 200) });
    if (this.layout === undefined && this.layoutProblem === undefined) {
      const layout = layoutOf(fields);
      if (typeof layout === 'string') this.layoutProblem = layout;
      else {
        if (layout.signal === undefined && this.options.intersection === undefined) {
          this.layoutProblem = 'this log has no signal column; name the intersection of the file (--intersection)';
        }
        this.layout = layout;
        if (layout.hasHeader) return;
      }
    }
    if (this.layoutProblem !== undefined || this.layout === undefined) {
      return fail({ reason: 'MALFORMED_CSV', detail: this.layoutProblem ?? 'unknown layout' });
    }
    const layout = this.layout;
    if (fields.length !== layout.columns) return fail({ reason: 'MALFORMED_CSV', detail: `expected ${layout.columns} fields, got ${fields.length}` });
    const signal = layout.signal === undefined ? undefined : (fields[layout.signal] as string);
    const intersectionId = signal !== undefined && signal.length > 0 ? signal : this.options.intersection;
    if (intersectionId === undefined) return fail({ reason: 'MISSING_FIELD', field: 'intersection', detail: 'the row names no intersection' });
    if (intersectionId.length > 64) return fail({ reason: 'WRONG_TYPE', field: 'intersection', detail: 'intersection is longer than 64 characters' });
    const ts = readTimestamp(fields[layout.timestamp] as string, { localZone: this.options.timeZone });
    if (typeof ts !== 'number') return fail({ reason: ts.reason, field: 'ts', detail: ts.detail, intersectionId });
    const code = readNumberField(fields[layout.code] as string, 'code', 0, 255);
    if (typeof code !== 'number') return fail({ ...code, intersectionId });
    const phaseCode = PHASE_PARAM_CODES.has(code);
    const param = readNumberField(fields[layout.param] as string, 'param', phaseCode ? 1 : 0, phaseCode ? MAX_PHASE : 255);
    if (typeof param !== 'number') return fail({ ...param, intersectionId });
    onRecord({ type: 'event', line, raw: text, event: { intersectionId, ts, code, param, seq: null } });
  }
}
