/**
 * Lookup tables over a loaded network, built once and shared (read-only) by
 * ingest validation, the engine and the simulator.
 */
import { movementOfLane } from './lanes.js';
import type { Network, ResolvedApproach, ResolvedIntersection } from './load-network.js';
import type { Corridor, Detector, District, Movement } from './network.schema.js';

/** A detector with the approach, intersection and movement it belongs to. */
export interface DetectorRef {
  intersection: ResolvedIntersection;
  approach: ResolvedApproach;
  detector: Detector;
  /** The movement owning the detector's lane (undefined only for a lane outside all movements). */
  movement: Movement | undefined;
}

/** An approach with its intersection. */
export interface ApproachRef {
  intersection: ResolvedIntersection;
  approach: ResolvedApproach;
}

export interface NetworkIndex {
  readonly network: Network;
  readonly intersections: ReadonlyMap<string, ResolvedIntersection>;
  readonly approaches: ReadonlyMap<string, ApproachRef>;
  readonly detectors: ReadonlyMap<string, DetectorRef>;
  readonly corridors: ReadonlyMap<string, Corridor>;
  readonly districts: ReadonlyMap<string, District>;
  /** The detector wired to `channel` of an intersection's controller. */
  detectorByChannel(intersectionId: string, channel: number): DetectorRef | undefined;
}

/**
 * Builds the lookup tables of a network.
 *
 * @example indexNetwork(network).detectorByChannel('TJ-HP-01', 5)?.approach.id
 */
export function indexNetwork(network: Network): NetworkIndex {
  const intersections = new Map<string, ResolvedIntersection>();
  const approaches = new Map<string, ApproachRef>();
  const detectors = new Map<string, DetectorRef>();
  const byChannel = new Map<string, Map<number, DetectorRef>>();
  for (const intersection of network.intersections) {
    intersections.set(intersection.id, intersection);
    const channels = new Map<number, DetectorRef>();
    byChannel.set(intersection.id, channels);
    for (const approach of intersection.approaches) {
      approaches.set(approach.id, { intersection, approach });
      for (const detector of approach.detectors) {
        const ref: DetectorRef = { intersection, approach, detector, movement: movementOfLane(approach, detector.lane) };
        detectors.set(detector.id, ref);
        channels.set(detector.channel, ref);
      }
    }
  }
  return {
    network,
    intersections,
    approaches,
    detectors,
    corridors: new Map(network.corridors.map((c) => [c.id, c])),
    districts: new Map(network.districts.map((d) => [d.id, d])),
    detectorByChannel: (intersectionId, channel) => byChannel.get(intersectionId)?.get(channel),
  };
}
