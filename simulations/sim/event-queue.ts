/**
 * The simulator's agenda: a binary min-heap of timed actions ordered by
 * (time, insertion order). Ties at the same millisecond are common (a phase
 * turning green while a vehicle arrives), and breaking them by insertion order
 * is what keeps a run reproducible.
 */

/** A scheduled action: `run(time)` is called when the agenda reaches `time`. */
export interface Agendum {
  time: number;
  seq: number;
  run: (time: number) => void;
}

/**
 * A min-heap of actions keyed by (time, seq).
 *
 * @example
 * const queue = new EventQueue();
 * queue.schedule(2000, () => console.log('two'));
 * queue.schedule(1000, () => console.log('one'));
 * queue.runUntil(5000); // prints one, two
 */
export class EventQueue {
  private readonly heap: Agendum[] = [];
  private nextSeq = 0;
  /** Time of the action being run (or last run), epoch ms. */
  now = -Infinity;

  get size(): number {
    return this.heap.length;
  }

  /** Time of the earliest pending action, or +Infinity when empty. */
  peekTime(): number {
    return this.heap[0]?.time ?? Infinity;
  }

  /**
   * Schedules `run` at `time` (epoch ms). Scheduling in the past is a programming
   * error: it would let an effect precede its cause.
   */
  schedule(time: number, run: (time: number) => void): void {
    if (time < this.now) throw new RangeError(`cannot schedule at ${time}, the agenda is already at ${this.now}`);
    const item: Agendum = { time, seq: this.nextSeq++, run };
    const heap = this.heap;
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Agendum;
      if (before(p, item)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  /** Runs every action with time < `until`, in order, including those they schedule. */
  runUntil(until: number): void {
    while (this.heap.length > 0 && (this.heap[0] as Agendum).time < until) {
      const item = this.pop();
      this.now = item.time;
      item.run(item.time);
    }
  }

  private pop(): Agendum {
    const heap = this.heap;
    const top = heap[0] as Agendum;
    const last = heap.pop() as Agendum;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        let child = left;
        if (right < n && before(heap[right] as Agendum, heap[left] as Agendum)) child = right;
        const c = heap[child] as Agendum;
        if (before(last, c)) break;
        heap[i] = c;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: Agendum, b: Agendum): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
