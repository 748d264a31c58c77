/**
 * Webster's optimum cycle, clamped and rounded (DESIGN §8).
 *
 * Source: F. V. Webster, "Traffic Signal Settings", Road Research Technical Paper 39 (1958):
 * C0 = (1.5·L + 5) / (1 − Y).
 * Rounding rule: UP to the next multiple of the step (5 s). Webster showed delay rises
 * steeply below C0 and only slowly above it, so the safe direction to round is up.
 * Order: C0 → round up → clamp to [cycleMin, cycleMax]. When Y reaches `maxFlowRatioSum`
 * (0.95 by default) the formula no longer means anything (C0 → ∞): the cycle is cycleMax
 * and the result says the demand is saturating.
 */

export interface WebsterCycleOptions {
  /** Shortest cycle, s (default 60). */
  cycleMinS?: number;
  /** Longest cycle, s (default 180). */
  cycleMaxS?: number;
  /** Rounding step, s (default 5). */
  roundingStepS?: number;
  /** Y at or above which Webster is not applied and the cycle is cycleMax (default 0.95). */
  maxFlowRatioSum?: number;
}

/** Why the cycle is what it is. */
export type CycleLimit = 'none' | 'cycle-min' | 'cycle-max' | 'saturated';

export interface WebsterCycle {
  /** C0 before rounding and clamping, s; null when Y ≥ maxFlowRatioSum. */
  optimumS: number | null;
  /** C0 rounded up to the step, s (null with C0). */
  roundedS: number | null;
  /** The cycle after clamping, s. */
  cycleS: number;
  limit: CycleLimit;
}

/**
 * @throws {RangeError} for Y < 0, L < 0 or inconsistent bounds.
 * @example
 * // Y = 0.7, L = 12 s: C0 = (1.5·12 + 5) / 0.3 = 76.67 s → 80 s
 * websterCycle(0.7, 12) // { optimumS: 76.67, roundedS: 80, cycleS: 80, limit: 'none' }
 */
export function websterCycle(flowRatioSum: number, lostTimeS: number, options: WebsterCycleOptions = {}): WebsterCycle {
  const { cycleMinS = 60, cycleMaxS = 180, roundingStepS = 5, maxFlowRatioSum = 0.95 } = options;
  if (!(flowRatioSum >= 0)) throw new RangeError(`Y must be ≥ 0, got ${flowRatioSum}`);
  if (!(lostTimeS >= 0)) throw new RangeError(`L must be ≥ 0, got ${lostTimeS}`);
  if (!(cycleMinS > 0 && cycleMaxS >= cycleMinS)) throw new RangeError(`cycle bounds [${cycleMinS}, ${cycleMaxS}] are inconsistent`);
  if (!(roundingStepS > 0)) throw new RangeError(`rounding step must be positive, got ${roundingStepS}`);
  if (flowRatioSum >= maxFlowRatioSum) return { optimumS: null, roundedS: null, cycleS: cycleMaxS, limit: 'saturated' };
  const optimumS = (1.5 * lostTimeS + 5) / (1 - flowRatioSum);
  const roundedS = roundUpToStep(optimumS, roundingStepS);
  if (roundedS < cycleMinS) return { optimumS, roundedS, cycleS: cycleMinS, limit: 'cycle-min' };
  if (roundedS > cycleMaxS) return { optimumS, roundedS, cycleS: cycleMaxS, limit: 'cycle-max' };
  return { optimumS, roundedS, cycleS: roundedS, limit: 'none' };
}

/**
 * Rounds up to a multiple of `stepS`, tolerating floating error just above a multiple.
 *
 * @example roundUpToStep(76.67, 5) // 80
 * @example roundUpToStep(80.0000000001, 5) // 80
 */
export function roundUpToStep(valueS: number, stepS: number): number {
  return Math.ceil(valueS / stepS - 1e-9) * stepS;
}

/**
 * Critical degree of saturation Xc = Y · C / (C − L) (HCM 2000 Eq. 16-14): above 1 the
 * critical movements cannot all be served at this cycle, whatever the splits.
 *
 * @example criticalDegreeOfSaturation(0.7, 12, 80) // 0.8235
 */
export function criticalDegreeOfSaturation(flowRatioSum: number, lostTimeS: number, cycleS: number): number {
  return cycleS > lostTimeS ? (flowRatioSum * cycleS) / (cycleS - lostTimeS) : Infinity;
}
