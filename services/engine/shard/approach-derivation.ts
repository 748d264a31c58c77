/**
 * From additive movement sums over a window to the approach figures the product shows
 * (DESIGN §6): HCM measures per movement, the approach's flow-weighted delay and LOS,
 * its congestion index (≥ 8 while spillback) and level, and the GB/T 33171 link speed.
 * Used for the minute rows and for the live state alike, so both say the same thing.
 */
import type { DegradedReason, MovementState } from '../../contracts/live.js';
import type { MovementSums } from '../../contracts/measures.js';
import { approachCongestionIndex, congestionLevel } from '../measures/congestion-index.js';
import { linkTravelSpeedKmh } from '../measures/link-state.js';
import { approachMeasures, movementMeasures, type ApproachMeasures, type MovementMeasureOptions } from '../measures/movement-measures.js';
import type { Breakpoints } from '../measures/piecewise-linear.js';
import type { IntersectionLayout } from './intersection-layout.js';
import { DEGRADED_DETECTOR_FAULT, DEGRADED_MISSING_PHASE_EVENTS } from './minute-bins.js';

export interface DerivationOptions {
  k?: number;
  analysisPeriodH?: number;
  jamSpacingM?: number;
  delayBreakpoints?: Breakpoints;
}

export interface DerivedApproach extends ApproachMeasures {
  approachId: string;
  movements: MovementState[];
  spillback: boolean;
  congestionIndex: number;
  level: ReturnType<typeof congestionLevel>;
  linkSpeedKmh: number | null;
  degraded: DegradedReason[];
}

/**
 * @param sumsOf      the window's sums of a movement (by movement index)
 * @param windowS     the window's length, s
 * @param spillback   whether spillback is active on the approach
 * @param degradedBits DEGRADED_* bits seen in the window
 * @example deriveApproach(layout, 0, (m) => bins.windowSums(a, b, m), 300, false, 0)
 */
export function deriveApproach(
  layout: IntersectionLayout,
  approachIndex: number,
  sumsOf: (movementIndex: number) => MovementSums,
  windowS: number,
  spillback: boolean,
  degradedBits: number,
  options: DerivationOptions = {},
): DerivedApproach {
  const approach = layout.approaches[approachIndex];
  if (!approach) throw new RangeError(`no approach ${approachIndex} at ${layout.intersectionId}`);
  const movements = approach.movementIndexes.map((index) => {
    const movement = layout.movements[index];
    if (!movement) throw new RangeError(`no movement ${index}`);
    return { movement, sums: sumsOf(index) };
  });
  // Arrivals on green of the approach's measured movements, per phase: lanes without an
  // advance detector of their own travel in the same platoons as those beside them.
  const phaseArrivals = new Map<number, { onGreen: number; all: number }>();
  for (const { movement, sums } of movements) {
    if (movement.advanceLanes === 0) continue;
    const pooled = phaseArrivals.get(movement.phase) ?? { onGreen: 0, all: 0 };
    pooled.onGreen += sums.arrivalsOnGreen;
    pooled.all += sums.arrivals;
    phaseArrivals.set(movement.phase, pooled);
  }
  const baseOptions: MovementMeasureOptions = { fallbackCycleS: layout.cycleS, k: options.k, analysisPeriodH: options.analysisPeriodH, jamSpacingM: options.jamSpacingM };
  const parts = movements.map(({ movement, sums }) => {
    const sibling = movement.advanceLanes === 0 ? phaseArrivals.get(movement.phase) : undefined;
    const movementOptions = sibling && sibling.all > 0 ? { ...baseOptions, siblingProportionOnGreen: sibling.onGreen / sibling.all } : baseOptions;
    const measures = movementMeasures(sums, { lanes: movement.lanes, satFlowVphpl: movement.satFlowVphpl, hasAdvance: movement.advanceLanes > 0 }, windowS, movementOptions);
    return { movement, sums, measures };
  });
  const combined = approachMeasures(parts);
  const congestionIndex = approachCongestionIndex(combined.controlDelayS, {
    spillback,
    ...(options.delayBreakpoints ? { breakpoints: options.delayBreakpoints } : {}),
  });
  const degraded: DegradedReason[] = [...approach.staticDegraded];
  if (degradedBits & DEGRADED_DETECTOR_FAULT) degraded.push('detector-fault');
  if (degradedBits & DEGRADED_MISSING_PHASE_EVENTS) degraded.push('missing-phase-events');
  return {
    ...combined,
    approachId: approach.id,
    movements: parts.map(({ movement, measures }) => ({
      type: movement.type,
      phase: movement.phase,
      lanes: movement.lanes,
      flowVph: measures.flowVph,
      greenRatio: measures.greenRatio,
      capacityVph: measures.capacityVph,
      vc: measures.vc,
      controlDelayS: measures.controlDelayS,
      los: measures.los,
      aogPct: measures.aogPct,
      queueVeh: measures.queueVeh,
      queueM: measures.queueM,
    })),
    spillback,
    congestionIndex,
    level: congestionLevel(congestionIndex),
    linkSpeedKmh:
      approach.linkLengthM === undefined ? null : linkTravelSpeedKmh(approach.linkLengthM, approach.speedLimitKmh, combined.controlDelayS ?? 0),
    degraded,
  };
}

/**
 * Split failures of an approach: each of its phases counted once, whatever the number of
 * movements the phase serves.
 *
 * @example approachSplitFailures(layout, 0, (m) => sums[m].splitFailures) // 2
 */
export function approachSplitFailures(layout: IntersectionLayout, approachIndex: number, failuresOf: (movementIndex: number) => number): number {
  const seen = new Set<number>();
  let total = 0;
  for (const index of layout.approaches[approachIndex]?.movementIndexes ?? []) {
    const movement = layout.movements[index];
    if (!movement || seen.has(movement.phase)) continue;
    seen.add(movement.phase);
    total += failuresOf(index);
  }
  return total;
}
