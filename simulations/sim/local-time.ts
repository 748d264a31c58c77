/**
 * Local civil time of the network (its `timezone`, e.g. Asia/Shanghai): the
 * signal cycle reference is local midnight, and demand follows the local time of day.
 * Pure: uses the Intl time-zone database, never the clock.
 */

const DAY_MS = 86_400_000;

/** Offsets are cached per UTC hour: zones change offset on whole hours or half hours at most once a day. */
const offsetCache = new Map<string, number>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * UTC offset of `timeZone` at instant `ts`, in ms (Asia/Shanghai: +28,800,000).
 *
 * @throws {RangeError} for an unknown time zone.
 * @example utcOffsetMs(Date.UTC(2026, 10, 27), 'Asia/Shanghai') // 28800000
 */
export function utcOffsetMs(ts: number, timeZone: string): number {
  const hour = Math.floor(ts / 3_600_000);
  const key = `${timeZone}|${hour}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const parts = formatter(timeZone).formatToParts(new Date(hour * 3_600_000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = asUtc - hour * 3_600_000;
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/**
 * Local midnight (as epoch ms) of the local day that contains `ts`.
 *
 * @example localMidnight(Date.parse('2026-11-27T08:00:00+08:00'), 'Asia/Shanghai') // Date.parse('2026-11-27T00:00:00+08:00')
 */
export function localMidnight(ts: number, timeZone: string): number {
  const offset = utcOffsetMs(ts, timeZone);
  const localDayStart = Math.floor((ts + offset) / DAY_MS) * DAY_MS;
  // Midnight may have a different offset than `ts` on a DST change day; one correction suffices.
  const guess = localDayStart - offset;
  const corrected = localDayStart - utcOffsetMs(guess, timeZone);
  return corrected <= ts ? corrected : guess;
}

/**
 * Local time of day of `ts`, in minutes since local midnight (0 ≤ m < 1440, fractional).
 *
 * @example localMinuteOfDay(Date.parse('2026-11-27T07:30:00+08:00'), 'Asia/Shanghai') // 450
 */
export function localMinuteOfDay(ts: number, timeZone: string): number {
  return (ts - localMidnight(ts, timeZone)) / 60_000;
}
