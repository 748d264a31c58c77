import { describe, expect, it } from 'vitest';
import { isKnownTimeZone, zonedTimeToEpoch } from '../../../ingest/formats/time-zone.js';
import { readTimestamp } from '../../../ingest/formats/timestamp.js';

// 2026-11-27T00:00:00Z = 1795737600000 (20784 days × 86 400 000 ms since 1970-01-01).
const MIDNIGHT_UTC = Date.UTC(2026, 10, 27);

describe('readTimestamp', () => {
  it('reads epoch milliseconds as numbers and digit strings', () => {
    expect(MIDNIGHT_UTC).toBe(1795737600000);
    expect(readTimestamp(1795737600123)).toBe(1795737600123);
    expect(readTimestamp('1795737600123')).toBe(1795737600123);
  });

  it('refuses fractions, non-finite numbers and other types', () => {
    expect(readTimestamp(1795737600123.5)).toMatchObject({ reason: 'WRONG_TYPE' });
    expect(readTimestamp(Number.NaN)).toMatchObject({ reason: 'WRONG_TYPE' });
    expect(readTimestamp(Infinity)).toMatchObject({ reason: 'WRONG_TYPE' });
    expect(readTimestamp(1e300)).toMatchObject({ reason: 'BAD_TIMESTAMP' });
    expect(readTimestamp(true)).toMatchObject({ reason: 'WRONG_TYPE' });
    expect(readTimestamp(null)).toMatchObject({ reason: 'WRONG_TYPE' });
  });

  it('reads ISO-8601 with Z or an offset; +08:00 local 08:00 is midnight UTC', () => {
    expect(readTimestamp('2026-11-27T00:00:00Z')).toBe(MIDNIGHT_UTC);
    expect(readTimestamp('2026-11-27T08:00:00.250+08:00')).toBe(MIDNIGHT_UTC + 250);
    expect(readTimestamp('2026-11-27T08:00:00.250+0800')).toBe(MIDNIGHT_UTC + 250);
    expect(readTimestamp('2026-11-26T19:00:00-05')).toBe(MIDNIGHT_UTC);
    // One decimal (ATSPM's 0.1 s) and truncation of sub-millisecond digits.
    expect(readTimestamp('2026-11-27T00:00:00.1Z')).toBe(MIDNIGHT_UTC + 100);
    expect(readTimestamp('2026-11-27T00:00:00.123987Z')).toBe(MIDNIGHT_UTC + 123);
  });

  it('refuses local times without a zone, unless one is given', () => {
    expect(readTimestamp('2026-11-27 08:00:00')).toMatchObject({ reason: 'BAD_TIMESTAMP', detail: expect.stringMatching(/no UTC offset/) });
    expect(readTimestamp('2026-11-27 08:00:00', { localZone: 'Asia/Shanghai' })).toBe(MIDNIGHT_UTC);
  });

  it('reads the US form of ATSPM exports with AM/PM', () => {
    const zone = { localZone: 'Asia/Shanghai' };
    expect(readTimestamp('11/27/2026 8:00:00.1 AM', zone)).toBe(MIDNIGHT_UTC + 100);
    // 12:30 AM is 00:30 local = 16:30Z the day before; 12:30 PM is 12:30 local = 04:30Z.
    expect(readTimestamp('11/27/2026 12:30:00 AM', zone)).toBe(MIDNIGHT_UTC - 7.5 * 3_600_000);
    expect(readTimestamp('11/27/2026 12:30:00 PM', zone)).toBe(MIDNIGHT_UTC + 4.5 * 3_600_000);
    expect(readTimestamp('11/27/2026 13:30:00 PM', zone)).toMatchObject({ reason: 'BAD_TIMESTAMP' });
  });

  it('refuses impossible calendar dates and garbage', () => {
    for (const text of ['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-27T24:00:00Z', '2026-11-27T10:61:00Z', 'yesterday', '', '2026-11-27T00:00:00+19:00']) {
      expect(readTimestamp(text), text).toMatchObject({ reason: 'BAD_TIMESTAMP' });
    }
  });
});

describe('zonedTimeToEpoch', () => {
  it('knows zones and refuses unknown ones', () => {
    expect(isKnownTimeZone('Asia/Shanghai')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });

  it('applies daylight saving time (New York: EDT −4 h in July, EST −5 h in November)', () => {
    const local = { year: 2026, month: 7, day: 1, hour: 12, minute: 0, second: 0, millisecond: 0 };
    expect(zonedTimeToEpoch(local, 'America/New_York')).toBe(Date.UTC(2026, 6, 1, 16));
    expect(zonedTimeToEpoch({ ...local, month: 11, day: 27 }, 'America/New_York')).toBe(Date.UTC(2026, 10, 27, 17));
  });

  it('reads a time in the spring-forward gap with the offset before the gap', () => {
    // 2026-03-08 02:30 does not exist in New York; read with EST (−5 h): 07:30Z (= 03:30 EDT).
    const gap = { year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0, millisecond: 0 };
    expect(zonedTimeToEpoch(gap, 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 7, 30));
  });
});
