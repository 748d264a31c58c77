/**
 * Critical flow ratios through a NEMA ring-barrier (DESIGN §8; HCM 2000 Chapter 16,
 * "critical lane groups", Appendix A for dual-ring phasing).
 *
 * A phase's flow ratio is the largest y = v / (s·N) of the movements it serves (its lane
 * groups run side by side, so the busiest one needs the green). Between two barriers every
 * ring runs the same time, so the critical ring of a barrier group is the one whose phases
 * need the most: the larger sum of flow ratios; on a tie, the larger lost time (it needs
 * more of the cycle), then the lower ring. Y and L sum the critical rings over the groups.
 */
import { barrierGroups } from '../../../geo/network/plan-rules.js';
import type { TimingPlan } from '../../../geo/network/network.schema.js';
import { flowRatio, TimingInputError, type MovementDemand } from './demand.js';
import { phaseLostTimeS, type LostTimeOptions } from './lost-time.js';

/** A phase's flow ratio and the movement that sets it. */
export interface PhaseFlowRatio {
  phase: number;
  /** Largest y of the movements the phase serves; 0 when none has demand. */
  flowRatio: number;
  /** The movement with that y (absent when the phase serves no demand). */
  critical?: { approachId: string; movement: MovementDemand['movement'] };
}

/** One ring between two barriers. */
export interface RingSegment {
  /** Ring index, 0-based (`plan.rings[ring]`). */
  ring: number;
  phases: number[];
  flowRatioSum: number;
  lostTimeS: number;
}

/** One barrier group: what each ring needs and which ring is critical. */
export interface BarrierGroupPath {
  /** Barrier index, 0-based: the group ends at `plan.barriers[barrier]`. */
  barrier: number;
  rings: RingSegment[];
  criticalRing: number;
  criticalPhases: number[];
  /** Sum of the critical ring's flow ratios. */
  flowRatio: number;
  /** Lost time of the critical ring's phases, s. */
  lostTimeS: number;
}

export interface CriticalPath {
  phases: PhaseFlowRatio[];
  groups: BarrierGroupPath[];
  /** Y: sum of critical flow ratios over the barrier groups. */
  flowRatioSum: number;
  /** L: lost time of the critical phases per cycle, s. */
  lostTimeS: number;
}

/**
 * Flow ratio of every phase of the plan from the demand.
 *
 * @example phaseFlowRatios(plan, demands).find((p) => p.phase === 2) // { phase: 2, flowRatio: 0.31, critical: { approachId: 'A-W', movement: 'T' } }
 */
export function phaseFlowRatios(plan: Pick<TimingPlan, 'phases'>, demands: readonly MovementDemand[]): PhaseFlowRatio[] {
  return plan.phases.map((timing) => {
    let best: PhaseFlowRatio = { phase: timing.phase, flowRatio: 0 };
    for (const demand of demands) {
      if (demand.phase !== timing.phase) continue;
      const y = flowRatio(demand);
      if (y > best.flowRatio) best = { phase: timing.phase, flowRatio: y, critical: { approachId: demand.approachId, movement: demand.movement } };
    }
    return best;
  });
}

/**
 * The critical path of a plan's ring-barrier structure for a demand.
 *
 * @throws {TimingInputError} when the plan's barriers do not partition its rings.
 * @example
 * // two-phase single ring, y2 = 0.4, y4 = 0.3, yellow 4 + all-red 2 each
 * criticalPath(plan, demands) // { flowRatioSum: 0.7, lostTimeS: 12, groups: [...] }
 */
export function criticalPath(plan: TimingPlan, demands: readonly MovementDemand[], options: LostTimeOptions = {}): CriticalPath {
  const groups = barrierGroups(plan);
  if (!groups) throw new TimingInputError([{ path: 'plan.barriers', reason: 'barriers do not partition the rings' }]);
  const phases = phaseFlowRatios(plan, demands);
  const yOf = new Map(phases.map((p) => [p.phase, p.flowRatio]));
  const timingOf = new Map(plan.phases.map((t) => [t.phase, t]));
  const lostOf = (phase: number) => {
    const timing = timingOf.get(phase);
    if (!timing) throw new TimingInputError([{ path: 'plan.phases', reason: `phase ${phase} has no timing` }]);
    return phaseLostTimeS(timing, options);
  };

  const paths = groups.map((rings, barrier): BarrierGroupPath => {
    const segments = rings.map(
      (ringPhases, ring): RingSegment => ({
        ring,
        phases: ringPhases,
        flowRatioSum: ringPhases.reduce((sum, p) => sum + (yOf.get(p) ?? 0), 0),
        lostTimeS: ringPhases.reduce((sum, p) => sum + lostOf(p), 0),
      }),
    );
    let critical = segments[0] as RingSegment;
    for (const segment of segments.slice(1)) {
      const more = segment.flowRatioSum > critical.flowRatioSum + 1e-12;
      const tie = Math.abs(segment.flowRatioSum - critical.flowRatioSum) <= 1e-12;
      if (more || (tie && segment.lostTimeS > critical.lostTimeS)) critical = segment;
    }
    return {
      barrier,
      rings: segments,
      criticalRing: critical.ring,
      criticalPhases: critical.phases,
      flowRatio: critical.flowRatioSum,
      lostTimeS: critical.lostTimeS,
    };
  });
  return {
    phases,
    groups: paths,
    flowRatioSum: paths.reduce((sum, g) => sum + g.flowRatio, 0),
    lostTimeS: paths.reduce((sum, g) => sum + g.lostTimeS, 0),
  };
}
