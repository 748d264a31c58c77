/**
 * The simulator's mutable world: intersections, approaches, movements and lanes built from a
 * network, and the vehicles that travel through them. Plain data; the behaviour lives in
 * `traffic.ts` (vehicles) and the controllers (signals).
 */
import { movementLanes, satFlowVphpl } from '../../geo/network/lanes.js';
import type { Network, ResolvedApproach, ResolvedIntersection } from '../../geo/network/load-network.js';
import type { MovementType } from '../../geo/network/network.schema.js';
import type { ApproachDemand } from '../scenarios/demand.js';
import type { PhaseInterval } from './cycle-layout.js';
import type { ChannelTrack, SampleTrack, ZoneOccupancy } from './detector-track.js';
import { randomStream, type RandomStream } from './rng.js';
import { routingTable } from './routing.js';
import { ApproachTruth } from './truth.js';
import type { ModelParameters } from './types.js';

export interface Vehicle {
  lengthM: number;
  lane: LaneState;
  /** Free-flow arrival of the front at the stop line, epoch ms. */
  joinAt: number;
  /** Free-flow stop-line arrival had the vehicle entered the link when it wanted to, epoch ms. */
  intendedJoinAt: number;
  /** Where the vehicle waits, m upstream of the stop line (its place in the queue × jam spacing). */
  stopDistanceM: number;
  /** Whether it is counted in its lane's queue (joined and not crossed at once). */
  queued: boolean;
  crossed: boolean;
  /** Zones whose on or off edge awaits the stop-line crossing. */
  pending: PendingZone[];
  /** Zones far upstream whose edges the queue's creep decides (see `queue-creep.ts`). */
  creep: PendingZone[];
  /** Where the front is while the queue creeps, m upstream of the stop line. */
  creepM: number;
  /** When its last move up ends, epoch ms. */
  creepFreeAt: number;
  /** The movement it will take at the next approach, drawn when it first tries to leave this one. */
  next: MovementState | undefined;
}

export interface PendingZone {
  zone: LaneZone;
  /** Already handed to the track when its start was known at join time. */
  occupancy: ZoneOccupancy | undefined;
  /** The vehicle stood on the zone at the stop line (see `standAtLine` in traffic.ts): it moves off from there. */
  standing?: boolean;
}

/** A detection zone on a lane and the track that turns occupancies into reports. */
export interface LaneZone {
  distanceM: number;
  lengthM: number;
  track: ChannelTrack | SampleTrack;
}

export interface LaneState {
  approach: ApproachState;
  movement: MovementState;
  /** Lane number, 1-based from the median. */
  number: number;
  headwayMs: number;
  storageVeh: number;
  /** FIFO of the vehicles on the link in this lane (entered, not crossed), from `head`. */
  vehicles: Vehicle[];
  head: number;
  /** Vehicles at the front that reached the stop line (free-flow arrival passed), not crossed. */
  joined: number;
  /** Of those, vehicles that had to wait (the queue). */
  queued: number;
  /** Earliest time the next vehicle may cross (saturation headway, start-up lost time). */
  earliestCrossAt: number;
  lastEntryAt: number;
  /** Time of the pending service attempt (Infinity: none) and the token that invalidates stale ones. */
  serveAt: number;
  serveToken: number;
  zones: LaneZone[];
  /** Blocked by an incident. */
  blocked: boolean;
  full: boolean;
  /** Upstream lanes whose head waits for room in this lane. */
  waiters: Set<LaneState>;
}

export interface MovementState {
  type: MovementType;
  phase: number;
  index: number;
  approach: ApproachState;
  lanes: LaneState[];
  /** Share of the approach's arrivals that take this movement. */
  share: number;
  /** Approach of the next intersection, or null when the movement leaves the network. */
  exit: ApproachState | null;
}

/** A vehicle that arrived at the network boundary while its link was full. */
export interface BacklogEntry {
  lengthM: number;
  movement: MovementState;
  wantedAt: number;
}

export interface ApproachState {
  id: string;
  intersection: IntersectionState;
  speedMps: number;
  linkLengthM: number;
  freeTravelMs: number;
  movements: MovementState[];
  lanes: LaneState[];
  demand: ApproachDemand;
  /** Draws the movements of vehicles arriving from upstream. */
  routing: RandomStream;
  /** Draws boundary / mid-block arrivals: times, movements, lengths. */
  arrivals: RandomStream;
  /** Vehicles waiting outside a full link. */
  backlog: BacklogEntry[];
  queued: number;
  fullLanes: number;
  truth: ApproachTruth;
}

export interface IntersectionState {
  id: string;
  /** Position in the network file: the tie-break of event ordering. */
  order: number;
  source: ResolvedIntersection;
  approaches: ApproachState[];
  lanesByPhase: Map<number, LaneState[]>;
  /** The latest interval of each phase that has begun (green start ≤ now). */
  intervals: Map<number, PhaseInterval>;
}

/** Before a phase's first green: red since forever. */
export const NEVER_GREEN: PhaseInterval = { phase: 0, greenStart: -Infinity, yellowStart: -Infinity, redStart: -Infinity, redEnd: -Infinity };

export interface World {
  intersections: IntersectionState[];
  approaches: Map<string, ApproachState>;
  lanes: LaneState[];
}

/**
 * Builds the world of a network: one state per intersection, approach, movement and lane,
 * with movements linked to the approach they lead to. Detector zones are attached by the caller.
 *
 * @example buildWorld(network, demand, params, seed, firstTs).lanes.length // 16 for the two-intersection fixture
 */
export function buildWorld(
  network: Network,
  demand: ReadonlyMap<string, ApproachDemand>,
  params: ModelParameters,
  seed: number,
  firstTs: number,
): World {
  const approaches = new Map<string, ApproachState>();
  const lanes: LaneState[] = [];
  const intersections = network.intersections.map((source, order): IntersectionState => {
    const intersection: IntersectionState = { id: source.id, order, source, approaches: [], lanesByPhase: new Map(), intervals: new Map() };
    for (const phase of source.plan.rings.flat()) intersection.intervals.set(phase, NEVER_GREEN);
    intersection.approaches = source.approaches.map((a) => buildApproach(intersection, a, demand, params, seed, firstTs, lanes));
    for (const approach of intersection.approaches) {
      approaches.set(approach.id, approach);
      for (const lane of approach.lanes) {
        const list = intersection.lanesByPhase.get(lane.movement.phase) ?? [];
        list.push(lane);
        intersection.lanesByPhase.set(lane.movement.phase, list);
      }
    }
    return intersection;
  });
  const routes = routingTable(network);
  for (const approach of approaches.values()) {
    for (const movement of approach.movements) {
      const exitId = routes.get(approach.id)?.get(movement.type);
      movement.exit = exitId ? (approaches.get(exitId) ?? null) : null;
    }
  }
  return { intersections, approaches, lanes };
}

function buildApproach(
  intersection: IntersectionState,
  source: ResolvedApproach,
  demand: ReadonlyMap<string, ApproachDemand>,
  params: ModelParameters,
  seed: number,
  firstTs: number,
  allLanes: LaneState[],
): ApproachState {
  const approachDemand = demand.get(source.id) as ApproachDemand;
  const speedMps = source.speedLimitKmh / 3.6;
  const linkLengthM = source.linkLengthM ?? params.defaultEntryLinkM;
  const approach: ApproachState = {
    id: source.id,
    intersection,
    speedMps,
    linkLengthM,
    freeTravelMs: Math.round((linkLengthM / speedMps) * 1000),
    movements: [],
    lanes: [],
    demand: approachDemand,
    routing: randomStream(seed, `routing:${source.id}`),
    arrivals: randomStream(seed, `arrivals:${source.id}`),
    backlog: [],
    queued: 0,
    fullLanes: 0,
    truth: new ApproachTruth(intersection.id, source.id, source.movements.map((m) => m.type), params.jamSpacingM, firstTs),
  };
  const total = approachDemand.flowVph;
  const byType = new Map(movementLanes(source).map((m) => [m.movement.type, m]));
  approach.movements = source.movements.map((movement, index): MovementState => {
    const state: MovementState = {
      type: movement.type,
      phase: movement.phase,
      index,
      approach,
      lanes: [],
      share: total > 0 ? (approachDemand.movements[index]?.flowVph ?? 0) / total : 1 / source.movements.length,
      exit: null,
    };
    const headwayMs = Math.round(3_600_000 / satFlowVphpl(movement));
    state.lanes = (byType.get(movement.type)?.laneNumbers ?? []).map((number): LaneState => {
      const lane: LaneState = {
        approach,
        movement: state,
        number,
        headwayMs,
        storageVeh: Math.max(1, Math.floor(linkLengthM / params.jamSpacingM)),
        vehicles: [],
        head: 0,
        joined: 0,
        queued: 0,
        earliestCrossAt: -Infinity,
        lastEntryAt: -Infinity,
        serveAt: Infinity,
        serveToken: 0,
        zones: [],
        blocked: false,
        full: false,
        waiters: new Set(),
      };
      allLanes.push(lane);
      return lane;
    });
    return state;
  });
  approach.lanes = approach.movements.flatMap((m) => m.lanes).sort((a, b) => a.number - b.number);
  return approach;
}

/** Vehicles on the link in a lane. */
export function onLink(lane: LaneState): number {
  return lane.vehicles.length - lane.head;
}
