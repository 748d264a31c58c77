/**
 * The deterministic measure state machine of one intersection (DESIGN §3, §6). It reads
 * controller events in (ts, code) order and produces per-cycle measures, per-minute
 * movement, approach and intersection rows, and detector status changes. Time moves only
 * with event time (`apply`) or an explicit `advanceTo(t)` ("no event before t will come"):
 * there is no clock inside, so the same events give the same outputs however they were
 * batched — which is what makes replay from the database equal to the live results.
 *
 * Timing rules that make outputs independent of batching:
 * - an arrival (advance on-time + travel) is classified by the phase state at its own time,
 *   once every event before it has been applied;
 * - a red-to-red cycle is finalised `finalizeLagMs` (10 s) after its red start, once the
 *   first 5 s of red (ROR5) and the red clearance are known;
 * - a minute closes `closeLagMs` (60 s, DESIGN's bounded lateness) after its end.
 */
import type { CycleMeasures } from '../../contracts/live.js';
import type { ApproachMinute, DetectorFault, IntersectionMinute, MovementMinute } from '../../contracts/measures.js';
import { EventCode, type ControllerEvent } from '../../contracts/records.js';
import { DetectorHealthMonitor, type DetectorStatusChange } from '../health/detector-health.js';
import { DetectorTracker, isStuckOn, stuckOnLimitS } from '../measures/detector-activations.js';
import { intersectionCongestionIndex, congestionLevel } from '../measures/congestion-index.js';
import type { TimeInterval } from '../measures/occupancy.js';
import { PhaseTracker, type PhaseCycle } from '../measures/phase-intervals.js';
import { cycleQueue, queueLengthM } from '../measures/queue.js';
import { advanceOccupancySpillback, queueSpillback } from '../measures/spillback.js';
import { splitFailure } from '../measures/split-failure.js';
import { stopbarVehicles } from '../measures/volume.js';
import { approachSplitFailures, deriveApproach, type DerivationOptions, type DerivedApproach } from './approach-derivation.js';
import { IntervalList } from './interval-list.js';
import type { ChannelLayout, IntersectionLayout, PhaseLayout } from './intersection-layout.js';
import { DEGRADED_DETECTOR_FAULT, DEGRADED_MISSING_PHASE_EVENTS, F, MINUTE_MS, MinuteBins } from './minute-bins.js';

export interface CoreOptions extends DerivationOptions {
  /** Where the core starts reading, epoch ms (an off before any on opens at this time). */
  streamStart: number;
  closeLagMs?: number;
  finalizeLagMs?: number;
  windowMinutes?: number;
  stuckOnFloorS?: number;
  maxCycleS?: number;
  /** How far into yellow a queue keeps discharging, s (HCM extension of effective green e; default 2). */
  yellowDischargeS?: number;
  /** Faults known to hold at `streamStart` (from the detector status table or the live shard). */
  seedFaults?: ReadonlyMap<number, readonly DetectorFault[]>;
}

/** Controller-level conditions the alert rules need (DESIGN §4.1 codes 173, 182, 184). */
export interface ControllerSignal {
  kind: 'flash' | 'power-failure';
  active: boolean;
  at: number;
  param: number;
}

export interface CoreOutputs {
  cycles: CycleMeasures[];
  movementMinutes: MovementMinute[];
  approachMinutes: ApproachMinute[];
  intersectionMinutes: IntersectionMinute[];
  detectorChanges: DetectorStatusChange[];
  signals: ControllerSignal[];
}

/** An empty output set. */
export function emptyOutputs(): CoreOutputs {
  return { cycles: [], movementMinutes: [], approachMinutes: [], intersectionMinutes: [], detectorChanges: [], signals: [] };
}

/** NTCIP 1202 unitFlashStatus: 2 = not flashing (0 = undefined); anything else is a flash state. */
const NOT_FLASHING = new Set([0, 2]);

interface CycleAccumulator {
  volume: number;
  onGreen: number;
  onRed: number;
  onYellow: number;
  offsetsS: number[];
  redWaitS: number;
  /** Per movement of the phase (local index). */
  movementGreen: Float64Array;
  movementRed: Float64Array;
  movementVolume: Float64Array;
  redCount: Float64Array;
  redSumMs: Float64Array;
  occupancySpill: Uint8Array;
}

interface PendingCycle {
  cycle: PhaseCycle;
  accumulator: CycleAccumulator;
  finalizeAt: number;
}

interface PhaseRuntime {
  layout: PhaseLayout;
  tracker: PhaseTracker;
  accumulator: CycleAccumulator;
  pending: PendingCycle[];
  greenAccruedTo: number;
  /** Recent discharge intervals (green start → yellow start + e), oldest first, for stop-bar counts. */
  discharges: TimeInterval[];
}

const DISCHARGES_KEPT = 16;

/** What became of an aggregated sample. */
export type SampleOutcome = 'applied' | 'late' | 'ignored';

interface ChannelRuntime {
  layout: ChannelLayout;
  tracker: DetectorTracker;
  intervals: IntervalList;
}

const INTERVAL_KEEP_ADVANCE_MS = 31_000;
/** How often a detector held on under a standing queue is checked again. */
const STUCK_RECHECK_MS = 15_000;

export class MeasureCore {
  readonly layout: IntersectionLayout;
  /** Every event before this time has been applied. */
  frontier: number;
  /** Time of the newest event applied. */
  newestEventTs: number | null = null;
  private readonly options: Required<Omit<CoreOptions, 'seedFaults' | keyof DerivationOptions>> & DerivationOptions;
  private readonly phases = new Map<number, PhaseRuntime>();
  private readonly channels: (ChannelRuntime | undefined)[] = [];
  private readonly health: DetectorHealthMonitor;
  private readonly bins: MinuteBins;
  private readonly residualVeh: Float64Array;
  private readonly lastSpill: Uint8Array;
  private arrivalTs: number[] = [];
  private arrivalChannel: number[] = [];
  private arrivalHead = 0;
  private nextCloseMinute: number;
  private currentMinute: number;
  private nextStuckCheck = Infinity;
  /** No pending cycle finalises before this (a lower bound: the phases are scanned only from here). */
  private nextFinalizeAt = Infinity;
  private outputs: CoreOutputs = emptyOutputs();

  constructor(layout: IntersectionLayout, options: CoreOptions) {
    this.layout = layout;
    this.options = {
      closeLagMs: 60_000,
      finalizeLagMs: 10_000,
      windowMinutes: 5,
      stuckOnFloorS: 300,
      maxCycleS: 600,
      yellowDischargeS: 2,
      ...options,
    };
    if (this.options.closeLagMs < this.options.finalizeLagMs) throw new RangeError('closeLagMs must be at least finalizeLagMs');
    this.frontier = options.streamStart;
    const ring = this.options.windowMinutes + Math.ceil(this.options.closeLagMs / MINUTE_MS) + 4;
    this.bins = new MinuteBins(layout.movements.length, layout.approaches.length, ring);
    this.residualVeh = new Float64Array(layout.movements.length);
    this.lastSpill = new Uint8Array(layout.movements.length);
    this.nextCloseMinute = Math.floor(options.streamStart / MINUTE_MS);
    this.currentMinute = this.nextCloseMinute;
    for (const phase of layout.phases.values()) {
      this.phases.set(phase.phase, {
        layout: phase,
        tracker: new PhaseTracker(phase.phase, { yellowS: phase.yellowS, maxCycleS: this.options.maxCycleS }),
        accumulator: this.newAccumulator(phase),
        pending: [],
        greenAccruedTo: options.streamStart,
        discharges: [],
      });
    }
    const limitS = stuckOnLimitS(layout.cycleS, this.options.stuckOnFloorS);
    for (const channel of layout.channelList) {
      this.channels[channel.channel] = {
        layout: channel,
        tracker: new DetectorTracker(channel.channel, { streamStart: options.streamStart, stuckOnLimitS: limitS }),
        intervals: new IntervalList(),
      };
    }
    this.health = new DetectorHealthMonitor(
      layout.channelList.map((c) => {
        const movement = layout.movements[c.movementIndex];
        return {
          channel: c.channel,
          detectorId: c.detectorId,
          approachIndex: c.approachIndex,
          comparisonGroup: `${c.approachIndex}:${movement?.type ?? c.lane}:${c.kind}`,
          kind: c.kind,
          lane: c.lane,
          distanceM: c.distanceM,
          phases: c.phase >= 0 ? [c.phase] : [],
        };
      }),
      { streamStart: options.streamStart },
    );
    for (const [channel, faults] of options.seedFaults ?? []) this.health.seed(channel, faults);
  }

  private newAccumulator(phase: PhaseLayout): CycleAccumulator {
    const n = phase.movementIndexes.length;
    return {
      volume: 0,
      onGreen: 0,
      onRed: 0,
      onYellow: 0,
      offsetsS: [],
      redWaitS: 0,
      movementGreen: new Float64Array(n),
      movementRed: new Float64Array(n),
      movementVolume: new Float64Array(n),
      redCount: new Float64Array(n),
      redSumMs: new Float64Array(n),
      occupancySpill: new Uint8Array(n),
    };
  }

  /** Outputs produced since the last call. */
  drain(): CoreOutputs {
    const out = this.outputs;
    this.outputs = emptyOutputs();
    return out;
  }

  /** Applies one event; events must come in (ts, code) order and not before the frontier. */
  apply(event: ControllerEvent): void {
    const ts = event.ts;
    this.advanceTime(ts);
    this.frontier = ts;
    this.newestEventTs = ts;
    this.bins.markActive(Math.floor(ts / MINUTE_MS));
    const code = event.code;
    if (code <= EventCode.PHASE_END_RED_CLEARANCE) this.applyPhase(code, event.param, ts);
    else if (code === EventCode.DETECTOR_ON || code === EventCode.DETECTOR_OFF) this.applyDetector(code, event.param, ts);
    else if (code >= EventCode.DETECTOR_RESTORED && code <= EventCode.DETECTOR_FAULT_EXCESSIVE_CHANGE) this.recordHealth(this.health.onEvent(code, event.param, ts));
    else if (code === EventCode.FLASH_STATUS_CHANGE) this.outputs.signals.push({ kind: 'flash', active: !NOT_FLASHING.has(event.param), at: ts, param: event.param });
    else if (code === EventCode.POWER_FAILURE_DETECTED || code === EventCode.POWER_FAILURE_RESTORED) {
      this.outputs.signals.push({ kind: 'power-failure', active: code === EventCode.POWER_FAILURE_DETECTED, at: ts, param: event.param });
    }
  }

  /** No event before `t` will come: finalise cycles and close minutes up to it. */
  advanceTo(t: number): void {
    if (t <= this.frontier) return;
    this.advanceTime(t);
    this.frontier = t;
  }

  // ---------------------------------------------------------------- time-driven work

  private advanceTime(ts: number): void {
    this.flushArrivals(ts);
    if (ts >= this.nextFinalizeAt) {
      let next = Infinity;
      for (const phase of this.phases.values()) {
        while (phase.pending.length > 0 && (phase.pending[0] as PendingCycle).finalizeAt <= ts) this.finalize(phase, phase.pending.shift() as PendingCycle);
        if (phase.pending.length > 0) next = Math.min(next, (phase.pending[0] as PendingCycle).finalizeAt);
      }
      this.nextFinalizeAt = next;
    }
    if (ts > this.nextStuckCheck) this.checkStuck(ts);
    const minute = Math.floor(ts / MINUTE_MS);
    if (minute > this.currentMinute) this.rollMinutes(minute);
    if ((this.nextCloseMinute + 1) * MINUTE_MS + this.options.closeLagMs <= ts) this.closeMinutes(ts);
  }

  private rollMinutes(minute: number): void {
    // Faulty detectors make every minute they span degraded, even minutes in which they say nothing.
    const from = Math.max(this.currentMinute + 1, minute - this.bins.ring);
    for (let m = from; m <= minute; m++) {
      for (const channel of this.layout.channelList) {
        if (this.health.isExcluded(channel.channel)) this.bins.markDegraded(m, channel.approachIndex, DEGRADED_DETECTOR_FAULT);
      }
    }
    this.currentMinute = minute;
  }

  private closeMinutes(ts: number): void {
    for (const phase of this.phases.values()) this.accrueGreen(phase, ts);
    const lastToClose = Math.floor((ts - this.options.closeLagMs) / MINUTE_MS) - 1;
    // After a long silence (or a controller clock jump), skip the empty minutes in one step.
    if (lastToClose - this.nextCloseMinute > this.bins.ring && this.bins.activeMinutes(this.nextCloseMinute, lastToClose) === 0) {
      this.nextCloseMinute = lastToClose - this.bins.ring;
    }
    while (this.nextCloseMinute <= lastToClose) this.closeMinute(this.nextCloseMinute++);
  }

  private flushArrivals(ts: number): void {
    while (this.arrivalHead < this.arrivalTs.length && (this.arrivalTs[this.arrivalHead] as number) < ts) {
      this.classifyArrival(this.arrivalTs[this.arrivalHead] as number, this.arrivalChannel[this.arrivalHead] as number);
      this.arrivalHead++;
    }
    if (this.arrivalHead > 256 && this.arrivalHead * 2 > this.arrivalTs.length) {
      this.arrivalTs = this.arrivalTs.slice(this.arrivalHead);
      this.arrivalChannel = this.arrivalChannel.slice(this.arrivalHead);
      this.arrivalHead = 0;
    }
  }

  private checkStuck(ts: number): void {
    let next = Infinity;
    for (const runtime of this.channels) {
      if (!runtime || runtime.tracker.onSince === null) continue;
      const channel = runtime.layout.channel;
      const due = runtime.tracker.onSince + runtime.tracker.stuckOnLimitMs;
      if (ts <= due) {
        next = Math.min(next, due);
        continue;
      }
      if (this.health.isFaulty(channel, 'stuck-on')) continue;
      this.recordHealth(this.health.onStuck(channel, due, runtime.tracker.onSince, ts));
      // A standing queue explained it: look again shortly.
      if (!this.health.isFaulty(channel, 'stuck-on')) next = Math.min(next, ts + STUCK_RECHECK_MS);
    }
    this.nextStuckCheck = next;
  }

  // ---------------------------------------------------------------- phases

  private applyPhase(code: number, phaseNumber: number, ts: number): void {
    const phase = this.phases.get(phaseNumber);
    if (!phase) return;
    this.accrueGreen(phase, ts);
    const before = phase.tracker.state;
    const step = phase.tracker.accept(code, ts);
    if (step?.kind === 'cycle') {
      phase.pending.push({ cycle: step.cycle, accumulator: phase.accumulator, finalizeAt: ts + this.options.finalizeLagMs });
      this.nextFinalizeAt = Math.min(this.nextFinalizeAt, ts + this.options.finalizeLagMs);
      phase.accumulator = this.newAccumulator(phase.layout);
    } else if (step?.kind === 'drop') {
      phase.accumulator = this.newAccumulator(phase.layout);
      for (const index of phase.layout.movementIndexes) {
        const movement = this.layout.movements[index];
        if (movement) this.bins.markDegraded(Math.floor(step.drop.at / MINUTE_MS), movement.approachIndex, DEGRADED_MISSING_PHASE_EVENTS);
      }
    }
    const after = phase.tracker.state;
    if (after === before) return;
    if (after === 'green') this.beginGreen(phase, ts);
    if (before === 'green') this.endGreen(phase, ts);
  }

  private beginGreen(phase: PhaseRuntime, ts: number): void {
    this.health.onPhaseGreen(phase.layout.phase, ts, true);
    // Flush pending cycles whose red the new green cuts short: their data is complete.
    while (phase.pending.length > 0) this.finalize(phase, phase.pending.shift() as PendingCycle);
    const acc = phase.accumulator;
    const minute = Math.floor(ts / MINUTE_MS);
    phase.layout.movementIndexes.forEach((index, local) => {
      const waitS = ((acc.redCount[local] as number) * ts - (acc.redSumMs[local] as number)) / 1000;
      if (waitS > 0) {
        acc.redWaitS += waitS;
        this.bins.add(minute, index, F.redArrivalWaitS, waitS);
      }
      acc.redCount[local] = 0;
      acc.redSumMs[local] = 0;
    });
  }

  private endGreen(phase: PhaseRuntime, ts: number): void {
    this.health.onPhaseGreen(phase.layout.phase, ts, false);
    const greenStart = phase.tracker.greenStart;
    if (greenStart === null) return;
    const green = { start: greenStart, end: ts };
    phase.discharges.push({ start: greenStart, end: ts + this.options.yellowDischargeS * 1000 });
    if (phase.discharges.length > DISCHARGES_KEPT) phase.discharges.shift();
    phase.layout.movementIndexes.forEach((index, local) => {
      const movement = this.layout.movements[index];
      if (!movement || movement.advanceChannels.length === 0) return;
      if (advanceOccupancySpillback(this.activations(movement.advanceChannels, green.end - 30_000, green.end), green)) phase.accumulator.occupancySpill[local] = 1;
    });
  }

  /** Adds the phase's displayed green up to `ts` to its movements' minute bins. */
  private accrueGreen(phase: PhaseRuntime, ts: number): void {
    if (phase.tracker.state === 'green' && phase.tracker.greenStart !== null) {
      let from = Math.max(phase.greenAccruedTo, phase.tracker.greenStart);
      while (from < ts) {
        const minute = Math.floor(from / MINUTE_MS);
        const to = Math.min(ts, (minute + 1) * MINUTE_MS);
        // whole milliseconds: the bins read green time back in seconds
        for (const index of phase.layout.movementIndexes) this.bins.add(minute, index, F.greenS, to - from);
        from = to;
      }
    }
    phase.greenAccruedTo = Math.max(phase.greenAccruedTo, ts);
  }

  // ---------------------------------------------------------------- detectors

  private applyDetector(code: number, channelNumber: number, ts: number): void {
    const runtime = this.channels[channelNumber];
    if (!runtime) return;
    const channel = runtime.layout;
    const wasExcluded = this.health.isExcluded(channelNumber);
    this.recordHealth(this.health.onEvent(code, channelNumber, ts));
    const result = runtime.tracker.accept(code, ts);
    if (code === EventCode.DETECTOR_OFF) {
      if (result && !isStuckOn(result) && !wasExcluded) {
        if (channel.kind !== 'count') runtime.intervals.push(result.onTs, result.offTs);
        if (channel.kind === 'advance') runtime.intervals.prune(ts - INTERVAL_KEEP_ADVANCE_MS);
        if (channel.counting && channel.kind === 'stopbar' && channel.movementIndex >= 0) this.countStopbar(channel, result.onTs, ts);
      }
      return;
    }
    if (runtime.tracker.onSince === ts) this.nextStuckCheck = Math.min(this.nextStuckCheck, ts + runtime.tracker.stuckOnLimitMs);
    if (this.health.isExcluded(channelNumber)) {
      this.bins.markDegraded(Math.floor(ts / MINUTE_MS), channel.approachIndex, DEGRADED_DETECTOR_FAULT);
      return;
    }
    if (channel.movementIndex < 0) return;
    // Stop-bar lanes are counted when the activation ends (see countStopbar); advance lanes
    // when the vehicle reaches the stop line (see flushArrivals), so every lane's volume is
    // binned where the vehicles arrive.
    if (channel.counting && channel.kind !== 'stopbar' && channel.kind !== 'advance') this.countVehicles(channel, ts, 1);
    if (channel.kind === 'advance') this.queueArrival(ts + channel.travelMs, channelNumber);
  }

  private countVehicles(channel: ChannelLayout, ts: number, vehicles: number): void {
    this.bins.add(Math.floor(ts / MINUTE_MS), channel.movementIndex, F.volumeVeh, vehicles);
    const phase = this.phases.get(channel.phase);
    if (!phase) return;
    phase.accumulator.volume += vehicles;
    if (channel.phaseLocalIndex >= 0) phase.accumulator.movementVolume[channel.phaseLocalIndex]! += vehicles;
  }

  /** A stop-bar activation ended: the vehicles it covered (measures/volume `stopbarVehicles`). */
  private countStopbar(channel: ChannelLayout, onTs: number, offTs: number): void {
    const phase = this.phases.get(channel.phase);
    const movement = this.layout.movements[channel.movementIndex];
    if (!phase || !movement) return;
    const discharges = phase.tracker.state === 'green' && phase.tracker.greenStart !== null ? [...phase.discharges, { start: phase.tracker.greenStart, end: Infinity }] : phase.discharges;
    this.countVehicles(channel, offTs, stopbarVehicles({ start: onTs, end: offTs }, discharges, { satFlowVphpl: movement.satFlowVphpl }));
  }

  /** Whether the minute holding `ts` has closed (its rows are out; data for it is late). */
  isClosed(ts: number): boolean {
    return Math.floor(ts / MINUTE_MS) < this.nextCloseMinute;
  }

  /**
   * An aggregated sample of a count detector (DESIGN §4.2): its volume goes to the minutes
   * its interval covers, as long as they are still open (a minute closes one minute after
   * its end); an older one is late and needs a recompute.
   */
  applySample(detectorId: string, ts: number, intervalS: number, volume: number): SampleOutcome {
    const channel = this.layout.channelByDetectorId.get(detectorId);
    if (!channel || !(intervalS > 0)) return 'ignored';
    const counts = channel.counting && channel.movementIndex >= 0;
    const end = ts + intervalS * 1000;
    if (Math.floor(ts / MINUTE_MS) < this.nextCloseMinute) return counts ? 'late' : 'ignored';
    // Beyond what the ring holds: a clock far ahead; the sample cannot be placed.
    if (Math.floor((end - 1) / MINUTE_MS) >= this.nextCloseMinute + this.bins.ring) return 'ignored';
    // Every sampling detector is watched, also one beside the lane's counting loop (a speed
    // radar): its samples are its sign of life even when its volume is not used.
    this.recordHealth(this.health.onSample(channel.channel, end, volume));
    if (!counts) return 'ignored';
    if (this.health.isExcluded(channel.channel)) {
      this.bins.markDegraded(Math.floor(ts / MINUTE_MS), channel.approachIndex, DEGRADED_DETECTOR_FAULT);
      return 'ignored';
    }
    for (let from = ts; from < end; ) {
      const minute = Math.floor(from / MINUTE_MS);
      const to = Math.min(end, (minute + 1) * MINUTE_MS);
      this.bins.add(minute, channel.movementIndex, F.volumeVeh, (volume * (to - from)) / (end - ts));
      this.bins.markActive(minute);
      from = to;
    }
    return 'applied';
  }

  private queueArrival(arrivalTs: number, channel: number): void {
    // Arrivals come nearly in order (travel times differ by a few seconds): insert from the back.
    let i = this.arrivalTs.length;
    this.arrivalTs.push(arrivalTs);
    this.arrivalChannel.push(channel);
    while (i > this.arrivalHead && (this.arrivalTs[i - 1] as number) > arrivalTs) {
      this.arrivalTs[i] = this.arrivalTs[i - 1] as number;
      this.arrivalChannel[i] = this.arrivalChannel[i - 1] as number;
      i--;
    }
    this.arrivalTs[i] = arrivalTs;
    this.arrivalChannel[i] = channel;
  }

  private classifyArrival(arrivalTs: number, channelNumber: number): void {
    const channel = this.channels[channelNumber]?.layout;
    if (channel?.counting) this.countVehicles(channel, arrivalTs, 1);
    const phase = channel ? this.phases.get(channel.phase) : undefined;
    if (!channel || !phase) return;
    const state = phase.tracker.state;
    if (state === 'unknown') return;
    const local = channel.phaseLocalIndex;
    const acc = phase.accumulator;
    const minute = Math.floor(arrivalTs / MINUTE_MS);
    this.bins.add(minute, channel.movementIndex, F.arrivals, 1);
    if (state === 'green') {
      acc.onGreen++;
      acc.movementGreen[local]! += 1;
      this.bins.add(minute, channel.movementIndex, F.arrivalsOnGreen, 1);
    } else if (state === 'yellow') {
      acc.onYellow++;
      this.bins.add(minute, channel.movementIndex, F.arrivalsOnYellow, 1);
    } else {
      acc.onRed++;
      acc.movementRed[local]! += 1;
      acc.redCount[local]! += 1;
      acc.redSumMs[local]! += arrivalTs;
      this.bins.add(minute, channel.movementIndex, F.arrivalsOnRed, 1);
    }
    if (phase.tracker.cycleStart !== null) acc.offsetsS.push((arrivalTs - phase.tracker.cycleStart) / 1000);
  }

  /** Occupancy intervals of channels over [from, to), open activations closed at `to`. */
  private activations(channels: readonly number[], from: number, to: number): TimeInterval[] {
    const result: TimeInterval[] = [];
    for (const number of channels) {
      const runtime = this.channels[number];
      if (!runtime || this.health.isExcluded(number)) continue;
      runtime.intervals.collect(from, to, result);
      const onSince = runtime.tracker.onSince;
      if (onSince !== null && onSince < to) result.push({ start: onSince, end: to });
    }
    return result;
  }

  private recordHealth(change: DetectorStatusChange | undefined): void {
    if (!change) return;
    this.outputs.detectorChanges.push(change);
    const channel = this.layout.channels[change.channel];
    if (channel && change.status === 'faulty') this.bins.markDegraded(Math.floor(change.at / MINUTE_MS), channel.approachIndex, DEGRADED_DETECTOR_FAULT);
  }

  // ---------------------------------------------------------------- cycles

  private finalize(phase: PhaseRuntime, pending: PendingCycle): void {
    const { cycle, accumulator: acc } = pending;
    const layout = phase.layout;
    const redWindowEnd = cycle.redStart + 5_000;
    const stopbar = layout.stopbarChannels.length > 0 ? splitFailure(this.activations(layout.stopbarChannels, cycle.greenStart, redWindowEnd), { start: cycle.greenStart, end: cycle.yellowStart }, cycle.redStart) : null;
    const failed = stopbar?.failed ?? false;
    const greenS = (cycle.yellowStart - cycle.greenStart) / 1000;
    const yellowS = (cycle.redStart - cycle.yellowStart) / 1000;
    const cycleS = (cycle.redStart - cycle.cycleStart) / 1000;
    const redS = (cycle.greenStart - cycle.cycleStart) / 1000;
    const effectiveGreenS = Math.max(0, greenS + yellowS + layout.allRedS - layout.lostTimeS);
    const minute = Math.floor(cycle.redStart / MINUTE_MS);
    let maxQueueVeh = 0;
    let spillback = false;
    layout.movementIndexes.forEach((index, local) => {
      const movement = this.layout.movements[index];
      if (!movement) return;
      let onRed: number;
      let onGreen: number;
      if (movement.advanceLanes > 0) {
        const scale = movement.lanes / movement.advanceLanes;
        onRed = (acc.movementRed[local] as number) * scale;
        onGreen = (acc.movementGreen[local] as number) * scale;
      } else {
        // No advance detector: spread the cycle's counted vehicles uniformly over it (HCM's random arrivals).
        const volume = acc.movementVolume[local] as number;
        onRed = cycleS > 0 ? (volume * redS) / cycleS : 0;
        onGreen = cycleS > 0 ? (volume * greenS) / cycleS : 0;
      }
      const queue = cycleQueue({
        residualVeh: this.residualVeh[index] as number,
        arrivalsOnRed: onRed,
        arrivalsOnGreen: onGreen,
        servedVeh: (movement.satFlowVphpl * movement.lanes * effectiveGreenS) / 3600,
        storageVeh: movement.storageVeh,
      });
      // The stop bar shows whether the queue cleared: a green that did not fail served everyone.
      this.residualVeh[index] = stopbar && !failed ? 0 : queue.residualVeh;
      const queueM = queueLengthM(queue.maxQueueVeh, movement.lanes, this.options.jamSpacingM === undefined ? {} : { jamSpacingM: this.options.jamSpacingM });
      const spilled =
        queueSpillback(queueM, {
          ...(movement.advanceDistanceM === undefined ? {} : { advanceDistanceM: movement.advanceDistanceM }),
          ...(this.layout.approaches[movement.approachIndex]?.linkLengthM === undefined ? {} : { linkLengthM: this.layout.approaches[movement.approachIndex]?.linkLengthM }),
        }) || acc.occupancySpill[local] === 1;
      maxQueueVeh = Math.max(maxQueueVeh, queue.maxQueueVeh);
      spillback ||= spilled;
      this.lastSpill[index] = spilled ? 1 : 0;
      this.bins.add(minute, index, F.cycles, 1);
      this.bins.add(minute, index, F.cycleS, cycleS);
      this.bins.add(minute, index, F.cycleEffectiveGreenS, effectiveGreenS);
      this.bins.add(minute, index, F.queueVehSum, queue.maxQueueVeh);
      if (failed) this.bins.add(minute, index, F.splitFailures, 1);
      if (spilled) this.bins.add(minute, index, F.spillbackCycles, 1);
      this.bins.setLastSpill(minute, index, spilled);
    });
    const arrivals = acc.onGreen + acc.onRed + acc.onYellow;
    const aogShare = arrivals > 0 ? acc.onGreen / arrivals : null;
    const redClearanceEnd = phase.tracker.redClearanceEnd;
    const splitEnd = redClearanceEnd !== null && redClearanceEnd >= cycle.redStart ? redClearanceEnd : cycle.redStart + layout.allRedS * 1000;
    this.outputs.cycles.push({
      intersectionId: this.layout.intersectionId,
      phase: cycle.phase,
      cycleStart: cycle.cycleStart,
      greenStart: cycle.greenStart,
      yellowStart: cycle.yellowStart,
      redStart: cycle.redStart,
      greenS,
      yellowS,
      redS,
      termination: cycle.termination,
      volume: acc.volume,
      arrivalsOnGreen: acc.onGreen,
      arrivalsOnRed: acc.onRed,
      arrivalsOnYellow: acc.onYellow,
      aogPct: aogShare === null ? null : aogShare * 100,
      platoonRatio: aogShare === null || greenS <= 0 || cycleS <= 0 ? null : aogShare / (greenS / cycleS),
      gor: stopbar?.gor ?? null,
      ror5: stopbar ? stopbar.ror5 : null,
      splitFailure: failed,
      arrivalOffsetsS: acc.offsetsS,
      sourceTs: pending.finalizeAt,
      splitS: (splitEnd - cycle.greenStart) / 1000,
      approachIds: layout.approachIds,
      atspmDelayS: arrivals > 0 ? acc.redWaitS / arrivals : null,
      maxQueueVeh,
      spillback,
      inferred: cycle.inferred,
      degraded: stopbar ? [] : ['no-stopbar-detector'],
    });
    // Stop-bar intervals before the next green this phase still needs can go.
    const keepFrom = phase.pending[0]?.cycle.greenStart ?? phase.tracker.greenStart ?? pending.finalizeAt;
    for (const number of layout.stopbarChannels) this.channels[number]?.intervals.prune(Math.min(keepFrom, redWindowEnd));
  }

  // ---------------------------------------------------------------- minutes

  private closeMinute(minute: number): void {
    for (const change of this.health.closeMinute(minute * MINUTE_MS)) this.recordHealth(change);
    if (!this.bins.isActive(minute)) return;
    const ts = minute * MINUTE_MS;
    const from = minute - this.options.windowMinutes + 1;
    const windowS = 60 * this.bins.activeMinutes(from, minute);
    const id = this.layout.intersectionId;
    for (const movement of this.layout.movements) {
      const sums = this.bins.windowSums(minute, minute, movement.index);
      this.outputs.movementMinutes.push({
        ts,
        intersectionId: id,
        approachId: movement.approachId,
        movement: movement.type,
        phase: movement.phase,
        degraded: (this.bins.degraded(minute, minute, movement.approachIndex) & DEGRADED_DETECTOR_FAULT) !== 0,
        ...sums,
      });
    }
    const approaches: { derived: DerivedApproach; volumeVeh: number }[] = [];
    let intersectionFailures = 0;
    let intersectionVolume = 0;
    for (const approach of this.layout.approaches) {
      const spill = approach.movementIndexes.some((m) => this.bins.spilledLast(from, minute, m));
      const derived = deriveApproach(this.layout, approach.index, (m) => this.bins.windowSums(from, minute, m), windowS, spill, this.bins.degraded(minute, minute, approach.index), this.options);
      const volumeVeh = approach.movementIndexes.reduce((sum, m) => sum + this.bins.value(minute, m, F.volumeVeh), 0);
      const splitFailures = approachSplitFailures(this.layout, approach.index, (m) => this.bins.value(minute, m, F.splitFailures));
      intersectionFailures += splitFailures;
      intersectionVolume += volumeVeh;
      approaches.push({ derived, volumeVeh });
      this.outputs.approachMinutes.push({
        ts,
        intersectionId: id,
        approachId: approach.id,
        volumeVeh,
        splitFailures,
        cycles: Math.max(0, ...approach.movementIndexes.map((m) => this.bins.value(minute, m, F.cycles))),
        spillback: approach.movementIndexes.some((m) => this.bins.value(minute, m, F.spillbackCycles) > 0),
        flowVph: derived.flowVph,
        vc: derived.vc,
        controlDelayS: derived.controlDelayS,
        los: derived.los,
        aogPct: derived.aogPct,
        queueVeh: derived.queueVeh,
        queueM: derived.queueM,
        atspmDelayS: derived.atspmDelayS,
        linkSpeedKmh: derived.linkSpeedKmh,
        congestionIndex: derived.congestionIndex,
        level: derived.level,
        degraded: derived.degraded,
      });
    }
    const summary = summariseIntersection(approaches.map((a) => a.derived));
    this.outputs.intersectionMinutes.push({
      ts,
      intersectionId: id,
      volumeVeh: intersectionVolume,
      splitFailures: intersectionFailures,
      flowVph: summary.flowVph,
      controlDelayS: summary.controlDelayS,
      congestionIndex: summary.congestionIndex,
      level: congestionLevel(summary.congestionIndex),
      degraded: approaches.some((a) => a.derived.degraded.some((r) => r === 'detector-fault' || r === 'missing-phase-events')),
    });
  }

  // ---------------------------------------------------------------- live view

  /**
   * The approaches over the rolling window ending at the frontier: the last
   * `windowMinutes` − 1 whole minutes and the current part minute (DESIGN §6: "rolling
   * 5-minute window").
   */
  liveApproaches(): DerivedApproach[] {
    for (const phase of this.phases.values()) this.accrueGreen(phase, this.frontier);
    const minute = Math.floor(this.frontier / MINUTE_MS);
    const from = minute - this.options.windowMinutes + 1;
    const partS = (this.frontier - minute * MINUTE_MS) / 1000;
    const windowS = 60 * this.bins.activeMinutes(from, minute - 1) + (this.bins.isActive(minute) ? partS : 0);
    return this.layout.approaches.map((approach) => {
      let bits = this.bins.degraded(from, minute, approach.index);
      if (approach.channels.some((c) => this.health.isExcluded(c))) bits |= DEGRADED_DETECTOR_FAULT;
      const spill = approach.movementIndexes.some((m) => this.lastSpill[m] === 1);
      return deriveApproach(this.layout, approach.index, (m) => this.bins.windowSums(from, minute, m), windowS, spill, bits, this.options);
    });
  }

  /** Split failures per approach over the live window. */
  liveSplitFailures(approachIndex: number): number {
    const minute = Math.floor(this.frontier / MINUTE_MS);
    const from = minute - this.options.windowMinutes + 1;
    return approachSplitFailures(this.layout, approachIndex, (m) => this.bins.windowSums(from, minute, m).splitFailures);
  }

  /** Cycles per approach over the live window (its busiest phase). */
  liveCycles(approachIndex: number): number {
    const minute = Math.floor(this.frontier / MINUTE_MS);
    const from = minute - this.options.windowMinutes + 1;
    const approach = this.layout.approaches[approachIndex];
    return Math.max(0, ...(approach?.movementIndexes ?? []).map((m) => this.bins.windowSums(from, minute, m).cycles));
  }

  /** Phases showing green now. */
  greenPhases(): number[] {
    return [...this.phases.values()].filter((p) => p.tracker.state === 'green').map((p) => p.layout.phase).sort((a, b) => a - b);
  }

  /** Detectors currently excluded as faulty, with their faults. */
  faultyDetectors(): Map<number, DetectorFault[]> {
    const result = new Map<number, DetectorFault[]>();
    for (const channel of this.layout.channelList) {
      if (this.health.isExcluded(channel.channel)) result.set(channel.channel, this.health.faultsOf(channel.channel));
    }
    return result;
  }
}

/**
 * Intersection figures from its approaches: total flow, flow-weighted delay and the
 * flow-weighted congestion index (DESIGN §6).
 *
 * @example summariseIntersection(approaches).congestionIndex
 */
export function summariseIntersection(approaches: readonly Pick<DerivedApproach, 'flowVph' | 'controlDelayS' | 'congestionIndex'>[]): {
  flowVph: number;
  controlDelayS: number | null;
  congestionIndex: number;
} {
  let flow = 0;
  let weighted = 0;
  let delayFlow = 0;
  for (const a of approaches) {
    flow += a.flowVph;
    if (a.controlDelayS !== null && a.flowVph > 0) {
      weighted += a.controlDelayS * a.flowVph;
      delayFlow += a.flowVph;
    }
  }
  return {
    flowVph: flow,
    controlDelayS: delayFlow > 0 ? weighted / delayFlow : null,
    congestionIndex: intersectionCongestionIndex(approaches.map((a) => ({ index: a.congestionIndex, flowVph: a.flowVph }))),
  };
}
