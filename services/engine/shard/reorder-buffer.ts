/**
 * The bounded reorder window of a shard (DESIGN §3 "events in timestamp order, bounded
 * lateness"): events are held until the newest event seen is `windowMs` ahead of them,
 * then released in (ts, code) order. An event older than what was already released is
 * late: the shard cannot rewind, so it reports it (the engine recomputes from the
 * database, where ingest stored it). Re-deliveries of events already released (a
 * transport replays a stream position after a rebuild) are recognised by their identity
 * (ts, code, param) among the most recent releases and dropped, not treated as late.
 */
import type { ControllerEvent } from '../../contracts/records.js';
import { compareEvents } from '../measures/event-order.js';

const RECENT = 2048;

export interface PushResult {
  /** Events older than the released frontier, not seen before. */
  late: ControllerEvent[];
  duplicates: number;
}

export class ReorderBuffer {
  readonly windowMs: number;
  /** Every event before this time has been released. */
  frontier: number;
  /** Newest event time seen. */
  maxSeen = -Infinity;
  private held: ControllerEvent[] = [];
  private sorted = true;
  private readonly recentTs = new Float64Array(RECENT);
  private readonly recentKey = new Int32Array(RECENT);
  private recentCount = 0;
  private recentNext = 0;

  constructor(windowMs: number, frontier = -Infinity) {
    this.windowMs = windowMs;
    this.frontier = frontier;
  }

  /** Adds events; returns the late ones (older than the frontier) and counts the duplicates. */
  push(events: readonly ControllerEvent[]): PushResult {
    const late: ControllerEvent[] = [];
    let duplicates = 0;
    for (const event of events) {
      if (event.ts < this.frontier) {
        if (this.wasReleased(event)) duplicates++;
        else late.push(event);
        continue;
      }
      const last = this.held[this.held.length - 1];
      if (last && compareEvents(last, event) > 0) this.sorted = false;
      this.held.push(event);
      if (event.ts > this.maxSeen) this.maxSeen = event.ts;
    }
    return { late, duplicates };
  }

  /** Releases, in (ts, code) order, the events the window no longer holds back. */
  release(): ControllerEvent[] {
    return this.releaseBefore(this.maxSeen - this.windowMs);
  }

  /**
   * Releases every event before `until` (and moves the frontier there). Used by `release`,
   * and when an idle shard must move on without new events.
   */
  releaseBefore(until: number): ControllerEvent[] {
    if (!(until > this.frontier)) return [];
    if (!this.sorted) {
      this.held.sort(compareEvents);
      this.sorted = true;
    }
    let cut = 0;
    while (cut < this.held.length && (this.held[cut] as ControllerEvent).ts < until) cut++;
    const out: ControllerEvent[] = [];
    for (let i = 0; i < cut; i++) {
      const event = this.held[i] as ControllerEvent;
      const previous = out[out.length - 1];
      if (previous && previous.ts === event.ts && previous.code === event.code && previous.param === event.param) continue;
      out.push(event);
      this.remember(event);
    }
    this.held = cut === this.held.length ? [] : this.held.slice(cut);
    this.frontier = until;
    return out;
  }

  /**
   * Starts the window at `frontier` after a rebuild that applied the events before it
   * directly; remembers them so their re-delivery is recognised.
   */
  resumeAt(frontier: number, applied: readonly ControllerEvent[]): void {
    this.frontier = frontier;
    for (const event of applied.slice(-RECENT)) if (event.ts < frontier) this.remember(event);
  }

  /** Events still held. */
  get size(): number {
    return this.held.length;
  }

  private remember(event: ControllerEvent): void {
    this.recentTs[this.recentNext] = event.ts;
    this.recentKey[this.recentNext] = (event.code << 8) | event.param;
    this.recentNext = (this.recentNext + 1) % RECENT;
    if (this.recentCount < RECENT) this.recentCount++;
  }

  private wasReleased(event: ControllerEvent): boolean {
    const key = (event.code << 8) | event.param;
    for (let i = 0; i < this.recentCount; i++) {
      if (this.recentTs[i] === event.ts && this.recentKey[i] === key) return true;
    }
    return false;
  }
}
