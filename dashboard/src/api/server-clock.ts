/**
 * The server's clock as seen from the browser. Message ages compare `sourceTs`
 * (server time) with "now"; a wall-screen PC whose clock is a minute off would
 * otherwise show every value as a minute old (or from the future).
 *
 * Each HTTP response's `Date` header (1 s resolution) bounds the offset
 * server − local: the server wrote D while its clock read in [D, D + 1 s), some time
 * between sending and receiving, so offset ∈ [D − received, D + 1000 − sent].
 * Intersecting these intervals over responses narrows the estimate well below 1 s.
 */

export interface ServerClock {
  /** Server time now, epoch ms. */
  now(): number;
  /** Feeds one response's `Date` header with the local send and receive times (epoch ms). */
  observe(dateHeader: string | null, sentAtMs: number, receivedAtMs: number): void;
  /** Current estimate of server − local, ms. */
  offsetMs(): number;
}

/**
 * @example const clock = createServerClock(); clock.observe(res.headers.get('date'), sent, Date.now()); clock.now();
 */
export function createServerClock(localNow: () => number = Date.now): ServerClock {
  let low = Number.NEGATIVE_INFINITY;
  let high = Number.POSITIVE_INFINITY;
  const offsetMs = () => (Number.isFinite(low) && Number.isFinite(high) ? (low + high) / 2 : 0);
  return {
    now: () => localNow() + offsetMs(),
    offsetMs,
    observe(dateHeader, sentAtMs, receivedAtMs) {
      if (!dateHeader) return;
      const serverMs = Date.parse(dateHeader);
      if (!Number.isFinite(serverMs) || receivedAtMs < sentAtMs) return;
      const sampleLow = serverMs - receivedAtMs;
      const sampleHigh = serverMs + 1000 - sentAtMs;
      const nextLow = Math.max(low, sampleLow);
      const nextHigh = Math.min(high, sampleHigh);
      // An empty intersection means a clock was set (NTP step, manual change): start over.
      if (nextLow > nextHigh) {
        low = sampleLow;
        high = sampleHigh;
      } else {
        low = nextLow;
        high = nextHigh;
      }
    },
  };
}
