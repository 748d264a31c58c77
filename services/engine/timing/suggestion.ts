/**
 * The timing suggestion: the proposed plan and everything an engineer needs to judge it
 * (DESIGN §1 "timing suggestions with their reasoning and expected effect", §8). Plain
 * JSON-serialisable data: the jobs layer stores it in `timing_suggestions` and the
 * dashboard renders it; flags carry stable codes for translation, never prose.
 */
import type { TimingPlan } from '../../../geo/network/network.schema.js';
import type { ChangeIntervalCheck } from './change-interval.js';
import type { CriticalPath } from './critical-path.js';
import type { MovementDemand } from './demand.js';
import type { MinimumSource } from './phase-minimums.js';
import type { PlanDelay } from './plan-evaluation.js';
import type { ProposalDecision } from './proposal-rule.js';
import type { PhaseSplitChange } from './retime-plan.js';
import type { WebsterCycle } from './webster-cycle.js';

/** Something the engineer should know about a suggestion. */
export type TimingFlag =
  /** Y reached the Webster limit: the cycle is cycleMax and the demand exceeds what signal timing can serve. */
  | { code: 'saturated'; flowRatioSum: number }
  /** Critical X = Y·C/(C − L) > 1 at the proposed cycle: some critical movement will queue over. */
  | { code: 'oversaturated'; criticalDegreeOfSaturation: number }
  /** Webster's cycle was clamped to a bound. */
  | { code: 'cycle-at-limit'; limit: 'cycle-min' | 'cycle-max'; optimumS: number }
  /** The current cycle was kept: the computed one (`websterS`, after any lengthening) differs by less than one rounding step (no churn, offsets stay valid). */
  | { code: 'cycle-kept'; currentS: number; websterS: number }
  /** Coordinated on a corridor: the cycle (and so the offset) is held and only the splits move; `requiredS` is what the intersection would need alone. */
  | { code: 'cycle-held'; currentS: number; requiredS: number }
  /** Minimum greens / pedestrian times did not fit the Webster cycle, which was lengthened. */
  | { code: 'cycle-lengthened-for-minimums'; fromS: number; toS: number; minimumCycleS: number }
  /** Minimums held phases above their share and starved a movement (X > 0.95); the cycle grew while the expected delay fell. */
  | { code: 'cycle-lengthened-for-delay'; fromS: number; toS: number; delayFromS: number; delayToS: number }
  /** The minimums alone need more than cycleMax; the plan exceeds it. */
  | { code: 'minimums-exceed-cycle-max'; minimumCycleS: number; cycleMaxS: number }
  /** The proposed split of this phase is set by its pedestrian walk + clearance. */
  | { code: 'pedestrian-bound'; phase: number; greenS: number }
  /** The current plan gives this phase less than its minimum (e.g. its pedestrian time does not fit). */
  | { code: 'current-below-minimum'; phase: number; splitS: number; minSplitS: number; source: MinimumSource }
  /** Yellow below the ITE kinematic value (kept unless asked to apply). */
  | { code: 'yellow-short'; phase: number; approachId: string; yellowS: number; requiredS: number }
  /** All-red below the ITE kinematic value (kept unless asked to apply). */
  | { code: 'all-red-short'; phase: number; approachId: string; allRedS: number; requiredS: number }
  /** The change interval of this phase was raised to the kinematic value on request. */
  | { code: 'change-interval-applied'; phase: number; yellowS: number; allRedS: number };

export interface CycleReasoning {
  webster: WebsterCycle;
  /** Cycles tried while lengthening for a starved movement, with their expected delays (the first is where it started). */
  tried: { cycleS: number; delayS: number }[];
  /** Shortest cycle fitting every minimum split, s. */
  minimumCycleS: number;
  currentS: number;
  proposedS: number;
}

export interface TimingSuggestion {
  intersectionId: string;
  decision: ProposalDecision;
  /** The demand used (per movement). */
  inputs: { demand: MovementDemand[] };
  criticalPath: CriticalPath;
  cycle: CycleReasoning;
  /** Per phase: flow ratio, split before and after, minimum and what bound it. */
  splits: PhaseSplitChange[];
  /** Expected HCM control delay, intersection and per approach and movement. */
  delay: { current: PlanDelay; proposed: PlanDelay };
  /** Critical X at the current and proposed cycles. */
  criticalDegreeOfSaturation: { current: number; proposed: number };
  changeIntervals: ChangeIntervalCheck[];
  flags: TimingFlag[];
  currentPlan: TimingPlan;
  /** Always a valid plan (passes `checkPlan`); proposed to the engineer only when `decision.propose`. */
  proposedPlan: TimingPlan;
}
