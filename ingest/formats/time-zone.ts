/**
 * Local wall-clock time in an IANA zone → epoch ms, for controller logs that write
 * local times (ATSPM exports do). Uses the platform's time-zone data (Intl); offsets
 * are cached per zone and local hour because a log holds millions of rows and
 * `Intl.DateTimeFormat` costs microseconds per call.
 */

/** A calendar time without a zone. Months are 1..12. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
const MAX_CACHED_HOURS = 100_000;

/**
 * Whether the platform knows the zone.
 *
 * @example isKnownTimeZone('Asia/Shanghai') // true
 */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Offset of `zone` from UTC at an instant, ms (east positive: Asia/Shanghai → 28 800 000). */
function offsetAt(zone: string, epochMs: number): number {
  const parts = formatterFor(zone).formatToParts(epochMs);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The instant a local time denotes in a zone. In a DST gap the time is read with the
 * offset before the gap; in an overlap, the first occurrence is chosen.
 *
 * @throws {RangeError} for a zone the platform does not know.
 * @example zonedTimeToEpoch({ year: 2026, month: 11, day: 27, hour: 8, minute: 0, second: 0, millisecond: 0 }, 'Asia/Shanghai')
 * // 1795737600000 (2026-11-27T00:00:00Z)
 */
export function zonedTimeToEpoch(local: LocalTime, zone: string): number {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
  const hourKey = Math.floor(asUtc / 3_600_000);
  let cache = offsetCache.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(zone, cache);
  }
  let offset = cache.get(hourKey);
  if (offset === undefined) {
    // Two passes settle the offset that applies at the resulting instant (DST edges).
    const first = offsetAt(zone, asUtc);
    const second = offsetAt(zone, asUtc - first);
    // In a DST gap the two differ; the smaller is the offset before the gap (spring forward).
    offset = Math.min(first, second);
    if (cache.size >= MAX_CACHED_HOURS) cache.clear();
    cache.set(hourKey, offset);
  }
  return asUtc - offset;
}
