/**
 * Measures of a movement (an HCM lane group) and of an approach over a window, derived
 * from additive sums (DESIGN §6): flow, effective green ratio, capacity c = s · N · g / C,
 * degree of saturation X = v / c, HCM control delay with P = %AoG when the movement has
 * advance detectors, LOS, mean queue at green start, %AoG, ATSPM delay. An approach's
 * delay is the flow-weighted mean of its movements' delays (HCM approach delay).
 */
import type { LevelOfService } from '../../contracts/live.js';
import { controlDelay } from './control-delay.js';
import { levelOfService } from './level-of-service.js';
import type { MovementSums } from './movement-sums.js';
import { queueLengthM } from './queue.js';

export interface MovementGeometry {
  lanes: number;
  satFlowVphpl: number;
  /** At least one lane of the movement has an advance detector (P is measured). */
  hasAdvance: boolean;
}

export interface MovementMeasureOptions {
  /** Cycle length to use when no cycle ended in the window (the plan's), s. */
  fallbackCycleS: number;
  /** HCM incremental delay factor (0.5 pretimed). */
  k?: number;
  /** HCM analysis period, h (0.25). */
  analysisPeriodH?: number;
  jamSpacingM?: number;
  /**
   * P for a movement without advance detectors of its own, from the movements of the same
   * approach and phase that have them (the lanes share the platoon). Used for the delay only;
   * the movement's own %AoG stays unknown.
   */
  siblingProportionOnGreen?: number;
}

export interface MovementMeasures {
  flowVph: number;
  /** Mean cycle length, s. */
  cycleS: number;
  /** Effective green ratio g / C, or null when the phase showed no green. */
  greenRatio: number | null;
  capacityVph: number | null;
  /** X = v / c. */
  vc: number | null;
  /** HCM control delay, s/veh; null without green. */
  controlDelayS: number | null;
  los: LevelOfService | null;
  aogPct: number | null;
  platoonRatio: number | null;
  /** Mean queue at green start, veh, and its length, m. */
  queueVeh: number;
  queueM: number;
  /** ATSPM approach delay per arriving vehicle, s. */
  atspmDelayS: number | null;
}

/** The greatest g/C the HCM formulas accept (a phase green for the whole window). */
const MAX_GREEN_RATIO = 0.99;

/**
 * g / C over a window: from the cycles that ended in it when there are any (exact per
 * cycle), else the share of the window the phase was green.
 *
 * @example greenRatio({ cycles: 2, cycleS: 280, cycleEffectiveGreenS: 112, greenS: 0 } as MovementSums, 300) // 0.4
 */
export function greenRatio(sums: Pick<MovementSums, 'cycles' | 'cycleS' | 'cycleEffectiveGreenS' | 'greenS'>, windowS: number): number | null {
  const ratio = sums.cycles > 0 && sums.cycleS > 0 ? sums.cycleEffectiveGreenS / sums.cycleS : windowS > 0 ? sums.greenS / windowS : 0;
  if (!(ratio > 0)) return null;
  return Math.min(MAX_GREEN_RATIO, ratio);
}

/**
 * @param sums     the movement's additive record over the window
 * @param windowS  window length, s
 * @example
 * // 5 min: 100 veh → 1200 veh/h; 2 cycles of 150 s with 67.5 s effective green → g/C 0.45;
 * // 2 lanes at 1800 → c = 1620 veh/h, X = 0.7407; 60 of 80 arrivals on green → P 0.75
 * movementMeasures(sums, { lanes: 2, satFlowVphpl: 1800, hasAdvance: true }, 300, { fallbackCycleS: 150 })
 */
export function movementMeasures(sums: MovementSums, geometry: MovementGeometry, windowS: number, options: MovementMeasureOptions): MovementMeasures {
  const { fallbackCycleS, k = 0.5, analysisPeriodH = 0.25, jamSpacingM = 7, siblingProportionOnGreen } = options;
  const flowVph = windowS > 0 ? (sums.volumeVeh * 3600) / windowS : 0;
  const cycleS = sums.cycles > 0 && sums.cycleS > 0 ? sums.cycleS / sums.cycles : fallbackCycleS;
  const gC = greenRatio(sums, windowS);
  const aogShare = geometry.hasAdvance && sums.arrivals > 0 ? sums.arrivalsOnGreen / sums.arrivals : null;
  const queueVeh = sums.cycles > 0 ? sums.queueVehSum / sums.cycles : 0;
  // Built field by field: this runs for every movement at every minute close of every shard.
  const result: MovementMeasures = {
    flowVph,
    cycleS,
    greenRatio: gC,
    capacityVph: null,
    vc: null,
    controlDelayS: null,
    los: null,
    aogPct: aogShare === null ? null : aogShare * 100,
    platoonRatio: aogShare === null || gC === null ? null : aogShare / gC,
    queueVeh,
    queueM: queueLengthM(queueVeh, geometry.lanes, { jamSpacingM }),
    atspmDelayS: sums.arrivals > 0 ? sums.redArrivalWaitS / sums.arrivals : null,
  };
  if (gC === null) return result;
  const capacity = geometry.satFlowVphpl * geometry.lanes * gC;
  const p = aogShare ?? siblingProportionOnGreen;
  const delay = controlDelay(flowVph, capacity, gC, { cycleS, k, analysisPeriodH, proportionOnGreen: p });
  result.capacityVph = capacity;
  result.vc = delay.degreeOfSaturation;
  result.controlDelayS = delay.delayS;
  result.los = levelOfService(delay.delayS, delay.degreeOfSaturation);
  return result;
}

export interface ApproachMeasures {
  flowVph: number;
  /** The highest X of the approach's lane groups (its critical movement). */
  vc: number | null;
  /** Flow-weighted mean of the movements' control delays; null when no vehicle was counted. */
  controlDelayS: number | null;
  /** By delay, and F when a lane group is over capacity (DESIGN §6 LOS). */
  los: LevelOfService | null;
  aogPct: number | null;
  queueVeh: number;
  /** The longest lane group's queue, m. */
  queueM: number;
  atspmDelayS: number | null;
}

/**
 * Combines an approach's movements (each with its sums and measures).
 *
 * @example
 * approachMeasures([{ sums: t, measures: tm }, { sums: l, measures: lm }])
 * // delay = (v_T · d_T + v_L · d_L) / (v_T + v_L)
 */
export function approachMeasures(movements: readonly { sums: MovementSums; measures: MovementMeasures }[]): ApproachMeasures {
  let flow = 0;
  let weightedDelay = 0;
  let delayFlow = 0;
  let vc: number | null = null;
  let arrivals = 0;
  let onGreen = 0;
  let measuredArrivals = 0;
  let queueVeh = 0;
  let queueM = 0;
  let redWaitS = 0;
  let allArrivals = 0;
  for (const { sums, measures } of movements) {
    flow += measures.flowVph;
    if (measures.controlDelayS !== null && measures.flowVph > 0) {
      weightedDelay += measures.controlDelayS * measures.flowVph;
      delayFlow += measures.flowVph;
    }
    if (measures.vc !== null) vc = Math.max(vc ?? 0, measures.vc);
    if (measures.aogPct !== null) {
      arrivals += sums.arrivals;
      onGreen += sums.arrivalsOnGreen;
      measuredArrivals++;
    }
    queueVeh += measures.queueVeh;
    queueM = Math.max(queueM, measures.queueM);
    redWaitS += sums.redArrivalWaitS;
    allArrivals += sums.arrivals;
  }
  const controlDelayS = delayFlow > 0 ? weightedDelay / delayFlow : null;
  return {
    flowVph: flow,
    vc,
    controlDelayS,
    los: controlDelayS === null ? null : levelOfService(controlDelayS, vc ?? 0),
    aogPct: measuredArrivals > 0 && arrivals > 0 ? (100 * onGreen) / arrivals : null,
    queueVeh,
    queueM,
    atspmDelayS: allArrivals > 0 ? redWaitS / allArrivals : null,
  };
}
