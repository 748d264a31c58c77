/**
 * What detectors report, built from the vehicles' zone occupancies:
 * - `ChannelTrack` (stop-bar and advance detectors wired to controller channels): the union of
 *   the occupancies of every vehicle on the zone, with faults applied, as 82 (on) / 81 (off) events;
 * - `SampleTrack` (count and speed detectors: video, radar): aggregated samples per interval.
 *
 * Occupancies arrive out of order and some stay open until their vehicle crosses the stop
 * line, but the simulator guarantees (by running ahead of what it emits, see `simulation.ts`)
 * that when a window [from, to) is flushed, every occupancy starting before `to` is known and
 * every unknown end lies at or after `to`. Each flush therefore emits only final edges, and
 * successive flushes concatenate into one consistent stream: strictly alternating on/off per
 * channel, on < off, no overlaps.
 */
import { EventCode, type DetectorSample } from '../../services/contracts/records.js';
import { applyFaults, mergeBlocks, type Block, type FaultWindow } from './detector-faults.js';

/** One vehicle on one zone, epoch ms (integers). `end` is NaN until the queue model has decided when the vehicle leaves. */
export interface ZoneOccupancy {
  start: number;
  end: number;
  /** Spot speed over the zone, km/h, once `end` is known. */
  speedKmh: number;
}

/** Inserts keeping `list` sorted by start (occupancies mostly arrive in order: append is the common case). */
function insertByStart(list: ZoneOccupancy[], item: ZoneOccupancy): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] as ZoneOccupancy).start > item.start) i--;
  list.splice(i, 0, item);
}

function physicalBlocks(list: readonly ZoneOccupancy[], before: number): Block[] {
  const blocks: Block[] = [];
  for (const o of list) {
    if (o.start >= before) break;
    blocks.push([o.start, Number.isNaN(o.end) ? Infinity : o.end]);
  }
  return mergeBlocks(blocks);
}

type EmitEvent = (ts: number, code: number, param: number) => void;

/**
 * A controller detector channel.
 *
 * @example
 * const track = new ChannelTrack(5, []);
 * track.add({ start: 1000, end: 1800, speedKmh: 36 });
 * track.flush(0, 2000, (ts, code, channel) => ...); // 82 at 1000, 81 at 1800
 */
export class ChannelTrack {
  private occupancies: ZoneOccupancy[] = [];
  /**
   * Whether the block still open at the end of the last flush had its on-event reported. Only
   * that block can reach back before the next window, and an activation that began before the
   * run's first window is never reported (its off would be an orphan).
   */
  private openReported = false;

  constructor(
    readonly channel: number,
    private readonly faults: readonly FaultWindow[],
  ) {}

  add(occupancy: ZoneOccupancy): void {
    insertByStart(this.occupancies, occupancy);
  }

  /** Emits the on/off edges in [from, to), then forgets occupancies that ended before `to`. */
  flush(from: number, to: number, emit: EmitEvent): void {
    const physical = physicalBlocks(this.occupancies, to);
    // A fault that ended before the window can only change blocks that began before it too: no edge moves.
    const faults = this.faults.filter((f) => f.start < to && f.end >= from);
    const blocks = faults.length > 0 ? applyFaults(physical, faults) : physical;
    for (const [start, end] of blocks) {
      if (start >= to) break;
      if (end < from) continue;
      let reported = this.openReported;
      if (start >= from) {
        emit(start, EventCode.DETECTOR_ON, this.channel);
        reported = true;
      }
      if (end < to) {
        if (reported) emit(end, EventCode.DETECTOR_OFF, this.channel);
        this.openReported = false;
      } else {
        this.openReported = reported;
      }
    }
    if (this.occupancies.length > 0) this.occupancies = this.occupancies.filter((o) => !(o.end < to));
  }
}

/**
 * A count or speed detector reporting aggregated samples (DESIGN §4.2) per fixed interval
 * aligned to the epoch (whole minutes for 60 s).
 * volume: vehicles whose front entered the zone in the interval (none while a fault masks them,
 * plus chatter pulses); occupancyPct: reported occupied time ÷ interval; speedKmh: mean spot
 * speed of the counted vehicles. A dead detector sends no sample for an interval it touches.
 */
export class SampleTrack {
  private occupancies: ZoneOccupancy[] = [];
  private nextBinStart: number;

  constructor(
    readonly detectorId: string,
    readonly intersectionId: string,
    private readonly intervalMs: number,
    firstTs: number,
    private readonly faults: readonly FaultWindow[],
  ) {
    this.nextBinStart = Math.ceil(firstTs / intervalMs) * intervalMs;
  }

  add(occupancy: ZoneOccupancy): void {
    insertByStart(this.occupancies, occupancy);
  }

  /** Appends the samples of every interval that ends by `to`. */
  flush(to: number, out: DetectorSample[]): void {
    while (this.nextBinStart + this.intervalMs <= to) {
      const start = this.nextBinStart;
      const end = start + this.intervalMs;
      const sample = this.sample(start, end);
      if (sample) out.push(sample);
      this.nextBinStart = end;
      // An occupancy that ended within this interval cannot touch the next ones.
      this.occupancies = this.occupancies.filter((o) => !(o.end < end));
    }
  }

  private sample(start: number, end: number): DetectorSample | undefined {
    const faults = this.faults.filter((f) => f.start < end && f.end > start);
    if (faults.some((f) => f.kind === 'dead')) return undefined;
    const masked = (t: number) => faults.some((f) => t >= f.start && t < f.end);
    let volume = 0;
    let speedSum = 0;
    let speedCount = 0;
    for (const o of this.occupancies) {
      if (o.start >= end) break;
      if (o.start < start || masked(o.start)) continue;
      volume++;
      if (!Number.isNaN(o.end)) {
        speedSum += o.speedKmh;
        speedCount++;
      }
    }
    for (const f of faults) for (const [on] of f.pulses) if (on >= start && on < end) volume++;
    const blocks = faults.length > 0 ? applyFaults(physicalBlocks(this.occupancies, end), faults) : physicalBlocks(this.occupancies, end);
    let occupiedMs = 0;
    for (const [a, b] of blocks) occupiedMs += Math.max(0, Math.min(b, end) - Math.max(a, start));
    return {
      detectorId: this.detectorId,
      intersectionId: this.intersectionId,
      ts: start,
      intervalS: this.intervalMs / 1000,
      volume,
      occupancyPct: Math.round((occupiedMs / this.intervalMs) * 1000) / 10,
      speedKmh: speedCount > 0 ? Math.round((speedSum / speedCount) * 10) / 10 : null,
      queueM: null,
    };
  }
}
