/**
 * Times as the operators read them: always Asia/Shanghai (China Standard Time),
 * whatever the clock zone of the machine showing the dashboard.
 */

/** The product's display time zone (DESIGN: times shown in Asia/Shanghai). */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, kind: 'clock' | 'minute' | 'dateTime' | 'date'): Intl.DateTimeFormat {
  const key = `${locale}|${kind}`;
  let cached = formatters.get(key);
  if (!cached) {
    const options: Intl.DateTimeFormatOptions = { timeZone: DISPLAY_TIME_ZONE, hourCycle: 'h23' };
    if (kind === 'clock' || kind === 'minute' || kind === 'dateTime') Object.assign(options, { hour: '2-digit', minute: '2-digit' });
    if (kind === 'clock' || kind === 'dateTime') options.second = '2-digit';
    if (kind === 'date' || kind === 'dateTime') Object.assign(options, { year: 'numeric', month: '2-digit', day: '2-digit' });
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

/**
 * `HH:mm:ss` in Asia/Shanghai.
 *
 * @example formatClock(Date.UTC(2026, 10, 27, 0, 5, 9), 'zh-CN') // '08:05:09'
 */
export function formatClock(epochMs: number, locale: string): string {
  return formatter(locale, 'clock').format(epochMs);
}

/**
 * `HH:mm` in Asia/Shanghai (chart axes).
 *
 * @example formatMinute(Date.UTC(2026, 10, 27, 0, 5, 9), 'en') // '08:05'
 */
export function formatMinute(epochMs: number, locale: string): string {
  return formatter(locale, 'minute').format(epochMs);
}

/**
 * Date and time in Asia/Shanghai, in the locale's order.
 *
 * @example formatDateTime(Date.UTC(2026, 10, 27, 0, 5, 9), 'zh-CN') // '2026/11/27 08:05:09'
 */
export function formatDateTime(epochMs: number, locale: string): string {
  return formatter(locale, 'dateTime').format(epochMs);
}

/**
 * Calendar date in Asia/Shanghai.
 *
 * @example formatDate(Date.UTC(2026, 10, 27, 18, 0, 0), 'zh-CN') // '2026/11/28'
 */
export function formatDate(epochMs: number, locale: string): string {
  return formatter(locale, 'date').format(epochMs);
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/**
 * Epoch ms of a wall-clock time in Asia/Shanghai (no daylight saving since 1991, so a fixed +08:00),
 * for the range picker's `<input type="datetime-local">` values.
 *
 * @example shanghaiLocalToEpoch('2026-11-27T08:00') // Date.UTC(2026, 10, 27, 0, 0)
 */
export function shanghaiLocalToEpoch(local: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi) - SHANGHAI_OFFSET_MS;
}

/**
 * The inverse of `shanghaiLocalToEpoch`: `YYYY-MM-DDTHH:mm` in Asia/Shanghai.
 *
 * @example epochToShanghaiLocal(Date.UTC(2026, 10, 27, 0, 0)) // '2026-11-27T08:00'
 */
export function epochToShanghaiLocal(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}
