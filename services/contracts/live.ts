/**
 * The live picture the engine computes and the realtime layer pushes
 * (DESIGN §6, §10): approach and intersection state, area indices, per-cycle
 * measures, alerts, and the socket.io event maps on `/live`.
 * Every message carries `sourceTs`: the time (epoch ms) of the newest detector
 * or controller event it reflects, so clients show its age and latency is measurable.
 */

/** The five levels of GB/T 33171-2016, for both indices (DESIGN §6 "level"). */
export const CONGESTION_LEVELS = ['smooth', 'mostly-smooth', 'light', 'moderate', 'severe'] as const;
/** 畅通 · 基本畅通 · 轻度拥堵 · 中度拥堵 · 严重拥堵 */
export type CongestionLevel = (typeof CONGESTION_LEVELS)[number];

export type LevelOfService = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** Why a measure is less trustworthy than usual. */
export type DegradedReason = 'detector-fault' | 'no-advance-detector' | 'no-stopbar-detector' | 'missing-phase-events' | 'controller-silent';

export interface ApproachState {
  approachId: string;
  intersectionId: string;
  sourceTs: number;
  /** Vehicles per hour over the rolling 5-minute window. */
  flowVph: number;
  /** Degree of saturation v/c; null when no green was observed. */
  vc: number | null;
  /** HCM control delay, s/veh. */
  controlDelayS: number | null;
  los: LevelOfService | null;
  queueVeh: number;
  queueM: number;
  /** Arrivals on green, percent; null without advance detectors. */
  aogPct: number | null;
  /** Split failures among the cycles of the rolling window. */
  splitFailures: number;
  cycles: number;
  spillback: boolean;
  /** 0–10 (DESIGN §6). */
  congestionIndex: number;
  level: CongestionLevel;
  /** Link travel speed by the GB/T 33171 method, km/h; null when the link length is unknown. */
  linkSpeedKmh: number | null;
  degraded: DegradedReason[];
  /** ATSPM approach delay (red arrivals' wait for green ÷ all arrivals), s/veh — a lower bound, not HCM delay. */
  atspmDelayS?: number | null;
  /** Per lane group (movement) detail behind the approach figures. */
  movements?: MovementState[];
}

/** One movement (HCM lane group) of an approach over the rolling window (DESIGN §6). */
export interface MovementState {
  type: 'L' | 'T' | 'R' | 'U';
  phase: number;
  lanes: number;
  flowVph: number;
  /** Effective green ratio g / C. */
  greenRatio: number | null;
  capacityVph: number | null;
  vc: number | null;
  controlDelayS: number | null;
  los: LevelOfService | null;
  aogPct: number | null;
  queueVeh: number;
  queueM: number;
}

export interface IntersectionState {
  intersectionId: string;
  sourceTs: number;
  congestionIndex: number;
  level: CongestionLevel;
  /** Total approach flow, veh/h. */
  flowVph: number;
  /** Phases currently green (live ring-barrier display). */
  greenPhases: number[];
  /** Id of the plan the controller runs (from the store). */
  planId: string;
  cycleS: number;
  /** No event for more than 2 minutes. */
  silent: boolean;
  /** Controller in flash, or power failure. */
  controllerFault: 'flash' | 'power-failure' | null;
  approaches: ApproachState[];
  /** Flow-weighted mean control delay of the approaches, s/veh. */
  controlDelayS?: number | null;
  /** Faulty detectors excluded from the measures (DESIGN §7). */
  faultyDetectors?: string[];
}

/** City, district or corridor index (GB/T 33171 network index; corridor: travel-time index too). */
export interface AreaState {
  /** `city`, `district:<id>`, `corridor:<id>`. */
  scope: string;
  sourceTs: number;
  congestionIndex: number;
  level: CongestionLevel;
  /** Share of VKT on severely congested links, percent (the GB/T 33171 input). */
  severeSharePct: number;
  /** Corridors only: actual ÷ free-flow travel time. */
  travelTimeIndex?: number;
}

export type GreenTermination = 'gap-out' | 'max-out' | 'force-off' | 'unknown';

/** Per phase per cycle (DESIGN §6): for the Purdue Coordination Diagram and split monitor. */
export interface CycleMeasures {
  intersectionId: string;
  phase: number;
  /** Red-to-red cycle start (end of yellow of the previous cycle), epoch ms. */
  cycleStart: number;
  greenStart: number;
  yellowStart: number;
  /** End of yellow: red starts (and the next cycle). */
  redStart: number;
  greenS: number;
  yellowS: number;
  redS: number;
  termination: GreenTermination;
  /** Vehicles counted at the phase's detectors. */
  volume: number;
  arrivalsOnGreen: number;
  arrivalsOnRed: number;
  arrivalsOnYellow: number;
  aogPct: number | null;
  platoonRatio: number | null;
  /** Green occupancy ratio 0..1 and red occupancy of the first 5 s of red 0..1. */
  gor: number | null;
  ror5: number | null;
  splitFailure: boolean;
  /** Adjusted arrival times, seconds after `cycleStart` (PCD dots). */
  arrivalOffsetsS: number[];
  sourceTs: number;
  /** Split used by the phase: green + yellow + red clearance, s (split monitor). */
  splitS?: number;
  /** Approaches the phase serves. */
  approachIds?: string[];
  /** ATSPM approach delay of the cycle's arrivals, s/veh. */
  atspmDelayS?: number | null;
  /** Queue at green start, the longest of the phase's movements, veh. */
  maxQueueVeh?: number;
  spillback?: boolean;
  /** What the cycle's times rest on besides their own codes (missing codes inferred). */
  inferred?: string[];
  degraded?: DegradedReason[];
}

export type AlertKind = 'congestion' | 'spillback' | 'detector-fault' | 'silent' | 'flash' | 'power-failure' | 'incident';
export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'open' | 'acknowledged' | 'closed';

export interface Alert {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  status: AlertStatus;
  intersectionId: string | null;
  approachId: string | null;
  detectorId: string | null;
  /** [lon, lat] for incidents and map placement. */
  position: [number, number] | null;
  openedAt: number;
  updatedAt: number;
  closedAt: number | null;
  acknowledgedBy: string | null;
  acknowledgedAt?: number | null;
  /** Who closed it by hand (null when the engine closed it because its cause ended). */
  closedBy?: string | null;
  /** Incidents: who reported it and what they wrote. */
  reportedBy?: string | null;
  note?: string | null;
  /** Kind-specific facts (e.g. `{ congestionIndex: 7.2 }`, `{ fault: 'stuck-on' }`, incident `note`). */
  details: Record<string, unknown>;
  sourceTs: number;
}

/** A subscription scope: `city`, `district:<id>`, `corridor:<id>`, `intersection:<id>`. */
export type LiveScope = string;

export interface Snapshot {
  scope: LiveScope;
  sourceTs: number;
  areas: AreaState[];
  intersections: IntersectionState[];
  alerts: Alert[];
}

export interface StateDelta {
  sourceTs: number;
  areas: AreaState[];
  intersections: IntersectionState[];
}

export interface SuggestionNotice {
  suggestionId: string;
  intersectionId: string | null;
  corridorId: string | null;
  status: 'proposed' | 'approved' | 'rejected' | 'exported';
  sourceTs: number;
}

export interface SubscribeResult {
  ok: boolean;
  /** Error code from the catalogue when refused (e.g. ZHIDU_ERR_FORBIDDEN). */
  code?: string;
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  state: (delta: StateDelta) => void;
  cycle: (cycle: CycleMeasures) => void;
  alert: (alert: Alert) => void;
  suggestion: (notice: SuggestionNotice) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: { scope: LiveScope }, ack?: (result: SubscribeResult) => void) => void;
  unsubscribe: (request: { scope: LiveScope }) => void;
  /**
   * Presents a fresh access token (after a silent refresh) so the connection outlives the
   * token it was opened with; without it the server disconnects when that token expires.
   */
  authenticate: (request: { token: string }, ack?: (result: SubscribeResult) => void) => void;
}

/** What the server keeps about a connected client (socket.data). */
export interface LiveSocketData {
  userId: string;
  role: string;
  /** Epoch ms when the presented token expires. */
  expiresAt: number;
}
