/**
 * Which minutes a timing run reads (DESIGN §8: "the last 15 minutes"): the last quarter hour
 * whose minutes have all closed. Quarters are aligned to the clock (as the 15-minute reporting
 * bins are), so every run inside one quarter reads the same window and proposes the same plans
 * — a repeated or retried run finds its proposal already there.
 */
import { Errors, problem } from '../contracts/errors.js';

export const WINDOW_MS = 15 * 60_000;
/** Minute measures close one minute after their end (DESIGN §6, bounded lateness). */
export const MINUTE_CLOSE_LAG_MS = 60_000;

export interface RunWindow {
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
}

/**
 * @example lastClosedQuarter(Date.parse('2026-11-27T00:16:30Z')) // { from: 00:00, to: 00:15 }
 * @example lastClosedQuarter(Date.parse('2026-11-27T00:15:30Z')) // { from: 23:45, to: 00:00 } (08:15's minutes not all closed yet)
 */
export function lastClosedQuarter(nowMs: number, closeLagMs = MINUTE_CLOSE_LAG_MS): RunWindow {
  const to = Math.floor((nowMs - closeLagMs) / WINDOW_MS) * WINDOW_MS;
  return { from: to - WINDOW_MS, to };
}

/**
 * The window ending at `windowTo` (an explicit run: a back-fill, a test, the simulator's clock).
 *
 * @throws {ZhiduError} ZHIDU_ERR_VALIDATION when `windowTo` is not on a whole minute.
 * @example windowEndingAt(Date.parse('2026-11-27T00:30:00Z')) // { from: 00:15, to: 00:30 }
 */
export function windowEndingAt(windowTo: number): RunWindow {
  if (!Number.isInteger(windowTo) || windowTo % 60_000 !== 0) {
    throw problem(Errors.VALIDATION, 'windowTo must be a whole minute', { errors: [{ field: '/body/windowTo', reason: 'not on a whole minute (epoch ms divisible by 60000)' }] });
  }
  return { from: windowTo - WINDOW_MS, to: windowTo };
}
