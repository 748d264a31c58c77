/**
 * When live data counts as stale (DESIGN: a "data stale" banner when no update
 * arrives for 10 s): measured on the local clock from the last message received,
 * not from `sourceTs`, so a skewed server clock cannot raise a false alarm.
 */

/** No message for this long: the banner shows. */
export const STALE_AFTER_MS = 10_000;

/**
 * Whether the feed is stale at `nowMs`. Before the first message the time since the
 * connection attempt started counts (a screen that never receives anything must warn too).
 *
 * @example isStale({ lastMessageAt: 0, startedAt: 0 }, 10_001) // true
 */
export function isStale(feed: { lastMessageAt: number | null; startedAt: number }, nowMs: number, afterMs = STALE_AFTER_MS): boolean {
  return nowMs - (feed.lastMessageAt ?? feed.startedAt) > afterMs;
}
