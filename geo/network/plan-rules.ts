/**
 * Consistency rules of a NEMA ring-barrier timing plan (DESIGN §5 plan).
 * Used when a network loads and whenever a plan is edited or proposed.
 */
import { joinPath, type NetworkFault } from './fault.js';
import type { TimingPlan } from './network.schema.js';

/** Splits may disagree with the cycle by this much (controllers round to 0.1 s; files to whole seconds). */
const SUM_TOLERANCE_S = 0.5;

/**
 * Phases of each ring split into barrier groups: `groups[barrier][ring]` = phases in service order.
 * Returns undefined when the barriers do not partition the rings (reported by `checkPlan`).
 *
 * @example barrierGroups(standardPlan) // [[[1,2],[5,6]], [[3,4],[7,8]]]
 */
export function barrierGroups(plan: Pick<TimingPlan, 'rings' | 'barriers'>): number[][][] | undefined {
  const groups: number[][][] = plan.barriers.map(() => plan.rings.map(() => []));
  for (let r = 0; r < plan.rings.length; r++) {
    const ring = plan.rings[r] as number[];
    let start = 0;
    for (let b = 0; b < plan.barriers.length; b++) {
      const endPhase = plan.barriers[b]?.[r];
      const end = endPhase === undefined ? -1 : ring.indexOf(endPhase);
      if (end < start) return undefined;
      (groups[b] as number[][])[r] = ring.slice(start, end + 1);
      start = end + 1;
    }
    if (start !== ring.length) return undefined;
  }
  return groups;
}

/**
 * Every fault of a plan, paths relative to `basePath`.
 *
 * @example checkPlan(intersection.plan, 'intersections[0].plan') // [] when consistent
 */
export function checkPlan(plan: TimingPlan, basePath = ''): NetworkFault[] {
  const faults: NetworkFault[] = [];
  const at = (...segments: (string | number)[]) => joinPath(basePath, ...segments);
  const timingByPhase = new Map<number, number>();
  plan.phases.forEach((timing, i) => {
    if (timingByPhase.has(timing.phase)) faults.push({ path: at('phases', i, 'phase'), reason: `phase ${timing.phase} listed twice` });
    timingByPhase.set(timing.phase, i);
    const minSplit = timing.minGreenS + timing.yellowS + timing.allRedS;
    if (timing.splitS + 1e-9 < minSplit) {
      faults.push({
        path: at('phases', i, 'splitS'),
        reason: `split ${timing.splitS} s is shorter than min green + yellow + all-red = ${minSplit} s`,
      });
    }
    if (timing.maxGreenS !== undefined && timing.maxGreenS < timing.minGreenS) {
      faults.push({ path: at('phases', i, 'maxGreenS'), reason: `max green ${timing.maxGreenS} s is below min green ${timing.minGreenS} s` });
    }
  });

  const inRings = new Set<number>();
  plan.rings.forEach((ring, r) =>
    ring.forEach((phase, k) => {
      if (inRings.has(phase)) faults.push({ path: at('rings', r, k), reason: `phase ${phase} appears in more than one ring position` });
      inRings.add(phase);
      if (!timingByPhase.has(phase)) faults.push({ path: at('rings', r, k), reason: `phase ${phase} has no timing in phases[]` });
    }),
  );
  plan.phases.forEach((timing, i) => {
    if (!inRings.has(timing.phase)) faults.push({ path: at('phases', i, 'phase'), reason: `phase ${timing.phase} is in no ring` });
  });
  plan.coordinatedPhases.forEach((phase, i) => {
    if (!inRings.has(phase)) faults.push({ path: at('coordinatedPhases', i), reason: `coordinated phase ${phase} is in no ring` });
  });
  if (plan.offsetS >= plan.cycleS) faults.push({ path: at('offsetS'), reason: `offset ${plan.offsetS} s must be below the cycle ${plan.cycleS} s` });

  plan.barriers.forEach((barrier, b) => {
    if (barrier.length !== plan.rings.length) {
      faults.push({ path: at('barriers', b), reason: `barrier lists ${barrier.length} phases for ${plan.rings.length} rings` });
    }
  });
  const splitOf = (phase: number) => plan.phases[timingByPhase.get(phase) ?? -1]?.splitS ?? 0;
  const groups = faults.length === 0 ? barrierGroups(plan) : undefined;
  if (faults.length === 0 && !groups) {
    faults.push({ path: at('barriers'), reason: 'barriers must fall in ring order and the last barrier must close every ring' });
  }
  if (groups) {
    groups.forEach((group, b) => {
      const sums = group.map((phases) => phases.reduce((sum, phase) => sum + splitOf(phase), 0));
      const first = sums[0] ?? 0;
      sums.forEach((sum, r) => {
        if (Math.abs(sum - first) > SUM_TOLERANCE_S) {
          faults.push({
            path: at('barriers', b),
            reason: `ring ${r + 1} sums to ${sum} s between barriers but ring 1 sums to ${first} s`,
          });
        }
      });
    });
    plan.rings.forEach((ring, r) => {
      const sum = ring.reduce((total, phase) => total + splitOf(phase), 0);
      if (Math.abs(sum - plan.cycleS) > SUM_TOLERANCE_S) {
        faults.push({ path: at('rings', r), reason: `splits of ring ${r + 1} sum to ${sum} s, not the cycle ${plan.cycleS} s` });
      }
    });
  }
  return faults;
}
