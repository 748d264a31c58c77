/**
 * Time ranges of the measures and alerts routes: `from`/`to` as ISO-8601 or epoch ms,
 * checked (order, point budget) with problem+json errors naming the field.
 */
import { Errors, problem } from '../../../contracts/errors.js';

/**
 * Epoch ms of an ISO-8601 string or an epoch-ms number.
 *
 * @throws ZHIDU_ERR_VALIDATION naming `field` when it is not a time.
 * @example toEpochMs('2026-11-27T08:00:00+08:00', '/query/from') // 1795737600000
 */
export function toEpochMs(value: string | number, field: string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw problem(Errors.VALIDATION, `${field} is not a time`, { errors: [{ field, reason: 'expected ISO-8601 with an offset, or epoch milliseconds' }] });
  return ms;
}

export interface CheckedRange {
  from: number;
  to: number;
}

/**
 * Parses and checks a range: `from` before `to`, and — with `stepS` — no more points than the
 * configured maximum (DESIGN §11). `from` is aligned down to the step.
 *
 * @throws ZHIDU_ERR_VALIDATION or ZHIDU_ERR_RANGE_TOO_LARGE naming the field.
 * @example checkRange({ from: '2026-11-27T00:00:00Z', to: '2026-11-27T01:00:00Z' }, { stepS: 900, maxPoints: 20000 })
 */
export function checkRange(query: { from: string | number; to: string | number }, options: { stepS?: number; maxPoints: number; pointsPerStep?: number }): CheckedRange {
  let from = toEpochMs(query.from, '/query/from');
  const to = toEpochMs(query.to, '/query/to');
  if (!(from < to)) throw problem(Errors.VALIDATION, 'from must be before to', { errors: [{ field: '/query/from', reason: 'not before to' }] });
  if (options.stepS !== undefined) {
    const stepMs = options.stepS * 1000;
    from = Math.floor(from / stepMs) * stepMs;
    const points = Math.ceil((to - from) / stepMs) * (options.pointsPerStep ?? 1);
    if (points > options.maxPoints) {
      throw problem(Errors.RANGE_TOO_LARGE, `${points} points requested, at most ${options.maxPoints}`, {
        errors: [{ field: '/query/step', reason: `widen the step or narrow the range: ${points} points > ${options.maxPoints}` }],
      });
    }
  }
  return { from, to };
}
