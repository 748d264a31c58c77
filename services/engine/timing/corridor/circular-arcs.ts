/**
 * Arcs on a circle of circumference C (a signal cycle): the set algebra behind bandwidth.
 * An arc set is a sorted list of disjoint half-open intervals inside [0, C).
 */
import { mod } from './phase-timeline.js';

export type Interval = readonly [startS: number, endS: number];

/**
 * The arc [startS, startS + lengthS) repeated every `periodS` around a circle of `circleS`
 * (period divides the circle: a double-cycled intersection has two greens per common cycle).
 *
 * @example repeatedArc(130, 20, 140, 140) // [[0, 10], [130, 140]]
 */
export function repeatedArc(startS: number, lengthS: number, periodS: number, circleS: number): Interval[] {
  const length = Math.min(lengthS, circleS);
  if (periodS === circleS) {
    // The common case (one green per cycle), without the sort: this runs in the offset search's inner loop.
    const start = mod(startS, circleS);
    if (start + length <= circleS) return [[start, start + length]];
    return [[0, start + length - circleS], [start, circleS]];
  }
  const pieces: Interval[] = [];
  const repeats = Math.round(circleS / periodS);
  for (let k = 0; k < repeats; k++) {
    const start = mod(startS + k * periodS, circleS);
    if (start + length <= circleS) pieces.push([start, start + length]);
    else pieces.push([start, circleS], [0, start + length - circleS]);
  }
  return normalise(pieces);
}

/**
 * Intersection of two arc sets.
 *
 * @example intersectArcs([[0, 40]], [[20, 60]]) // [[20, 40]]
 */
export function intersectArcs(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [s1, e1] = a[i] as Interval;
    const [s2, e2] = b[j] as Interval;
    const start = Math.max(s1, s2);
    const end = Math.min(e1, e2);
    if (end > start + 1e-9) out.push([start, end]);
    if (e1 < e2) i++;
    else j++;
  }
  return out;
}

/**
 * The longest contiguous arc of a set, joining the piece that ends at C with the one that
 * starts at 0. Null for an empty set.
 *
 * @example longestArc([[0, 10], [50, 60], [130, 140]], 140) // { startS: 130, lengthS: 20 }
 */
export function longestArc(arcs: readonly Interval[], circleS: number): { startS: number; lengthS: number } | null {
  if (arcs.length === 0) return null;
  const first = arcs[0] as Interval;
  const last = arcs[arcs.length - 1] as Interval;
  if (arcs.length === 1 && first[0] <= 1e-9 && first[1] >= circleS - 1e-9) return { startS: 0, lengthS: circleS };
  const candidates = arcs.map(([s, e]) => ({ startS: s, lengthS: e - s }));
  if (arcs.length > 1 && first[0] <= 1e-9 && last[1] >= circleS - 1e-9) {
    candidates.push({ startS: last[0], lengthS: last[1] - last[0] + first[1] - first[0] });
  }
  return candidates.reduce((best, c) => (c.lengthS > best.lengthS + 1e-9 ? c : best));
}

function normalise(pieces: Interval[]): Interval[] {
  const sorted = [...pieces].sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of sorted) {
    const top = merged[merged.length - 1];
    if (top && s <= top[1] + 1e-9) top[1] = Math.max(top[1], e);
    else merged.push([s, e]);
  }
  return merged;
}
