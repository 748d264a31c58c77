/**
 * A corridor of the network as the band sees it: each intersection's distance from the
 * first along the main direction and the through phases serving each direction.
 *
 * Main direction at intersection i > 0: the approach whose upstream intersection is i − 1;
 * at the first, the approach whose arrival bearing is closest to the bearing from the first
 * intersection to the second. The opposite direction mirrors this from the other end.
 * Distances add link lengths (`linkLengthM`, resolved on load) and fall back to the
 * great-circle distance between the intersections.
 */
import { bearingDeg, bearingDifferenceDeg, distanceM } from '../../../../geo/geometry.js';
import type { NetworkFault } from '../../../../geo/network/fault.js';
import type { ResolvedApproach, ResolvedIntersection } from '../../../../geo/network/load-network.js';
import type { Corridor } from '../../../../geo/network/network.schema.js';

/** An approach closer than this to the corridor's bearing counts as travelling along it, degrees. */
const ALONG_TOLERANCE_DEG = 60;

export interface CorridorStop {
  intersection: ResolvedIntersection;
  /** From the first intersection along the main direction, m. */
  distanceM: number;
  outbound: { approachId: string; phase: number };
  /** Absent when no approach carries through traffic in the opposite direction. */
  inbound?: { approachId: string; phase: number };
}

export type CorridorGeometryResult = { ok: true; stops: CorridorStop[] } | { ok: false; faults: NetworkFault[] };

/**
 * @example corridorGeometry(corridor, index.intersections) // { ok: true, stops: [{ distanceM: 0, outbound: { phase: 2 } ... }] }
 */
export function corridorGeometry(corridor: Corridor, intersections: ReadonlyMap<string, ResolvedIntersection>): CorridorGeometryResult {
  const faults: NetworkFault[] = [];
  const nodes = corridor.intersections.map((id, i) => {
    const intersection = intersections.get(id);
    if (!intersection) faults.push({ path: `corridors.${corridor.id}.intersections[${i}]`, reason: `unknown intersection ${id}` });
    return intersection;
  });
  if (faults.length > 0 || nodes.length < 2) return { ok: false, faults };
  const stopsList = nodes as ResolvedIntersection[];
  const position = (x: ResolvedIntersection): [number, number] => [x.lon, x.lat];

  const stops: CorridorStop[] = [];
  let runningM = 0;
  stopsList.forEach((intersection, i) => {
    const previous = stopsList[i - 1];
    const next = stopsList[i + 1];
    const outApproach = previous
      ? intersection.approaches.find((a) => a.upstreamIntersection === previous.id)
      : alongApproach(intersection, bearingDeg(position(intersection), position(next as ResolvedIntersection)));
    const inApproach = next
      ? intersection.approaches.find((a) => a.upstreamIntersection === next.id)
      : alongApproach(intersection, bearingDeg(position(intersection), position(previous as ResolvedIntersection)));
    if (previous) runningM += outApproach?.linkLengthM ?? distanceM(position(previous), position(intersection));
    const outPhase = throughPhase(outApproach);
    if (!outApproach || outPhase === undefined) {
      faults.push({ path: `corridors.${corridor.id}.intersections[${i}]`, reason: `no through movement in the main direction at ${intersection.id}` });
      return;
    }
    const inPhase = throughPhase(inApproach);
    stops.push({
      intersection,
      distanceM: runningM,
      outbound: { approachId: outApproach.id, phase: outPhase },
      ...(inApproach && inPhase !== undefined ? { inbound: { approachId: inApproach.id, phase: inPhase } } : {}),
    });
  });
  return faults.length > 0 ? { ok: false, faults } : { ok: true, stops };
}

/** The approach whose vehicles travel closest to `travelBearingDeg` (within the tolerance). */
function alongApproach(intersection: ResolvedIntersection, travelBearingDeg: number): ResolvedApproach | undefined {
  let best: { approach: ResolvedApproach; diff: number } | undefined;
  for (const approach of intersection.approaches) {
    const diff = bearingDifferenceDeg(approach.bearingDeg, travelBearingDeg);
    if (diff <= ALONG_TOLERANCE_DEG && (!best || diff < best.diff)) best = { approach, diff };
  }
  return best?.approach;
}

function throughPhase(approach: ResolvedApproach | undefined): number | undefined {
  return approach?.movements.find((m) => m.type === 'T')?.phase;
}
