/**
 * Where a phase's green falls in the cycle, in the product's offset convention: the offset
 * is the time from the cycle reference (local midnight + k·C) to the START of green of the
 * first coordinated phase (`plan.coordinatedPhases[0]`). Phases run in ring order from the
 * start of the ring sequence, and barrier equality makes every ring reach each barrier
 * together, so a phase starts after the splits of the phases before it in its own ring.
 */
import type { TimingPlan } from '../../../../geo/network/network.schema.js';

/** A phase's green relative to the offset reference. */
export interface GreenWindow {
  phase: number;
  /** Green start after the coordinated phase's green start, s, in [0, cycle). */
  startS: number;
  /** Displayed green (split − yellow − all-red), s. */
  greenS: number;
}

/**
 * Start of a phase within the ring sequence (its ring's earlier splits), s.
 *
 * @throws {RangeError} when the phase is not in a ring of the plan.
 * @example phaseStartInSequenceS(standardPlan, 2) // split of phase 1
 */
export function phaseStartInSequenceS(plan: Pick<TimingPlan, 'rings' | 'phases'>, phase: number): number {
  const ring = plan.rings.find((r) => r.includes(phase));
  if (!ring) throw new RangeError(`phase ${phase} is in no ring`);
  const splitOf = new Map(plan.phases.map((t) => [t.phase, t.splitS]));
  return ring.slice(0, ring.indexOf(phase)).reduce((sum, p) => sum + (splitOf.get(p) ?? 0), 0);
}

/**
 * The green of `phase` relative to the offset reference.
 *
 * @example
 * // rings [[1,2,3,4],[5,6,7,8]], splits 1:20 2:50 ... → phase 2 starts at 20 s in the sequence;
 * // phase 4 (start 90 s, split 50, yellow 3, all-red 2) → { startS: 70, greenS: 45 }
 * greenWindow(plan, 4)
 */
export function greenWindow(plan: Pick<TimingPlan, 'rings' | 'phases' | 'coordinatedPhases' | 'cycleS'>, phase: number): GreenWindow {
  const timing = plan.phases.find((t) => t.phase === phase);
  if (!timing) throw new RangeError(`phase ${phase} has no timing`);
  const reference = plan.coordinatedPhases[0] ?? plan.rings[0]?.[0];
  if (reference === undefined) throw new RangeError('the plan has no phase to reference offsets to');
  const startS = mod(phaseStartInSequenceS(plan, phase) - phaseStartInSequenceS(plan, reference), plan.cycleS);
  return { phase, startS, greenS: timing.splitS - timing.yellowS - timing.allRedS };
}

/**
 * Non-negative remainder.
 *
 * @example mod(-20, 140) // 120
 */
export function mod(value: number, modulus: number): number {
  const r = value % modulus;
  return r < 0 ? r + modulus : r;
}
