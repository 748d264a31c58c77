/**
 * Builds optimiser demand from an intersection's geometry and a flow per movement:
 * the network says which phase, how many lanes and what saturation flow serve each
 * movement; the caller (a measures adapter, a scenario, a test) says how much flows.
 */
import { satFlowVphpl } from '../../../geo/network/lanes.js';
import type { Approach, MovementType } from '../../../geo/network/network.schema.js';
import type { MovementDemand } from './demand.js';

/** Flow of a movement, veh/h; `undefined` leaves the movement out of the demand. */
export type MovementFlowLookup = (approach: Pick<Approach, 'id' | 'roadClass' | 'speedLimitKmh'>, movement: MovementType) => number | undefined;

/**
 * One `MovementDemand` per movement of every approach that `flowOf` knows.
 *
 * @example
 * movementDemands(intersection, (a, m) => flows.get(`${a.id}/${m}`))
 * // [{ approachId: 'TJ01-W', movement: 'L', phase: 5, lanes: 1, satFlowVphpl: 1700, flowVph: 180 }, ...]
 */
export function movementDemands(intersection: { approaches: readonly Approach[] }, flowOf: MovementFlowLookup): MovementDemand[] {
  const demands: MovementDemand[] = [];
  for (const approach of intersection.approaches) {
    for (const movement of approach.movements) {
      const flowVph = flowOf(approach, movement.type);
      if (flowVph === undefined) continue;
      demands.push({
        approachId: approach.id,
        movement: movement.type,
        phase: movement.phase,
        flowVph,
        lanes: movement.lanes,
        satFlowVphpl: satFlowVphpl(movement),
      });
    }
  }
  return demands;
}
