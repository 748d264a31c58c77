/**
 * Geometry of a NEMA ring-barrier diagram: where each phase sits in the cycle,
 * per ring, and where the barriers fall. Pure; the SVG component draws it.
 */
import type { TimingPlan } from '../../../../geo/network/network.schema.js';
import { barrierGroups } from '../../../../geo/network/plan-rules.js';

export interface PhaseBlock {
  phase: number;
  ring: number;
  /** Seconds from the start of the cycle's first barrier group. */
  startS: number;
  splitS: number;
}

export interface RingBarrierLayout {
  cycleS: number;
  rings: PhaseBlock[][];
  /** Times (s) of the barriers, the last one at the end of the cycle. */
  barriersS: number[];
}

/**
 * Lays out a plan. Each barrier group lasts as long as its longest ring (they are equal in a
 * consistent plan); phases follow each other inside their group.
 *
 * @example ringBarrierLayout(plan).rings[0]?.map((b) => b.phase) // [1, 2, 3, 4]
 */
export function ringBarrierLayout(plan: Pick<TimingPlan, 'cycleS' | 'rings' | 'barriers' | 'phases'>): RingBarrierLayout {
  const splitOf = new Map(plan.phases.map((p) => [p.phase, p.splitS]));
  const groups = barrierGroups(plan) ?? [plan.rings];
  const rings: PhaseBlock[][] = plan.rings.map(() => []);
  const barriersS: number[] = [];
  let groupStart = 0;
  for (const group of groups) {
    let groupLength = 0;
    group.forEach((phases, ring) => {
      let t = groupStart;
      for (const phase of phases) {
        const splitS = splitOf.get(phase) ?? 0;
        rings[ring]?.push({ phase, ring, startS: t, splitS });
        t += splitS;
      }
      groupLength = Math.max(groupLength, t - groupStart);
    });
    groupStart += groupLength;
    barriersS.push(groupStart);
  }
  return { cycleS: Math.max(plan.cycleS, groupStart), rings, barriersS };
}
