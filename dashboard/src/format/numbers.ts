/**
 * Number formats for measures: a dash for "not measured", fixed decimals otherwise.
 */

/** What is shown for a value that is not available (no green observed, no advance detector, ...). */
export const NOT_AVAILABLE = '–';

/**
 * A number with `digits` decimals in the locale's style, or a dash for null.
 *
 * @example formatNumber(12.345, 'en', 1) // '12.3'
 * @example formatNumber(null, 'en') // '–'
 */
export function formatNumber(value: number | null | undefined, locale: string, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NOT_AVAILABLE;
  return value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * A congestion index 0–10 with one decimal.
 *
 * @example formatIndex(7.25, 'zh-CN') // '7.3'
 */
export function formatIndex(value: number | null | undefined, locale: string): string {
  return formatNumber(value, locale, 1);
}
