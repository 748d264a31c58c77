/**
 * The detector watchdog of one intersection (DESIGN §7): applies the rules of
 * `detector-rules.ts` to the events of every channel as the shard sees them, in event
 * time, and reports each change of a detector's status. A faulty detector is excluded
 * from the measures (`isExcluded`) until its fault clears:
 * fault code → until 83 (restored); stuck on → until its off; chatter → until a calm
 * minute; no data → until its next on; count mismatch → until the next hourly check passes.
 */
import { EventCode } from '../../contracts/records.js';
import { countMismatch, isChatter, isFaultCode, isNoData, storageBetween, stuckOnEvidence, type DetectorFault, type LaneWitness } from './detector-rules.js';

/** A detector channel as the watchdog sees it. */
export interface HealthChannel {
  channel: number;
  detectorId: string;
  approachIndex: number;
  /** Lanes compared for count mismatch share this key (approach, movement, detector kind). */
  comparisonGroup: string;
  /** Phases serving the detector's lane (no data needs one of them to have shown green). */
  phases: readonly number[];
  /** Detector kind: stop bars and advance loops report on/off and witness each other. */
  kind: string;
  lane: number;
  /** Distance of the detector upstream of the stop line, m. */
  distanceM: number;
}

/** Detectors that report every vehicle as on/off events. */
const EVENT_KINDS = new Set(['stopbar', 'advance']);

/** The nearest other on/off loop in the same lane (a stop bar's advance loop, an advance loop's stop bar), if any. */
function lanePartner(channel: HealthChannel, channels: readonly HealthChannel[]): HealthChannel | undefined {
  if (!EVENT_KINDS.has(channel.kind)) return undefined;
  let nearest: HealthChannel | undefined;
  for (const other of channels) {
    const sameLane = other.channel !== channel.channel && EVENT_KINDS.has(other.kind) && other.approachIndex === channel.approachIndex && other.lane === channel.lane;
    if (!sameLane || other.distanceM === channel.distanceM) continue;
    if (!nearest || Math.abs(other.distanceM - channel.distanceM) < Math.abs(nearest.distanceM - channel.distanceM)) nearest = other;
  }
  return nearest;
}

/** A change of a detector's status, in event time. */
export interface DetectorStatusChange {
  channel: number;
  detectorId: string;
  status: 'ok' | 'faulty';
  /** Every fault active after the change (empty when ok). */
  faults: DetectorFault[];
  /** The fault that opened or closed with this change. */
  cause: DetectorFault;
  at: number;
  /** Facts behind the decision (e.g. `{ onEventsInMinute: 57 }`). */
  details: Record<string, unknown>;
}

const FAULT_BITS: Readonly<Record<DetectorFault, number>> = {
  'no-data': 1,
  'stuck-on': 2,
  chatter: 4,
  'fault-code': 8,
  'count-mismatch': 16,
};
const FAULT_ORDER = Object.keys(FAULT_BITS) as DetectorFault[];

export interface DetectorHealthOptions {
  /** When the watchdog started (epoch ms): a detector silent since then counts as silent. */
  streamStart: number;
  noDataAfterS?: number;
  chatterPerMinute?: number;
  countMismatchShare?: number;
}

const HOUR_MINUTES = 60;

/**
 * @example
 * const health = new DetectorHealthMonitor(channels, { streamStart });
 * health.onEvent(86, 5, ts); // [{ channel: 5, status: 'faulty', cause: 'fault-code', ... }]
 * health.isExcluded(5) // true
 */
export class DetectorHealthMonitor {
  private readonly channels: ReadonlyMap<number, HealthChannel>;
  private readonly faults = new Map<number, number>();
  /** Last sign of life per channel: an on-event, an off-event or a sample with vehicles. */
  private readonly lastAlive = new Map<number, number>();
  /** Vehicles per channel since the watch began: on-events, or sample volumes. */
  private readonly vehicles = new Map<number, number>();
  /** The other lanes of each channel's movement (same kind), and their vehicles at its last sign of life. */
  private readonly peers = new Map<number, number[]>();
  private readonly peerVehiclesAtLife = new Map<number, number[]>();
  /** The lane witness of each event channel, and the vehicles between them (see `stuckOnEvidence`). */
  private readonly witnesses = new Map<number, { channel: number; storageVeh: number }>();
  /** Channels held on past the stuck-on limit that a standing queue explained so far. */
  private readonly queueExplained = new Set<number>();
  /** The witness's on-event count when this channel went on. */
  private readonly witnessCountAtOn = new Map<number, number>();
  /** Channels reporting occupied now (an occupied detector is not silent). */
  private readonly occupied = new Set<number>();
  private readonly minuteOn = new Map<number, number>();
  private readonly hourly = new Map<number, Uint16Array>();
  private readonly lastGreen = new Map<number, number>();
  private readonly greenNow = new Set<number>();
  private readonly groups = new Map<string, number[]>();
  private minutesSeen = 0;
  private readonly options: Required<DetectorHealthOptions>;

  constructor(channels: readonly HealthChannel[], options: DetectorHealthOptions) {
    this.options = { noDataAfterS: 600, chatterPerMinute: 40, countMismatchShare: 0.4, ...options };
    this.channels = new Map(channels.map((c) => [c.channel, c]));
    for (const c of channels) {
      this.lastAlive.set(c.channel, options.streamStart);
      this.hourly.set(c.channel, new Uint16Array(HOUR_MINUTES));
      const members = this.groups.get(c.comparisonGroup) ?? [];
      members.push(c.channel);
      this.groups.set(c.comparisonGroup, members);
    }
    for (const c of channels) {
      const partner = lanePartner(c, channels);
      if (partner) this.witnesses.set(c.channel, { channel: partner.channel, storageVeh: storageBetween(partner.distanceM - c.distanceM) });
      const peers = (this.groups.get(c.comparisonGroup) ?? []).filter((other) => other !== c.channel);
      this.peers.set(c.channel, peers);
      this.peerVehiclesAtLife.set(c.channel, peers.map(() => 0));
    }
  }

  /** Whether the channel's events are to be left out of the measures. */
  isExcluded(channel: number): boolean {
    return (this.faults.get(channel) ?? 0) !== 0;
  }

  /** Active faults of a channel. */
  faultsOf(channel: number): DetectorFault[] {
    const bits = this.faults.get(channel) ?? 0;
    return FAULT_ORDER.filter((f) => (bits & FAULT_BITS[f]) !== 0);
  }

  /** Faults known to hold when the watchdog starts (a replay from the middle of a fault). */
  seed(channel: number, faults: readonly DetectorFault[]): void {
    if (!this.channels.has(channel)) return;
    let bits = this.faults.get(channel) ?? 0;
    for (const fault of faults) bits |= FAULT_BITS[fault];
    this.faults.set(channel, bits);
  }

  /** A phase's green began or ended (no-data needs to know the phase was served). */
  onPhaseGreen(phase: number, ts: number, green: boolean): void {
    this.lastGreen.set(phase, ts);
    if (green) this.greenNow.add(phase);
    else this.greenNow.delete(phase);
  }

  /** A detector event (81, 82, 83–88) of a configured channel. */
  onEvent(code: number, channel: number, ts: number): DetectorStatusChange | undefined {
    if (!this.channels.has(channel)) return undefined;
    if (code === EventCode.DETECTOR_ON) {
      if (!this.occupied.has(channel)) {
        const witness = this.witnesses.get(channel);
        if (witness) this.witnessCountAtOn.set(channel, this.vehicles.get(witness.channel) ?? 0);
      }
      this.occupied.add(channel);
      this.vehicles.set(channel, (this.vehicles.get(channel) ?? 0) + 1);
      this.signOfLife(channel, ts);
      this.minuteOn.set(channel, (this.minuteOn.get(channel) ?? 0) + 1);
      return this.clear(channel, 'no-data', ts, {});
    }
    if (code === EventCode.DETECTOR_OFF) {
      this.occupied.delete(channel);
      this.queueExplained.delete(channel);
      // An off after a long on is a sign of life too: silence counts from here, not from the on.
      this.signOfLife(channel, ts);
      return this.clear(channel, 'stuck-on', ts, {});
    }
    if (code === EventCode.DETECTOR_RESTORED) return this.clear(channel, 'fault-code', ts, { code });
    if (isFaultCode(code)) return this.raise(channel, 'fault-code', ts, { code });
    return undefined;
  }

  /**
   * An aggregated sample of a detector (count detectors report samples, not events): its
   * vehicles count as the detector's activity, spread evenly over its interval.
   */
  onSample(channel: number, endTs: number, volume: number): DetectorStatusChange | undefined {
    if (!this.channels.has(channel)) return undefined;
    this.minuteOn.set(channel, (this.minuteOn.get(channel) ?? 0) + volume);
    if (volume <= 0) return undefined;
    this.vehicles.set(channel, (this.vehicles.get(channel) ?? 0) + volume);
    this.signOfLife(channel, endTs);
    return this.clear(channel, 'no-data', endTs, { sampleVolume: volume });
  }

  /**
   * The shard saw the channel on past the stuck-on limit (`limitAt`, the limit's end) at
   * event time `now`. Returns undefined without a fault while a standing queue explains it
   * (`stuckOnEvidence`); the shard asks again later. The fault is dated at the limit's end
   * when the first check finds it, at the check that finds it once a queue no longer explains it.
   */
  onStuck(channel: number, limitAt: number, onSince: number, now: number = limitAt): DetectorStatusChange | undefined {
    if (this.isFaulty(channel, 'stuck-on')) return undefined;
    const evidence = stuckOnEvidence(this.laneWitness(channel));
    if (!evidence) {
      this.queueExplained.add(channel);
      return undefined;
    }
    const at = this.queueExplained.delete(channel) ? now : limitAt;
    // The evidence goes with the fault, so an engineer can see why the loop was judged stuck.
    return this.raise(channel, 'stuck-on', at, { onSince, ...evidence });
  }

  /** Whether a fault of that kind is active on the channel. */
  isFaulty(channel: number, fault: DetectorFault): boolean {
    return ((this.faults.get(channel) ?? 0) & FAULT_BITS[fault]) !== 0;
  }

  /** The channel's lane witness, unless it has none or that one is faulty itself. */
  private laneWitness(channel: number): LaneWitness | undefined {
    const witness = this.witnesses.get(channel);
    if (!witness || this.isExcluded(witness.channel)) return undefined;
    const seen = (this.vehicles.get(witness.channel) ?? 0) - (this.witnessCountAtOn.get(channel) ?? 0);
    return {
      detectorId: this.channels.get(witness.channel)?.detectorId ?? String(witness.channel),
      vehiclesSinceOn: seen,
      storageVeh: witness.storageVeh,
      occupied: this.occupied.has(witness.channel),
    };
  }

  /**
   * Closes a minute [minuteStart, minuteStart + 60 s): chatter and no-data checks, and the
   * hourly count-mismatch check when the minute ends an hour.
   */
  closeMinute(minuteStart: number): DetectorStatusChange[] {
    const end = minuteStart + 60_000;
    const slot = Math.floor(minuteStart / 60_000) % HOUR_MINUTES;
    const changes: DetectorStatusChange[] = [];
    const push = (change: DetectorStatusChange | undefined) => {
      if (change) changes.push(change);
    };
    this.minutesSeen++;
    for (const [channel, info] of this.channels) {
      const count = this.minuteOn.get(channel) ?? 0;
      (this.hourly.get(channel) as Uint16Array)[slot] = Math.min(65535, count);
      if (isChatter(count, this.options.chatterPerMinute)) push(this.raise(channel, 'chatter', end, { onEventsInMinute: count }));
      else push(this.clear(channel, 'chatter', end, { onEventsInMinute: count }));
      const last = this.lastAlive.get(channel) ?? -Infinity;
      const silentS = (end - last) / 1000;
      const noData =
        !this.occupied.has(channel) &&
        silentS > this.options.noDataAfterS &&
        isNoData(
          {
            silentS,
            phaseHadGreen: info.phases.some((p) => this.greenNow.has(p) || (this.lastGreen.get(p) ?? -Infinity) > last),
            expectedVehicles: this.expectedVehicles(channel, silentS),
          },
          this.options.noDataAfterS,
        );
      if (noData) push(this.raise(channel, 'no-data', end, { silentS: Math.round(silentS) }));
    }
    this.minuteOn.clear();
    if (end % 3_600_000 === 0 && this.minutesSeen >= HOUR_MINUTES) changes.push(...this.checkCounts(end));
    return changes;
  }

  /** A vehicle, a release or a sample: the channel is alive; its peers' counts start again from here. */
  private signOfLife(channel: number, ts: number): void {
    this.lastAlive.set(channel, Math.max(this.lastAlive.get(channel) ?? -Infinity, ts));
    const peers = this.peers.get(channel);
    if (peers && peers.length > 0) this.peerVehiclesAtLife.set(channel, peers.map((p) => this.vehicles.get(p) ?? 0));
  }

  /**
   * Vehicles the channel should have seen in its silence: the mean its working peers (the
   * other lanes of its movement) counted since, or its own rate over the last hour, whichever is larger.
   */
  private expectedVehicles(channel: number, silentS: number): number {
    const peers = this.peers.get(channel) ?? [];
    const atLife = this.peerVehiclesAtLife.get(channel);
    let working = 0;
    let seen = 0;
    peers.forEach((peer, i) => {
      if (this.isExcluded(peer)) return;
      working++;
      seen += (this.vehicles.get(peer) ?? 0) - (atLife?.[i] ?? 0);
    });
    const fromPeers = working > 0 ? seen / working : 0;
    const lastHour = (this.hourly.get(channel) as Uint16Array).reduce((a, b) => a + b, 0);
    const fromOwnHour = (lastHour * Math.min(silentS, 3600)) / 3600;
    return Math.max(fromPeers, fromOwnHour);
  }

  private checkCounts(at: number): DetectorStatusChange[] {
    const changes: DetectorStatusChange[] = [];
    const hourCount = (channel: number) => (this.hourly.get(channel) as Uint16Array).reduce((a, b) => a + b, 0);
    for (const members of this.groups.values()) {
      if (members.length < 2) continue;
      const counts = members.map(hourCount);
      members.forEach((channel, i) => {
        const own = counts[i] as number;
        const details = { hourCount: own, movementLaneCounts: counts };
        const change = countMismatch(own, counts, { share: this.options.countMismatchShare })
          ? this.raise(channel, 'count-mismatch', at, details)
          : this.clear(channel, 'count-mismatch', at, details);
        if (change) changes.push(change);
      });
    }
    return changes;
  }

  private raise(channel: number, fault: DetectorFault, at: number, details: Record<string, unknown>): DetectorStatusChange | undefined {
    const before = this.faults.get(channel) ?? 0;
    const after = before | FAULT_BITS[fault];
    if (after === before) return undefined;
    this.faults.set(channel, after);
    return this.change(channel, fault, at, details);
  }

  private clear(channel: number, fault: DetectorFault, at: number, details: Record<string, unknown>): DetectorStatusChange | undefined {
    const before = this.faults.get(channel) ?? 0;
    if ((before & FAULT_BITS[fault]) === 0) return undefined;
    this.faults.set(channel, before & ~FAULT_BITS[fault]);
    return this.change(channel, fault, at, details);
  }

  private change(channel: number, cause: DetectorFault, at: number, details: Record<string, unknown>): DetectorStatusChange {
    const faults = this.faultsOf(channel);
    const info = this.channels.get(channel) as HealthChannel;
    return { channel, detectorId: info.detectorId, status: faults.length > 0 ? 'faulty' : 'ok', faults, cause, at, details };
  }
}
