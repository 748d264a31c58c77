/**
 * Lane layout of an approach. Lanes are numbered from the median outwards and
 * each movement owns `lanes` exclusive lanes in the order L, U, T, R.
 */
import type { Approach, Movement, MovementType } from './network.schema.js';

const LANE_ORDER: Record<MovementType, number> = { L: 0, U: 1, T: 2, R: 3 };

/** Default saturation flow per lane (DESIGN §6): 1,800 through, 1,700 turning. */
export const DEFAULT_SAT_FLOW_VPHPL: Record<MovementType, number> = { T: 1800, L: 1700, R: 1700, U: 1700 };

/** A movement with its lane numbers resolved. */
export interface MovementLanes {
  movement: Movement;
  /** Lane numbers (1-based, from the median). */
  laneNumbers: number[];
}

/**
 * The lanes each movement of an approach occupies.
 *
 * @example movementLanes({ movements: [{type:'T',lanes:2,...},{type:'L',lanes:1,...}] })
 * // [{movement: L, laneNumbers: [1]}, {movement: T, laneNumbers: [2, 3]}]
 */
export function movementLanes(approach: Pick<Approach, 'movements'>): MovementLanes[] {
  const ordered = [...approach.movements].sort((a, b) => LANE_ORDER[a.type] - LANE_ORDER[b.type]);
  let next = 1;
  return ordered.map((movement) => {
    const laneNumbers = Array.from({ length: movement.lanes }, (_, i) => next + i);
    next += movement.lanes;
    return { movement, laneNumbers };
  });
}

/**
 * Total lanes of an approach.
 *
 * @example laneCount(approach) // 4
 */
export function laneCount(approach: Pick<Approach, 'movements'>): number {
  return approach.movements.reduce((sum, m) => sum + m.lanes, 0);
}

/**
 * The movement that owns a lane, or undefined when the lane does not exist.
 *
 * @example movementOfLane(approach, 1)?.type // 'L'
 */
export function movementOfLane(approach: Pick<Approach, 'movements'>, lane: number): Movement | undefined {
  return movementLanes(approach).find((m) => m.laneNumbers.includes(lane))?.movement;
}

/**
 * Saturation flow of a movement per lane, with the DESIGN §6 default.
 *
 * @example satFlowVphpl({ type: 'T', phase: 2, lanes: 2 }) // 1800
 */
export function satFlowVphpl(movement: Movement): number {
  return movement.satFlowVphpl ?? DEFAULT_SAT_FLOW_VPHPL[movement.type];
}
