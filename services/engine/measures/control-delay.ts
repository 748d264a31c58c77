/**
 * HCM control delay of a signalised lane group (DESIGN §6 "control delay"):
 * d = d1 · PF + d2.
 * Source: Highway Capacity Manual 2000, Chapter 16 (Eq. 16-9 … 16-12, Exhibit 16-12).
 */

export interface ControlDelayOptions {
  /** Cycle length C, s. */
  cycleS: number;
  /** Analysis period T, h (HCM default 0.25). */
  analysisPeriodH?: number;
  /** Incremental delay factor k: 0.5 for pretimed (HCM); actuated controllers are lower. */
  k?: number;
  /** Upstream filtering/metering factor I: 1.0 for an isolated intersection. */
  upstreamFilteringI?: number;
  /**
   * Proportion of vehicles arriving on green P (0..1), measured by advance detectors.
   * When absent, the progression factor PF is 1 (random arrivals).
   */
  proportionOnGreen?: number;
}

export interface ControlDelay {
  /** Control delay d, s/veh. */
  delayS: number;
  /** Uniform delay d1, s/veh. */
  uniformS: number;
  /** Incremental (random and oversaturation) delay d2, s/veh. */
  incrementalS: number;
  /** Progression adjustment factor PF applied to d1. */
  progressionFactor: number;
  /** Degree of saturation X = v / c. */
  degreeOfSaturation: number;
}

/**
 * Supplemental adjustment factor f_PA for platooned arrivals, by the HCM arrival
 * type that the platoon ratio Rp falls into (HCM 2000 Exhibit 16-11/16-12):
 * Rp ≤ 0.50 → 1.00 (AT 1), ≤ 0.85 → 0.93 (AT 2), ≤ 1.15 → 1.00 (AT 3),
 * ≤ 1.50 → 1.15 (AT 4), else 1.00 (AT 5/6).
 *
 * @example platoonAdjustmentFactor(1.3) // 1.15
 */
export function platoonAdjustmentFactor(platoonRatio: number): number {
  if (platoonRatio <= 0.5) return 1.0;
  if (platoonRatio <= 0.85) return 0.93;
  if (platoonRatio <= 1.15) return 1.0;
  if (platoonRatio <= 1.5) return 1.15;
  return 1.0;
}

/**
 * Progression factor PF = (1 − P) · f_PA / (1 − g/C), with Rp = P / (g/C).
 * (HCM 2000 Eq. 16-10.)
 *
 * @example progressionFactor(0.6, 0.45) // Rp 1.33 → f_PA 1.15 → 0.4 · 1.15 / 0.55 ≈ 0.836
 */
export function progressionFactor(proportionOnGreen: number, greenRatio: number): number {
  const platoonRatio = proportionOnGreen / greenRatio;
  return ((1 - proportionOnGreen) * platoonAdjustmentFactor(platoonRatio)) / (1 - greenRatio);
}

/**
 * HCM control delay.
 *
 * @param flowVph     demand flow v of the lane group, veh/h
 * @param capacityVph capacity c = s · N · g / C, veh/h (must be > 0)
 * @param greenRatio  effective green ratio g / C, in (0, 1)
 * @throws {RangeError} when capacity or the green ratio is out of range.
 * @example
 * // C = 100 s, g = 45 s, c = 1800 · 2 · 0.45 = 1620 veh/h, v = 1200 veh/h
 * controlDelay(1200, 1620, 0.45, { cycleS: 100 }).delayS // ≈ 25.78
 */
export function controlDelay(flowVph: number, capacityVph: number, greenRatio: number, options: ControlDelayOptions): ControlDelay {
  const { cycleS, analysisPeriodH = 0.25, k = 0.5, upstreamFilteringI = 1, proportionOnGreen } = options;
  if (!(capacityVph > 0)) throw new RangeError(`capacity must be positive, got ${capacityVph}`);
  if (!(greenRatio > 0 && greenRatio < 1)) throw new RangeError(`green ratio must be in (0, 1), got ${greenRatio}`);
  if (!(flowVph >= 0)) throw new RangeError(`flow must be non-negative, got ${flowVph}`);
  const x = flowVph / capacityVph;
  // Uniform delay, HCM Eq. 16-11: X is capped at 1 here (the queue beyond capacity is in d2).
  const uniformS = (0.5 * cycleS * (1 - greenRatio) ** 2) / (1 - Math.min(1, x) * greenRatio);
  // Incremental delay, HCM Eq. 16-12.
  const t = analysisPeriodH;
  const incrementalS = 900 * t * (x - 1 + Math.sqrt((x - 1) ** 2 + (8 * k * upstreamFilteringI * x) / (capacityVph * t)));
  const pf = proportionOnGreen === undefined ? 1 : progressionFactor(proportionOnGreen, greenRatio);
  return { delayS: uniformS * pf + incrementalS, uniformS, incrementalS, progressionFactor: pf, degreeOfSaturation: x };
}

/**
 * Capacity of a lane group, c = s · N · g / C (veh/h).
 *
 * @example capacityVph(1800, 2, 45, 100) // 1620
 */
export function capacityVph(satFlowVphpl: number, lanes: number, effectiveGreenS: number, cycleS: number): number {
  return (satFlowVphpl * lanes * effectiveGreenS) / cycleS;
}
