/**
 * Level of service of a signalised lane group from its control delay
 * (DESIGN §6 "LOS"; HCM 2000 Exhibit 16-2): A ≤ 10 s, B ≤ 20, C ≤ 35, D ≤ 55,
 * E ≤ 80, F > 80 s/veh; a lane group with X > 1.0 is F whatever its delay.
 */
import type { LevelOfService } from '../../contracts/live.js';

const THRESHOLDS: readonly [number, LevelOfService][] = [
  [10, 'A'],
  [20, 'B'],
  [35, 'C'],
  [55, 'D'],
  [80, 'E'],
];

/**
 * @example levelOfService(25.8, 0.74) // 'C'
 * @example levelOfService(30, 1.05)   // 'F' (over capacity)
 */
export function levelOfService(controlDelayS: number, degreeOfSaturation: number): LevelOfService {
  if (degreeOfSaturation > 1) return 'F';
  for (const [limitS, los] of THRESHOLDS) if (controlDelayS <= limitS) return los;
  return 'F';
}
