/**
 * One intersection's shard (DESIGN §3): the reorder window in front of the deterministic
 * measure core, the alert rules behind it, and the live state for the realtime layer.
 * Pure: no I/O and no clock — wall time comes in as arguments (`receivedAt`, `clock(now)`)
 * and only drives silence detection, never a measure.
 */
import type { ResolvedIntersection } from '../../../geo/network/load-network.js';
import type { ApproachState, DegradedReason, IntersectionState } from '../../contracts/live.js';
import type { ControllerEvent, DetectorSample } from '../../contracts/records.js';
import { congestionLevel } from '../measures/congestion-index.js';
import { AlertRules, type AlertRuleOptions, type AlertUpdate } from './alert-rules.js';
import type { IntersectionLayout } from './intersection-layout.js';
import { LiveSignals } from './live-signals.js';
import { MeasureCore, summariseIntersection, type CoreOptions, type CoreOutputs } from './measure-core.js';
import { ReorderBuffer } from './reorder-buffer.js';
import { SampleQueue } from './sample-queue.js';

export interface ShardOptions extends Omit<CoreOptions, 'streamStart'> {
  /** Reorder window, ms (DESIGN: 3 s by default). */
  reorderWindowMs: number;
  alertRules?: AlertRuleOptions;
}

export interface ShardStep {
  outputs: CoreOutputs;
  alerts: AlertUpdate[];
  /** The earliest late event (older than the released frontier): cycles and minutes from here need a recompute. */
  lateFrom: number | null;
  lateEvents: number;
  /** Aggregated samples for minutes already closed. */
  lateSamples: number;
  duplicates: number;
}

export class IntersectionShard {
  readonly intersection: ResolvedIntersection;
  readonly layout: IntersectionLayout;
  readonly options: ShardOptions;
  rules: AlertRules;
  core: MeasureCore;
  readonly buffer: ReorderBuffer;
  readonly samples = new SampleQueue();
  /** The signal display on arrival, ahead of the reorder window (see live-signals.ts). */
  readonly signals: LiveSignals;
  /** Wall time of the last batch that carried events. */
  lastReceivedAt: number | null = null;
  private flash = false;
  private powerFailure = false;

  constructor(intersection: ResolvedIntersection, layout: IntersectionLayout, options: ShardOptions, streamStart: number) {
    this.intersection = intersection;
    this.layout = layout;
    this.options = options;
    this.core = new MeasureCore(layout, { ...options, streamStart });
    this.buffer = new ReorderBuffer(options.reorderWindowMs, streamStart);
    this.signals = new LiveSignals(layout.phases.keys());
    this.rules = new AlertRules(intersection, options.alertRules);
  }

  /** A fresh core over the same layout and options (replays and recomputes). */
  newCore(streamStart: number, seedFaults?: CoreOptions['seedFaults']): MeasureCore {
    return new MeasureCore(this.layout, { ...this.options, streamStart, ...(seedFaults ? { seedFaults } : {}) });
  }

  /**
   * Takes events (any order) and aggregated samples; applies the events the window
   * releases. Samples go straight to their minutes, which stay open a minute after their end.
   *
   * @param receivedAt wall time of the batch, for silence detection (omit in replays)
   */
  accept(events: readonly ControllerEvent[], receivedAt?: number, samples: readonly DetectorSample[] = []): ShardStep {
    this.signals.observe(events);
    const { late, duplicates } = this.buffer.push(events);
    let lateFrom: number | null = null;
    for (const event of late) lateFrom = lateFrom === null ? event.ts : Math.min(lateFrom, event.ts);
    const lateSamples = this.samples.push(this.core, samples);
    for (const sample of lateSamples) lateFrom = lateFrom === null ? sample.ts : Math.min(lateFrom, sample.ts);
    const received = events.length + samples.length > 0;
    const step = this.apply(this.buffer.release(), receivedAt === undefined || !received ? [] : this.rules.onClock(receivedAt, receivedAt));
    if (receivedAt !== undefined && received) this.lastReceivedAt = receivedAt;
    return { ...step, lateFrom, lateEvents: late.length, lateSamples: lateSamples.length, duplicates };
  }

  /**
   * Moves an idle shard on to `until` (event time): releases what the window holds before
   * it and closes what that allows. The engine calls it when a feed has gone quiet, so
   * minutes still close; anything older than `until` arriving later is late.
   */
  idle(until: number): ShardStep {
    if (until <= this.buffer.frontier) return { outputs: this.core.drain(), alerts: [], lateFrom: null, lateEvents: 0, lateSamples: 0, duplicates: 0 };
    return { ...this.apply(this.buffer.releaseBefore(until), []), lateFrom: null, lateEvents: 0, lateSamples: 0, duplicates: 0 };
  }

  /** Silence alerts by the wall clock. */
  clock(now: number): AlertUpdate[] {
    return this.rules.onClock(now, this.lastReceivedAt);
  }

  /** Forgets the alert rules' state (after a warm-up from the database, before restoring the stored alerts). */
  resetAlerts(): void {
    this.rules = new AlertRules(this.intersection, this.options.alertRules);
  }

  /** Swaps in a core rebuilt from the database (after a late batch); it must stand at the same frontier. */
  replaceCore(core: MeasureCore): void {
    core.advanceTo(this.buffer.frontier);
    this.core = core;
  }

  private apply(released: readonly ControllerEvent[], alerts: AlertUpdate[]): Omit<ShardStep, 'lateFrom' | 'lateEvents' | 'lateSamples' | 'duplicates'> {
    for (const event of released) {
      this.samples.applyUntil(this.core, event.ts);
      this.core.apply(event);
    }
    this.samples.applyUntil(this.core, this.buffer.frontier);
    this.core.advanceTo(this.buffer.frontier);
    const outputs = this.core.drain();
    for (const signal of outputs.signals) {
      if (signal.kind === 'flash') this.flash = signal.active;
      else this.powerFailure = signal.active;
      alerts.push(...this.rules.onSignal(signal));
    }
    for (const change of outputs.detectorChanges) alerts.push(...this.rules.onDetectorChange(change));
    for (const row of outputs.approachMinutes) alerts.push(...this.rules.onApproachMinute(row));
    for (const row of outputs.intersectionMinutes) {
      alerts.push(...this.rules.onIntersectionMinute(row, outputs.approachMinutes.filter((a) => a.ts === row.ts)));
    }
    return { outputs, alerts };
  }

  /** The live state over the rolling window (DESIGN §6), for the realtime layer. */
  state(): IntersectionState {
    const silent = this.rules.isActive('silent');
    const derived = this.core.liveApproaches();
    // Approach measures stand at the events the reorder window has released; the signals
    // (and so the intersection's source time) at the newest event received.
    const sourceTs = this.core.newestEventTs ?? this.core.frontier;
    const signalsTs = Math.max(sourceTs, this.signals.newestTs ?? sourceTs);
    const approaches: ApproachState[] = derived.map((a, index) => {
      const degraded: DegradedReason[] = silent ? [...a.degraded, 'controller-silent'] : a.degraded;
      return {
        approachId: a.approachId,
        intersectionId: this.layout.intersectionId,
        sourceTs,
        flowVph: a.flowVph,
        vc: a.vc,
        controlDelayS: a.controlDelayS,
        los: a.los,
        queueVeh: a.queueVeh,
        queueM: a.queueM,
        aogPct: a.aogPct,
        splitFailures: this.core.liveSplitFailures(index),
        cycles: this.core.liveCycles(index),
        spillback: a.spillback,
        congestionIndex: a.congestionIndex,
        level: a.level,
        linkSpeedKmh: a.linkSpeedKmh,
        degraded,
        atspmDelayS: a.atspmDelayS,
        movements: a.movements,
      };
    });
    const summary = summariseIntersection(derived);
    const faulty = this.core.faultyDetectors();
    return {
      intersectionId: this.layout.intersectionId,
      sourceTs: signalsTs,
      congestionIndex: summary.congestionIndex,
      level: congestionLevel(summary.congestionIndex),
      flowVph: summary.flowVph,
      greenPhases: this.signals.greenPhases() ?? this.core.greenPhases(),
      planId: this.layout.planId,
      cycleS: this.layout.cycleS,
      silent,
      controllerFault: this.powerFailure ? 'power-failure' : this.flash ? 'flash' : null,
      approaches,
      controlDelayS: summary.controlDelayS,
      faultyDetectors: [...faulty.keys()].map((channel) => this.layout.channels[channel]?.detectorId ?? String(channel)),
    };
  }
}
