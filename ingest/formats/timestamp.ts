/**
 * Timestamps on the wire (DESIGN §4.1): epoch milliseconds, or ISO-8601 with an
 * offset. Controller log files may carry local wall-clock times (`2026-11-27 08:00:00.1`,
 * or the US form ATSPM exports, `11/27/2026 8:00:00.1 AM`); those are read in the zone
 * the import names. Live feeds must say which instant they mean, so a local time
 * without a zone is refused there.
 *
 * Resolution is one millisecond (the product's unit): fraction digits after the
 * third are truncated.
 */
import { zonedTimeToEpoch } from './time-zone.js';

/** Why a timestamp could not be read. */
export interface TimestampFault {
  reason: 'BAD_TIMESTAMP' | 'WRONG_TYPE';
  detail: string;
}

export interface TimestampOptions {
  /** IANA zone for local times without an offset; absent: such times are refused. */
  localZone?: string;
}

/** ±100 million days: the range of a JS Date. */
const MAX_EPOCH_MS = 8.64e15;
const MAX_TEXT_LENGTH = 64;

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?$/;
const DIGITS = /^-?\d{1,16}$/;

const fault = (reason: TimestampFault['reason'], detail: string): TimestampFault => ({ reason, detail });

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function millisFromFraction(fraction: string | undefined): number {
  if (!fraction) return 0;
  return Number((fraction + '00').slice(0, 3));
}

function fromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  offsetMs: number | undefined,
  text: string,
  options: TimestampOptions,
): number | TimestampFault {
  if (month < 1 || month > 12) return fault('BAD_TIMESTAMP', `month ${month} in "${text}" is not 1..12`);
  if (day < 1 || day > daysInMonth(year, month)) return fault('BAD_TIMESTAMP', `day ${day} in "${text}" does not exist`);
  if (hour > 23 || minute > 59 || second > 59) return fault('BAD_TIMESTAMP', `time of day in "${text}" is out of range`);
  if (offsetMs !== undefined) return Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offsetMs;
  if (options.localZone === undefined) {
    return fault('BAD_TIMESTAMP', `"${text}" has no UTC offset; send epoch ms or ISO-8601 with Z or ±hh:mm`);
  }
  return zonedTimeToEpoch({ year, month, day, hour, minute, second, millisecond }, options.localZone);
}

function parseOffset(text: string): number | undefined {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 18 || minutes > 59) return undefined;
  return sign * (hours * 3_600_000 + minutes * 60_000);
}

function parseText(text: string, options: TimestampOptions): number | TimestampFault {
  const trimmed = text.trim();
  if (trimmed.length === 0) return fault('BAD_TIMESTAMP', 'timestamp is empty');
  if (trimmed.length > MAX_TEXT_LENGTH) return fault('BAD_TIMESTAMP', `timestamp is longer than ${MAX_TEXT_LENGTH} characters`);
  if (DIGITS.test(trimmed)) return fromNumber(Number(trimmed));
  let match = ISO.exec(trimmed);
  if (match) {
    const [, y, mo, d, h, mi, s, frac, zone] = match;
    let offsetMs: number | undefined;
    if (zone !== undefined) {
      offsetMs = parseOffset(zone);
      if (offsetMs === undefined) return fault('BAD_TIMESTAMP', `UTC offset "${zone}" is out of range`);
    }
    return fromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0), millisFromFraction(frac), offsetMs, trimmed, options);
  }
  match = US.exec(trimmed);
  if (match) {
    const [, mo, d, y, h, mi, s, frac, meridiem] = match;
    let hour = Number(h);
    if (meridiem !== undefined) {
      if (hour < 1 || hour > 12) return fault('BAD_TIMESTAMP', `hour ${hour} in "${trimmed}" is not 1..12 with AM/PM`);
      const pm = meridiem === 'p' || meridiem === 'P';
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    return fromParts(Number(y), Number(mo), Number(d), hour, Number(mi), Number(s ?? 0), millisFromFraction(frac), undefined, trimmed, options);
  }
  return fault('BAD_TIMESTAMP', `"${trimmed.slice(0, 40)}" is not epoch ms or ISO-8601`);
}

function fromNumber(value: number): number | TimestampFault {
  if (!Number.isInteger(value)) return fault('WRONG_TYPE', `ts ${value} is not a whole number of milliseconds`);
  if (Math.abs(value) > MAX_EPOCH_MS) return fault('BAD_TIMESTAMP', `ts ${value} is outside the representable range`);
  return value;
}

/**
 * Reads a timestamp value: an integer (epoch ms), a string of digits (epoch ms), or
 * ISO-8601 text; local times only with `localZone`. Returns epoch ms or a fault; never throws.
 *
 * @example readTimestamp(1795737600000) // 1795737600000
 * @example readTimestamp('2026-11-27T08:00:00.250+08:00') // 1795737600250
 * @example readTimestamp('2026-11-27 08:00:00', { localZone: 'Asia/Shanghai' }) // 1795737600000
 * @example readTimestamp('2026-11-27 08:00:00') // { reason: 'BAD_TIMESTAMP', detail: '... has no UTC offset ...' }
 */
export function readTimestamp(value: unknown, options: TimestampOptions = {}): number | TimestampFault {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value === 'string') return parseText(value, options);
  return fault('WRONG_TYPE', `ts must be epoch ms or an ISO-8601 string, got ${value === null ? 'null' : typeof value}`);
}
