/**
 * Phase lost time and effective green (DESIGN §6 notation).
 *
 * Source: HCM 2000 Chapter 16 (Eq. 16-1 and the lost-time defaults): the lost time of a
 * phase is tL = l1 + (Y + AR − e), start-up lost time l1 plus the part of the change
 * interval not used by traffic (yellow + all-red minus the extension of effective green e).
 * HCM's defaults l1 = 2 s and e = 2 s give tL = Y + AR — exactly DESIGN §6's default
 * "phase lost time ≈ yellow + all-red", so the effective green equals the displayed green.
 * The engine's degree of saturation and HCM delay use the same default, and the optimiser
 * must not judge plans by a different rule than the engine measures them with.
 */
import type { PhaseTiming } from '../../../geo/network/network.schema.js';

export interface LostTimeOptions {
  /** Start-up lost time l1, s (HCM default 2). */
  startUpLostS?: number;
  /** Extension of effective green into the change interval e, s (HCM default 2). */
  greenExtensionS?: number;
}

/**
 * Lost time of a phase, s: l1 + yellow + all-red − e.
 *
 * @example phaseLostTimeS({ yellowS: 3, allRedS: 2, ... }) // 5 (= 2 + 3 + 2 − 2)
 * @example phaseLostTimeS({ yellowS: 3, allRedS: 2, ... }, { startUpLostS: 3 }) // 6
 */
export function phaseLostTimeS(timing: Pick<PhaseTiming, 'yellowS' | 'allRedS'>, options: LostTimeOptions = {}): number {
  const { startUpLostS = 2, greenExtensionS = 2 } = options;
  return startUpLostS + timing.yellowS + timing.allRedS - greenExtensionS;
}

/**
 * Effective green of a phase, s: split − lost time (= green + yellow + all-red − lost time).
 *
 * @example effectiveGreenS({ splitS: 40, yellowS: 3, allRedS: 2, ... }) // 35
 */
export function effectiveGreenS(timing: Pick<PhaseTiming, 'splitS' | 'yellowS' | 'allRedS'>, options: LostTimeOptions = {}): number {
  return timing.splitS - phaseLostTimeS(timing, options);
}
