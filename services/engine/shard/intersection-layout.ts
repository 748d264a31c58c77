/**
 * The static tables a shard reads on every event, built once per intersection from the
 * network and its current timing plan: channel → detector role, phase → movements and
 * detectors, movement geometry (lanes, saturation flow, storage), approach geometry.
 */
import { movementLanes, satFlowVphpl } from '../../../geo/network/lanes.js';
import type { ResolvedIntersection } from '../../../geo/network/load-network.js';
import type { DetectorKind, RoadClass, TimingPlan } from '../../../geo/network/network.schema.js';
import type { DegradedReason } from '../../contracts/live.js';
import type { MovementType } from '../../contracts/measures.js';
import { advanceTravelMs } from '../measures/arrivals.js';
import { storageVeh } from '../measures/queue.js';
import { countingDetectors } from '../measures/volume.js';

export interface ChannelLayout {
  channel: number;
  detectorId: string;
  kind: DetectorKind;
  lane: number;
  /** Upstream of the stop line, m. */
  distanceM: number;
  approachIndex: number;
  /** Movement owning the lane; -1 for a lane outside every movement. */
  movementIndex: number;
  /** Phase of that movement; -1 when none. */
  phase: number;
  /** Position of the movement among its phase's movements (`PhaseLayout.movementIndexes`); -1 when none. */
  phaseLocalIndex: number;
  /** The lane's counting detector (DESIGN §6 volume). */
  counting: boolean;
  /** Advance detectors: detection → stop line at the speed limit, ms (adjusted arrival). */
  travelMs: number;
}

export interface MovementLayout {
  index: number;
  approachIndex: number;
  approachId: string;
  type: MovementType;
  phase: number;
  lanes: number;
  satFlowVphpl: number;
  /** Lanes with an advance detector (arrivals are scaled up to all lanes). */
  advanceLanes: number;
  /** The nearest advance detector's distance, m (spillback reach); undefined without one. */
  advanceDistanceM: number | undefined;
  /** Vehicles the lanes store up to the advance detector or the link end. */
  storageVeh: number;
  stopbarChannels: number[];
  advanceChannels: number[];
}

export interface PhaseLayout {
  phase: number;
  yellowS: number;
  allRedS: number;
  /** Phase lost time, s (DESIGN §6 default: yellow + all-red, so effective green = displayed green). */
  lostTimeS: number;
  movementIndexes: number[];
  approachIds: string[];
  stopbarChannels: number[];
}

export interface ApproachLayout {
  index: number;
  id: string;
  roadClass: RoadClass;
  speedLimitKmh: number;
  linkLengthM: number | undefined;
  movementIndexes: number[];
  channels: number[];
  /** Reasons that hold whatever the detectors report (missing detector kinds). */
  staticDegraded: DegradedReason[];
}

export interface IntersectionLayout {
  intersectionId: string;
  planId: string;
  cycleS: number;
  /** Indexed by channel (0..255). */
  channels: (ChannelLayout | undefined)[];
  channelList: ChannelLayout[];
  /** Detectors by their global id (aggregated samples name the detector, not the channel). */
  channelByDetectorId: Map<string, ChannelLayout>;
  phases: Map<number, PhaseLayout>;
  movements: MovementLayout[];
  approaches: ApproachLayout[];
}

export interface LayoutOptions {
  jamSpacingM?: number;
  /** Lost time per phase, s; default yellow + all-red of the plan. */
  lostTimeS?: (phase: { yellowS: number; allRedS: number }) => number;
}

/**
 * @example const layout = buildLayout(network.intersections.get('TJ01')!, plan);
 */
export function buildLayout(intersection: ResolvedIntersection, plan: TimingPlan, options: LayoutOptions = {}): IntersectionLayout {
  const { jamSpacingM = 7, lostTimeS = (p) => p.yellowS + p.allRedS } = options;
  const channels: (ChannelLayout | undefined)[] = new Array(256).fill(undefined);
  const movements: MovementLayout[] = [];
  const approaches: ApproachLayout[] = [];
  const phases = new Map<number, PhaseLayout>();
  const phaseOf = (phase: number): PhaseLayout => {
    let layout = phases.get(phase);
    if (!layout) {
      const timing = plan.phases.find((p) => p.phase === phase);
      const yellowS = timing?.yellowS ?? 3;
      const allRedS = timing?.allRedS ?? 2;
      layout = { phase, yellowS, allRedS, lostTimeS: lostTimeS({ yellowS, allRedS }), movementIndexes: [], approachIds: [], stopbarChannels: [] };
      phases.set(phase, layout);
    }
    return layout;
  };
  for (const timing of plan.phases) phaseOf(timing.phase);

  intersection.approaches.forEach((approach, approachIndex) => {
    const counting = new Set([...countingDetectors(approach.detectors).values()].map((d) => d.channel));
    const lanesOf = movementLanes(approach);
    const movementIndexes: number[] = [];
    const firstMovement = movements.length;
    for (const { movement, laneNumbers } of lanesOf) {
      const index = movements.length;
      movementIndexes.push(index);
      const advance = approach.detectors.filter((d) => d.kind === 'advance' && laneNumbers.includes(d.lane));
      const advanceDistanceM = advance.length > 0 ? Math.min(...advance.map((d) => d.distanceM)) : undefined;
      const reachM = Math.min(advanceDistanceM ?? Infinity, approach.linkLengthM ?? Infinity);
      movements.push({
        index,
        approachIndex,
        approachId: approach.id,
        type: movement.type,
        phase: movement.phase,
        lanes: movement.lanes,
        satFlowVphpl: satFlowVphpl(movement),
        advanceLanes: new Set(advance.map((d) => d.lane)).size,
        advanceDistanceM,
        storageVeh: Number.isFinite(reachM) ? storageVeh(reachM, movement.lanes, { jamSpacingM }) : Infinity,
        stopbarChannels: [],
        advanceChannels: [],
      });
      const phase = phaseOf(movement.phase);
      phase.movementIndexes.push(index);
      if (!phase.approachIds.includes(approach.id)) phase.approachIds.push(approach.id);
    }
    for (const detector of approach.detectors) {
      const local = lanesOf.findIndex((m) => m.laneNumbers.includes(detector.lane));
      const movement = local >= 0 ? movements[firstMovement + local] : undefined;
      const layout: ChannelLayout = {
        channel: detector.channel,
        detectorId: detector.id,
        kind: detector.kind,
        lane: detector.lane,
        distanceM: detector.distanceM,
        approachIndex,
        movementIndex: movement ? movement.index : -1,
        phase: movement ? movement.phase : -1,
        phaseLocalIndex: -1,
        counting: counting.has(detector.channel),
        travelMs: detector.kind === 'advance' ? advanceTravelMs({ distanceM: detector.distanceM, speedLimitKmh: approach.speedLimitKmh, latencyS: detector.latencyS ?? 0 }) : 0,
      };
      channels[detector.channel] = layout;
      if (movement && detector.kind === 'stopbar') {
        movement.stopbarChannels.push(detector.channel);
        phaseOf(movement.phase).stopbarChannels.push(detector.channel);
      }
      if (movement && detector.kind === 'advance') movement.advanceChannels.push(detector.channel);
    }
    const kinds = new Set(approach.detectors.map((d) => d.kind));
    const staticDegraded: DegradedReason[] = [];
    if (!kinds.has('advance')) staticDegraded.push('no-advance-detector');
    if (!kinds.has('stopbar')) staticDegraded.push('no-stopbar-detector');
    approaches.push({
      index: approachIndex,
      id: approach.id,
      roadClass: approach.roadClass,
      speedLimitKmh: approach.speedLimitKmh,
      linkLengthM: approach.linkLengthM,
      movementIndexes,
      channels: approach.detectors.map((d) => d.channel),
      staticDegraded,
    });
  });
  for (const channel of channels) {
    if (channel && channel.movementIndex >= 0) channel.phaseLocalIndex = phases.get(channel.phase)?.movementIndexes.indexOf(channel.movementIndex) ?? -1;
  }
  return {
    intersectionId: intersection.id,
    planId: plan.id,
    cycleS: plan.cycleS,
    channels,
    channelList: channels.filter((c): c is ChannelLayout => c !== undefined),
    channelByDetectorId: new Map(channels.filter((c): c is ChannelLayout => c !== undefined).map((c) => [c.detectorId, c])),
    phases,
    movements,
    approaches,
  };
}
