/**
 * The detector watchdog of one intersection (DESIGN §7): applies the rules of
 * `detector-rules.ts` to the events of every channel as the shard sees them, in event
 * time, and reports each change of a detector's status. A faulty detector is excluded
 * from the measures (`isExcluded`) until its fault clears:
 * fault code → until 83 (restored); stuck on → until its off; chatter → until a calm
 * minute; no data → until its next on; count mismatch → until the next hourly check passes.
 */
import { EventCode } from '../../contracts/records.js';
import { countMismatch, isChatter, isFaultCode, isNoData, type DetectorFault } from './detector-rules.js';

/** A detector channel as the watchdog sees it. */
export interface HealthChannel {
  channel: number;
  detectorId: string;
  approachIndex: number;
  /** Lanes compared for count mismatch share this key (approach, movement, detector kind). */
  comparisonGroup: string;
  /** Phases serving the detector's lane (no data needs one of them to have shown green). */
  phases: readonly number[];
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
  private readonly lastOn = new Map<number, number>();
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
      this.lastOn.set(c.channel, options.streamStart);
      this.hourly.set(c.channel, new Uint16Array(HOUR_MINUTES));
      const members = this.groups.get(c.comparisonGroup) ?? [];
      members.push(c.channel);
      this.groups.set(c.comparisonGroup, members);
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
      this.occupied.add(channel);
      this.lastOn.set(channel, ts);
      this.minuteOn.set(channel, (this.minuteOn.get(channel) ?? 0) + 1);
      return this.clear(channel, 'no-data', ts, {});
    }
    if (code === EventCode.DETECTOR_OFF) {
      this.occupied.delete(channel);
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
    this.lastOn.set(channel, Math.max(this.lastOn.get(channel) ?? -Infinity, endTs));
    return this.clear(channel, 'no-data', endTs, { sampleVolume: volume });
  }

  /** The shard saw the channel on for longer than the stuck-on limit. */
  onStuck(channel: number, at: number, onSince: number): DetectorStatusChange | undefined {
    return this.raise(channel, 'stuck-on', at, { onSince });
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
      const last = this.lastOn.get(channel) ?? -Infinity;
      const silentS = (end - last) / 1000;
      const noData = !this.occupied.has(channel) && isNoData(
        {
          silentS,
          phaseHadGreen: info.phases.some((p) => this.greenNow.has(p) || (this.lastGreen.get(p) ?? -Infinity) > last),
          neighboursCounted: this.neighbourCountedSince(info, channel, last),
        },
        this.options.noDataAfterS,
      );
      if (noData) push(this.raise(channel, 'no-data', end, { silentS: Math.round(silentS) }));
    }
    this.minuteOn.clear();
    if (end % 3_600_000 === 0 && this.minutesSeen >= HOUR_MINUTES) changes.push(...this.checkCounts(end));
    return changes;
  }

  private neighbourCountedSince(info: HealthChannel, channel: number, since: number): boolean {
    for (const [other, otherInfo] of this.channels) {
      if (other !== channel && otherInfo.approachIndex === info.approachIndex && (this.lastOn.get(other) ?? -Infinity) > since && !this.isExcluded(other)) return true;
    }
    return false;
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
