/**
 * Kinematic change intervals (ITE, "Guidelines for Determining Traffic Signal Change and
 * Clearance Intervals", 2020 — the formula of the ITE Traffic Engineering Handbook):
 *   yellow   Y  = t + v / (2a + 2·G·g)
 *   all-red  AR = (W + L) / v
 * t perception-reaction time (1.0 s), v approach speed (the speed limit, m/s), a comfortable
 * deceleration (3.05 m/s² = 10 ft/s²), G grade (decimal, uphill positive), g = 9.81 m/s²,
 * W the width to clear (stop line to the far side of the last conflicting lane),
 * L the vehicle length (6 m).
 *
 * The network has no measured widths, so W is approximated from lanes: 3.5 m per entry lane
 * of the crossing approaches (both legs of the cross street: entries stand in for the
 * exits on the other side) + 4 m for the crosswalk. A plan's change intervals are CHECKED,
 * not silently changed: Chinese practice fixes yellow at 3 s, and a short interval is
 * reported to the engineer as a flag.
 */
import { arrivalBearingFromSide } from '../../../geo/geometry.js';
import { laneCount } from '../../../geo/network/lanes.js';
import type { Approach, TimingPlan } from '../../../geo/network/network.schema.js';

const GRAVITY_MPS2 = 9.81;

export interface ChangeIntervalOptions {
  /** Perception-reaction time t, s (ITE 1.0). */
  perceptionReactionS?: number;
  /** Deceleration a, m/s² (ITE 3.05). */
  decelerationMps2?: number;
  /** Approach grade, % (uphill positive; default 0). */
  gradePct?: number;
  /** Design vehicle length L, m (default 6). */
  vehicleLengthM?: number;
  /** Lane width used to estimate W, m (default 3.5). */
  laneWidthM?: number;
  /** Crosswalk and setback added to W, m (default 4). */
  crosswalkAllowanceM?: number;
}

/** Required and actual change intervals of one phase. */
export interface ChangeIntervalCheck {
  phase: number;
  /** The approach that needs the longest interval (fastest / widest to clear). */
  approachId: string;
  speedKmh: number;
  widthM: number;
  /** Required yellow, rounded up to 0.1 s. */
  requiredYellowS: number;
  /** Required all-red, rounded up to 0.1 s. */
  requiredAllRedS: number;
  yellowS: number;
  allRedS: number;
  yellowShort: boolean;
  allRedShort: boolean;
}

/**
 * ITE yellow change interval, s.
 *
 * @example kinematicYellowS(50) // 1 + 13.889 / 6.1 = 3.277
 */
export function kinematicYellowS(speedKmh: number, options: ChangeIntervalOptions = {}): number {
  const { perceptionReactionS = 1.0, decelerationMps2 = 3.05, gradePct = 0 } = options;
  const v = speedKmh / 3.6;
  return perceptionReactionS + v / (2 * decelerationMps2 + 2 * (gradePct / 100) * GRAVITY_MPS2);
}

/**
 * ITE red clearance (all-red) interval, s.
 *
 * @example kinematicAllRedS(50, 32) // (32 + 6) / 13.889 = 2.736
 */
export function kinematicAllRedS(speedKmh: number, widthM: number, options: ChangeIntervalOptions = {}): number {
  const { vehicleLengthM = 6 } = options;
  return (widthM + vehicleLengthM) / (speedKmh / 3.6);
}

/**
 * Width a vehicle of `approach` must clear, m: 3.5 m per entry lane of the crossing
 * approaches (axes at least 45° apart) + 4 m. With no crossing approach (a bend), twice the
 * approach's own lanes stand in for the road it enters.
 *
 * @example crossingWidthM(approaches, west) // 3.5 · (4 + 4) + 4 = 32 when N and S have 4 lanes each
 */
export function crossingWidthM(
  approaches: readonly Pick<Approach, 'id' | 'direction' | 'bearingDeg' | 'movements'>[],
  approach: Pick<Approach, 'id' | 'direction' | 'bearingDeg' | 'movements'>,
  options: ChangeIntervalOptions = {},
): number {
  const { laneWidthM = 3.5, crosswalkAllowanceM = 4 } = options;
  const axis = (a: Pick<Approach, 'direction' | 'bearingDeg'>) => (a.bearingDeg ?? arrivalBearingFromSide(a.direction)) % 180;
  const own = axis(approach);
  const crossingLanes = approaches
    .filter((other) => other.id !== approach.id)
    .filter((other) => {
      const d = Math.abs(axis(other) - own);
      return Math.min(d, 180 - d) >= 45;
    })
    .reduce((sum, other) => sum + laneCount(other), 0);
  const lanes = crossingLanes > 0 ? crossingLanes : 2 * laneCount(approach);
  return laneWidthM * lanes + crosswalkAllowanceM;
}

/**
 * Checks every phase's yellow and all-red against the kinematic formula, using the approaches
 * whose movements the phase serves (the most demanding one decides). Phases that serve no
 * approach are not reported.
 *
 * @example checkChangeIntervals(intersection.approaches, intersection.plan).filter((c) => c.yellowShort)
 */
export function checkChangeIntervals(
  approaches: readonly Pick<Approach, 'id' | 'direction' | 'bearingDeg' | 'movements' | 'speedLimitKmh'>[],
  plan: Pick<TimingPlan, 'phases'>,
  options: ChangeIntervalOptions = {},
): ChangeIntervalCheck[] {
  const checks: ChangeIntervalCheck[] = [];
  for (const timing of plan.phases) {
    let worst: Omit<ChangeIntervalCheck, 'yellowS' | 'allRedS' | 'yellowShort' | 'allRedShort'> | undefined;
    for (const approach of approaches) {
      if (!approach.movements.some((m) => m.phase === timing.phase)) continue;
      const widthM = crossingWidthM(approaches, approach, options);
      const requiredYellowS = roundUpTenth(kinematicYellowS(approach.speedLimitKmh, options));
      const requiredAllRedS = roundUpTenth(kinematicAllRedS(approach.speedLimitKmh, widthM, options));
      const candidate = { phase: timing.phase, approachId: approach.id, speedKmh: approach.speedLimitKmh, widthM, requiredYellowS, requiredAllRedS };
      if (!worst) worst = candidate;
      else {
        // Each interval is judged against its own worst case; the approach named is the one needing the longer total.
        const total = requiredYellowS + requiredAllRedS;
        const worstTotal = worst.requiredYellowS + worst.requiredAllRedS;
        worst = {
          ...(total > worstTotal ? candidate : worst),
          requiredYellowS: Math.max(worst.requiredYellowS, requiredYellowS),
          requiredAllRedS: Math.max(worst.requiredAllRedS, requiredAllRedS),
        };
      }
    }
    if (!worst) continue;
    checks.push({
      ...worst,
      yellowS: timing.yellowS,
      allRedS: timing.allRedS,
      yellowShort: timing.yellowS + 1e-9 < worst.requiredYellowS,
      allRedShort: timing.allRedS + 1e-9 < worst.requiredAllRedS,
    });
  }
  return checks;
}

function roundUpTenth(valueS: number): number {
  return Math.ceil(valueS * 10 - 1e-9) / 10;
}
