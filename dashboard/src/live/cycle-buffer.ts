/**
 * Per-cycle measures of one intersection kept in the browser for the PCD and split
 * monitor: newest cycles, one entry per (phase, cycle start), bounded in time and count.
 */
import type { CycleMeasures } from '../../../services/contracts/live.js';

/**
 * Adds cycles (from the live feed or a loaded period), replacing a cycle seen before
 * (a recomputed late cycle) and dropping those older than `windowMs` before the newest.
 *
 * @example mergeCycles([], [cycle], { windowMs: 3600_000, maxCycles: 5000 })
 */
export function mergeCycles(held: readonly CycleMeasures[], incoming: readonly CycleMeasures[], options: { windowMs: number; maxCycles: number }): CycleMeasures[] {
  const byKey = new Map<string, CycleMeasures>();
  for (const cycle of held) byKey.set(`${cycle.phase}:${cycle.cycleStart}`, cycle);
  for (const cycle of incoming) byKey.set(`${cycle.phase}:${cycle.cycleStart}`, cycle);
  const all = [...byKey.values()].sort((a, b) => a.cycleStart - b.cycleStart);
  const newest = all[all.length - 1]?.cycleStart ?? 0;
  const kept = all.filter((c) => c.cycleStart >= newest - options.windowMs);
  return kept.slice(Math.max(0, kept.length - options.maxCycles));
}
