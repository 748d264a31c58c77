/**
 * The order every measure reads controller events in (DESIGN §6): by time, then by
 * code, stable — ties at one instant are common (7 and 8 at green end, 9 and 10 at
 * yellow end) and the code order makes their processing deterministic.
 */

/** The fields the order looks at. */
export interface OrderedEvent {
  ts: number;
  code: number;
}

/**
 * Compares two events by (ts, code).
 *
 * @example [{ ts: 1, code: 9 }, { ts: 1, code: 8 }].sort(compareEvents) // code 8 first
 */
export function compareEvents(a: OrderedEvent, b: OrderedEvent): number {
  return a.ts - b.ts || a.code - b.code;
}

/**
 * A new array sorted by (ts, code); equal keys keep their input order (Array.prototype.sort is stable).
 *
 * @example sortEvents([{ ts: 2, code: 1 }, { ts: 1, code: 82 }]) // ts 1 first
 */
export function sortEvents<E extends OrderedEvent>(events: readonly E[]): E[] {
  return [...events].sort(compareEvents);
}

/**
 * Whether events are already in (ts, code) order (the common case for a batch from ingest).
 *
 * @example isSorted([{ ts: 1, code: 1 }, { ts: 1, code: 8 }]) // true
 */
export function isSorted(events: readonly OrderedEvent[]): boolean {
  for (let i = 1; i < events.length; i++) {
    if (compareEvents(events[i - 1] as OrderedEvent, events[i] as OrderedEvent) > 0) return false;
  }
  return true;
}
