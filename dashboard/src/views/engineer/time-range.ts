/**
 * Time ranges of the engineer's charts: presets ending now, or a custom range, and the
 * bucket width (`step`) that keeps a chart readable and within the server's point limit.
 */

export type RangePreset = 'last1h' | 'last6h' | 'last24h' | 'custom';
export const RANGE_PRESETS: readonly Exclude<RangePreset, 'custom'>[] = ['last1h', 'last6h', 'last24h'];

const PRESET_MS: Record<Exclude<RangePreset, 'custom'>, number> = { last1h: 3600_000, last6h: 6 * 3600_000, last24h: 24 * 3600_000 };

/** Bucket widths the measures API serves (minute rows, 5-minute sums, 15-minute and hourly roll-ups), s. */
export const STEPS_S = [60, 300, 900, 3600] as const;

export interface TimeRange {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  stepS: number;
}

/**
 * The finest step that gives at most `maxPoints` buckets.
 *
 * @example stepFor(6 * 3600_000) // 60 (360 points ≤ 400)
 * @example stepFor(24 * 3600_000) // 300 (288 points)
 */
export function stepFor(spanMs: number, maxPoints = 400): number {
  for (const step of STEPS_S) if (spanMs / (step * 1000) <= maxPoints) return step;
  return STEPS_S[STEPS_S.length - 1] as number;
}

/**
 * A preset range ending at the current minute.
 *
 * @example presetRange('last1h', Date.UTC(2026, 10, 27, 1, 30, 20)) // { from: 00:31, to: 01:31, stepS: 60 } (UTC)
 */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, nowMs: number): TimeRange {
  const to = Math.ceil(nowMs / 60_000) * 60_000;
  const from = to - PRESET_MS[preset];
  return { from, to, stepS: stepFor(to - from) };
}

/**
 * A custom range, or null when it is empty or reversed.
 *
 * @example customRange(Date.UTC(2026, 10, 27, 0), Date.UTC(2026, 10, 27, 2)) // { …, stepS: 60 }
 */
export function customRange(from: number | null, to: number | null): TimeRange | null {
  if (from === null || to === null || !(to > from)) return null;
  return { from, to, stepS: stepFor(to - from) };
}
