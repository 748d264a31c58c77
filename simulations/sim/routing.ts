/**
 * Where each movement leads: the approach of a neighbouring intersection that a movement's
 * vehicles enter next, or nowhere (they leave the network). Traffic keeps to the right
 * (China): a left turn heads 90° anticlockwise of the arrival bearing, a right turn 90° clockwise.
 */
import { bearingDifferenceDeg } from '../../geo/geometry.js';
import type { Network, ResolvedApproach, ResolvedIntersection } from '../../geo/network/load-network.js';
import type { MovementType } from '../../geo/network/network.schema.js';

/** Heading change of each movement, degrees clockwise. */
export const TURN_DEG: Record<MovementType, number> = { T: 0, R: 90, L: -90, U: 180 };

/** How far (degrees) a leg or a downstream approach may deviate from the movement's exit direction. */
const MAX_LEG_MISMATCH_DEG = 60;
const MAX_EXIT_MISMATCH_DEG = 50;

function closest<T>(items: readonly T[], bearing: (item: T) => number, target: number, limitDeg: number): T | undefined {
  let best: T | undefined;
  let bestMismatch = limitDeg;
  for (const item of items) {
    const mismatch = bearingDifferenceDeg(bearing(item), target);
    if (mismatch <= bestMismatch) {
      best = item;
      bestMismatch = mismatch;
    }
  }
  return best;
}

/**
 * The approach that `movement` of `approach` at `intersection` feeds, if the network has one.
 * The movement leaves by the intersection's leg on its exit side (the approach whose arriving
 * traffic travels opposite to the exit heading); that leg's upstream intersection, if any, is
 * where the vehicles go next, on its approach coming from here. An intersection without a leg
 * on the exit side (a T-junction's missing arm) falls back to any neighbour's approach from
 * here heading the exit way.
 *
 * @example downstreamApproach(network, a, a.approaches[0], 'T')?.id // 'B-W'
 */
export function downstreamApproach(
  network: Network,
  intersection: ResolvedIntersection,
  approach: ResolvedApproach,
  movement: MovementType,
): ResolvedApproach | undefined {
  const exitBearing = (approach.bearingDeg + TURN_DEG[movement] + 360) % 360;
  const fromHere = network.intersections
    .filter((other) => other.id !== intersection.id)
    .flatMap((other) => other.approaches.filter((a) => a.upstreamIntersection === intersection.id));
  const leg = closest(intersection.approaches, (a) => a.bearingDeg, (exitBearing + 180) % 360, MAX_LEG_MISMATCH_DEG);
  if (leg) {
    if (leg.upstreamIntersection === undefined) return undefined;
    const next = network.intersections.find((i) => i.id === leg.upstreamIntersection);
    const candidates = next?.approaches.filter((a) => a.upstreamIntersection === intersection.id) ?? [];
    return closest(candidates, (a) => a.bearingDeg, exitBearing, 180);
  }
  return closest(fromHere, (a) => a.bearingDeg, exitBearing, MAX_EXIT_MISMATCH_DEG);
}

/**
 * For every approach, the downstream approach id of each of its movements (null: leaves the network).
 *
 * @example routingTable(network).get('A-W')?.get('T') // 'B-W'
 */
export function routingTable(network: Network): Map<string, Map<MovementType, string | null>> {
  const table = new Map<string, Map<MovementType, string | null>>();
  for (const intersection of network.intersections) {
    for (const approach of intersection.approaches) {
      const exits = new Map<MovementType, string | null>();
      for (const movement of approach.movements) {
        exits.set(movement.type, downstreamApproach(network, intersection, approach, movement.type)?.id ?? null);
      }
      table.set(approach.id, exits);
    }
  }
  return table;
}
