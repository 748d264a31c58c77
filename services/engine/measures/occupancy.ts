/**
 * Occupied time of a set of detectors (DESIGN §6 "green / red occupancy"): the
 * activations of all lanes are merged (union of intervals) so two vehicles side by
 * side count once.
 */

/** [start, end) in epoch ms. */
export interface TimeInterval {
  start: number;
  end: number;
}

/**
 * Union of intervals, sorted and merged (touching intervals merge).
 *
 * @example unionIntervals([{ start: 0, end: 5 }, { start: 3, end: 8 }, { start: 10, end: 12 }]) // [{0,8},{10,12}]
 */
export function unionIntervals(intervals: readonly TimeInterval[]): TimeInterval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TimeInterval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ start: interval.start, end: interval.end });
  }
  return merged;
}

/**
 * Milliseconds of [from, to) covered by the union of the intervals.
 *
 * @example occupiedMs([{ start: 0, end: 5000 }, { start: 3000, end: 8000 }], 2000, 10000) // 6000
 */
export function occupiedMs(intervals: readonly TimeInterval[], from: number, to: number): number {
  if (!(to > from)) return 0;
  let total = 0;
  for (const interval of unionIntervals(intervals)) {
    const start = Math.max(from, interval.start);
    const end = Math.min(to, interval.end);
    if (end > start) total += end - start;
  }
  return total;
}

/**
 * Share of [from, to) occupied, 0..1; null for an empty window.
 *
 * @example occupancyRatio([{ start: 0, end: 30000 }], 0, 40000) // 0.75
 */
export function occupancyRatio(intervals: readonly TimeInterval[], from: number, to: number): number | null {
  if (!(to > from)) return null;
  return occupiedMs(intervals, from, to) / (to - from);
}
