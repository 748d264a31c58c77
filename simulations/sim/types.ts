/**
 * The simulator's public types: what a run is configured with and what it hands back.
 * Times are epoch milliseconds (UTC) everywhere, as in the rest of the product.
 */
import type { Network } from '../../geo/network/load-network.js';
import type { MovementType, TimingPlan } from '../../geo/network/network.schema.js';
import type { ControllerEvent, DetectorSample } from '../../services/contracts/records.js';
import type { DemandOverrides } from '../scenarios/demand.js';
import type { ScenarioName } from '../scenarios/profiles.js';

export type ControllerMode = 'fixed' | 'actuated';

/** A lane blocked (no vehicle can cross its stop line) for a while, e.g. a breakdown or a crash. */
export interface Incident {
  approachId: string;
  /** Lane number (1-based from the median, as in the network file). */
  lane: number;
  startTs: number;
  durationS: number;
}

/**
 * A detector fault:
 * - `stuck-on`: reports occupied for the whole window (a shorted loop);
 * - `dead`: reports nothing in the window (an open loop, a dead camera);
 * - `chatter`: rapid false on/off pulses, about 2 per second, far above the 40 per minute a lane can produce.
 */
export type DetectorFaultKind = 'stuck-on' | 'dead' | 'chatter';

export interface DetectorFault {
  detectorId: string;
  kind: DetectorFaultKind;
  startTs: number;
  durationS: number;
  /**
   * Whether the controller logs the fault: 87 (shorted loop) for stuck-on, 86 (open loop) for
   * dead, 88 (excessive change) for chatter at the start and 83 (restored) at the end.
   * Default false: many field faults go unreported and must be caught by the watchdog.
   */
  reported?: boolean;
}

/** Model parameters; the defaults are the calibrated values documented in `traffic.ts`. */
export interface ModelParameters {
  /** Start-up lost time of a queue at green start, s (HCM l1 ≈ 2). */
  startUpLostTimeS: number;
  /** How far into yellow vehicles keep crossing, s (HCM extension of effective green e ≈ 2). */
  yellowExtensionS: number;
  /** Jam spacing, m per vehicle in a standing queue (DESIGN §6: 7). */
  jamSpacingM: number;
  /** Acceleration from standstill, m/s². */
  accelerationMps2: number;
  /** Length of a boundary approach's link when the network does not give one, m. */
  defaultEntryLinkM: number;
  /** Interval of aggregated samples from count and speed detectors, s. */
  sampleIntervalS: number;
  /** Actuated mode: passage (vehicle extension) time, s. */
  passageTimeS: number;
  /** Pedestrian calls per hour per pedestrian phase at demand level 1 (actuated mode). */
  pedCallsPerHour: number;
}

export interface SimulationOptions {
  /** A loaded network (`loadNetwork` / `readNetworkFile`). */
  network: Network;
  scenario: ScenarioName;
  /** Any integer; the same seed gives the same run. */
  seed: number;
  /** First instant whose events are returned, epoch ms. */
  startTs: number;
  /** Plans to run instead of the network's own, by intersection id (the `TimingPlan` the product stores). */
  plans?: ReadonlyMap<string, TimingPlan>;
  /** Default 'fixed' (pretimed, coordinated); 'actuated' runs free fully-actuated control. */
  controllerMode?: ControllerMode;
  incidents?: readonly Incident[];
  detectorFaults?: readonly DetectorFault[];
  /**
   * AM-peak degree of saturation per approach id and movement type, over the network's built-in
   * hotspots (`scenarios/demand.ts`): to stage congestion, or to load one approach for a check.
   */
  demandOverrides?: DemandOverrides;
  /** Boundary and mid-block arrivals: 'poisson' (default) or 'uniform' (evenly spaced, for model checks). */
  arrivalProcess?: 'poisson' | 'uniform';
  /** Simulated time before `startTs` run silently so queues and platoons are in place (default 600 s). */
  warmUpS?: number;
  model?: Partial<ModelParameters>;
}

/** Per-movement ground truth within a minute. */
export interface MovementTruth {
  type: MovementType;
  arrivals: number;
  departures: number;
  /** Mean control delay of the vehicles that departed, s; null without departures. */
  meanDelayS: number | null;
}

/**
 * Ground truth of one approach over one minute [ts, ts + 60 s).
 * - arrivals: vehicles whose free-flow arrival at the stop line fell in the minute (the instant
 *   ATSPM's adjusted arrival estimates from advance detectors);
 * - departures: stop-line crossings in the minute;
 * - delay: for each departing vehicle, its crossing time minus the time it would have crossed at
 *   free flow had it entered the link when it wanted to (control delay, including any wait to
 *   enter a full link at the network boundary);
 * - queue: vehicles that have reached the stop line (free-flow arrival passed) but not crossed,
 *   summed over lanes, maximum over the minute; metres = the longest lane's queue × jam spacing;
 * - arrivals on green: arrivals between the phase's green start and yellow start (DESIGN §6);
 * - spillback: some lane's queue reached the upstream end of its link at some time in the minute
 *   (the link was full and entries had to wait).
 */
export interface GroundTruthMinute {
  intersectionId: string;
  approachId: string;
  ts: number;
  arrivals: number;
  departures: number;
  /** Sum of the departed vehicles' control delays, s. */
  totalDelayS: number;
  /** totalDelayS / departures; null without departures. */
  meanDelayS: number | null;
  maxQueueVeh: number;
  maxQueueM: number;
  arrivalsOnGreen: number;
  /** arrivalsOnGreen / arrivals; null without arrivals. */
  aogShare: number | null;
  spillback: boolean;
  movements: MovementTruth[];
}

/** What one `advanceTo` returns: everything in [fromTs, toTs). */
export interface SimulationChunk {
  fromTs: number;
  toTs: number;
  /** Controller and detector events, sorted by (ts, intersection in network order, code, param). */
  events: ControllerEvent[];
  /** Aggregated samples of count/speed detectors whose interval ended by toTs, by (ts, detector). */
  samples: DetectorSample[];
  /** Ground truth of the minutes that ended by toTs, by (ts, approach in network order). */
  truth: GroundTruthMinute[];
}

/** Totals of a run so far (every vehicle that crossed a stop line at or after startTs). */
export interface RunTotals {
  fromTs: number;
  toTs: number;
  /** Stop-line crossings (a vehicle crossing three intersections counts three times). */
  departures: number;
  totalDelayS: number;
  /** Network mean control delay per stop-line crossing, s (0 without departures). */
  meanDelayS: number;
  /** Vehicles that arrived at the network boundary or mid-block (whether or not their link had room). */
  vehiclesEntered: number;
}
