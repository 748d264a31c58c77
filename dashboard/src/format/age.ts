/**
 * Message age from `sourceTs` (DESIGN §10): how old the newest detector or
 * controller event behind a value is, in the largest whole unit.
 */

export type AgeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

export interface Age {
  unit: AgeUnit;
  /** Whole units, ≥ 0. */
  count: number;
}

/**
 * The age of `sourceTs` at `nowMs` (both epoch ms). A source time slightly ahead of the
 * local clock (clock skew) counts as 0 s rather than a negative age.
 *
 * @example ageOf(1_000, 6_500) // { unit: 'seconds', count: 5 }
 * @example ageOf(0, 7_260_000) // { unit: 'hours', count: 2 }
 */
export function ageOf(sourceTs: number, nowMs: number): Age {
  const seconds = Math.max(0, Math.floor((nowMs - sourceTs) / 1000));
  if (seconds < 60) return { unit: 'seconds', count: seconds };
  if (seconds < 3600) return { unit: 'minutes', count: Math.floor(seconds / 60) };
  if (seconds < 86400) return { unit: 'hours', count: Math.floor(seconds / 3600) };
  return { unit: 'days', count: Math.floor(seconds / 86400) };
}
