/**
 * A detector channel's recent activations as a flat, append-only list of [on, off) pairs
 * (epoch ms) with a moving head: appends and pruning are O(1) amortised and nothing is
 * allocated per vehicle beyond the list's own growth.
 */
import type { TimeInterval } from '../measures/occupancy.js';

export class IntervalList {
  private bounds: number[] = [];
  private head = 0;

  push(start: number, end: number): void {
    this.bounds.push(start, end);
  }

  /** Drops activations that ended before `before`. */
  prune(before: number): void {
    while (this.head < this.bounds.length && (this.bounds[this.head + 1] as number) < before) this.head += 2;
    if (this.head > 128 && this.head * 2 > this.bounds.length) {
      this.bounds = this.bounds.slice(this.head);
      this.head = 0;
    }
  }

  /** Appends the activations overlapping [from, to) to `into`. */
  collect(from: number, to: number, into: TimeInterval[]): void {
    for (let i = this.head; i < this.bounds.length; i += 2) {
      const start = this.bounds[i] as number;
      const end = this.bounds[i + 1] as number;
      if (end > from && start < to) into.push({ start, end });
    }
  }

  get size(): number {
    return (this.bounds.length - this.head) / 2;
  }
}
