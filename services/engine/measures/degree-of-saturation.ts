/**
 * Degree of saturation (饱和度, DESIGN §6): X = v / c with c = s · N · g / C.
 */
import { capacityVph } from './control-delay.js';

export interface SaturationInput {
  flowVph: number;
  /** Saturation flow per lane, veh/h/lane. */
  satFlowVphpl: number;
  lanes: number;
  /** Effective green per cycle, s. */
  effectiveGreenS: number;
  cycleS: number;
}

/**
 * X = v / (s · N · g / C); null when the movement got no green (capacity 0).
 *
 * @example degreeOfSaturation({ flowVph: 1200, satFlowVphpl: 1800, lanes: 2, effectiveGreenS: 45, cycleS: 100 }) // 0.7407
 */
export function degreeOfSaturation(input: SaturationInput): number | null {
  const c = capacityVph(input.satFlowVphpl, input.lanes, input.effectiveGreenS, input.cycleS);
  return c > 0 ? input.flowVph / c : null;
}
