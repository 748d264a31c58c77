/**
 * Ground truth per approach per minute (definitions in `GroundTruthMinute`, types.ts), and
 * roll-ups of it for whoever checks measures or compares plans against it.
 */
import type { MovementType } from '../../geo/network/network.schema.js';
import type { GroundTruthMinute, MovementTruth } from './types.js';

const MINUTE_MS = 60_000;

interface MinuteBin {
  arrivals: number[];
  departures: number[];
  delayS: number[];
  arrivalsOnGreen: number;
  maxQueueVeh: number;
  maxLaneQueueVeh: number;
  spillback: boolean;
  /** Queue state after the last change in the minute. */
  endQueueVeh: number;
  endLaneQueueVeh: number;
  /** Full-link state after the last change in the minute; null when it did not change. */
  endFull: boolean | null;
}

/**
 * Accumulates one approach's truth minute by minute. The simulator runs ahead of what it
 * hands out, so several minutes may be open at once; `finalize` closes those that ended.
 *
 * @example
 * const truth = new ApproachTruth('A', 'A-W', ['L', 'T', 'R'], 7, t0);
 * truth.arrival(t0 + 5_000, 1, true);
 * truth.finalize(t0 + 60_000); // [{ approachId: 'A-W', ts: t0, arrivals: 1, arrivalsOnGreen: 1, ... }]
 */
export class ApproachTruth {
  private readonly bins = new Map<number, MinuteBin>();
  private nextMinute: number;
  private carriedQueueVeh = 0;
  private carriedLaneQueueVeh = 0;
  private carriedFull = false;

  constructor(
    readonly intersectionId: string,
    readonly approachId: string,
    private readonly movementTypes: readonly MovementType[],
    private readonly jamSpacingM: number,
    /** Minutes that start before this are not reported (warm-up, partial first minute). */
    private readonly firstTs: number,
    fromTs = firstTs,
  ) {
    this.nextMinute = Math.floor(fromTs / MINUTE_MS);
  }

  private bin(ts: number): MinuteBin {
    const minute = Math.floor(ts / MINUTE_MS);
    let bin = this.bins.get(minute);
    if (!bin) {
      const n = this.movementTypes.length;
      bin = {
        arrivals: new Array<number>(n).fill(0),
        departures: new Array<number>(n).fill(0),
        delayS: new Array<number>(n).fill(0),
        arrivalsOnGreen: 0,
        maxQueueVeh: 0,
        maxLaneQueueVeh: 0,
        spillback: false,
        endQueueVeh: -1,
        endLaneQueueVeh: -1,
        endFull: null,
      };
      this.bins.set(minute, bin);
    }
    return bin;
  }

  arrival(ts: number, movementIndex: number, onGreen: boolean): void {
    const bin = this.bin(ts);
    bin.arrivals[movementIndex] = (bin.arrivals[movementIndex] ?? 0) + 1;
    if (onGreen) bin.arrivalsOnGreen++;
  }

  departure(ts: number, movementIndex: number, delayS: number): void {
    const bin = this.bin(ts);
    bin.departures[movementIndex] = (bin.departures[movementIndex] ?? 0) + 1;
    bin.delayS[movementIndex] = (bin.delayS[movementIndex] ?? 0) + delayS;
  }

  /** The approach's queue (all lanes) and its longest lane queue after a change at `ts`. */
  queue(ts: number, queueVeh: number, longestLaneVeh: number): void {
    const bin = this.bin(ts);
    bin.maxQueueVeh = Math.max(bin.maxQueueVeh, queueVeh);
    bin.maxLaneQueueVeh = Math.max(bin.maxLaneQueueVeh, longestLaneVeh);
    bin.endQueueVeh = queueVeh;
    bin.endLaneQueueVeh = longestLaneVeh;
  }

  /** Whether some lane of the approach is full (its queue reaches the link's upstream end), from `ts`. */
  full(ts: number, anyFull: boolean): void {
    const bin = this.bin(ts);
    if (anyFull) bin.spillback = true;
    bin.endFull = anyFull;
  }

  /** Closes and returns the minutes that end by `until` (those before `firstTs` are dropped). */
  finalize(until: number): GroundTruthMinute[] {
    const out: GroundTruthMinute[] = [];
    while ((this.nextMinute + 1) * MINUTE_MS <= until) {
      const minute = this.nextMinute++;
      const bin = this.bins.get(minute);
      this.bins.delete(minute);
      const startQueue = this.carriedQueueVeh;
      const startLane = this.carriedLaneQueueVeh;
      const startFull = this.carriedFull;
      if (bin) {
        if (bin.endQueueVeh >= 0) {
          this.carriedQueueVeh = bin.endQueueVeh;
          this.carriedLaneQueueVeh = bin.endLaneQueueVeh;
        }
        this.carriedFull = bin.endFull ?? startFull;
      }
      const ts = minute * MINUTE_MS;
      if (ts < this.firstTs) continue;
      out.push(this.minute(ts, bin, Math.max(startQueue, bin?.maxQueueVeh ?? 0), Math.max(startLane, bin?.maxLaneQueueVeh ?? 0), startFull || (bin?.spillback ?? false)));
    }
    return out;
  }

  private minute(ts: number, bin: MinuteBin | undefined, maxQueueVeh: number, longestLaneVeh: number, spillback: boolean): GroundTruthMinute {
    const movements: MovementTruth[] = this.movementTypes.map((type, i) => {
      const departures = bin?.departures[i] ?? 0;
      return {
        type,
        arrivals: bin?.arrivals[i] ?? 0,
        departures,
        meanDelayS: departures > 0 ? round3((bin?.delayS[i] ?? 0) / departures) : null,
      };
    });
    const arrivals = movements.reduce((s, m) => s + m.arrivals, 0);
    const departures = movements.reduce((s, m) => s + m.departures, 0);
    const totalDelayS = round3((bin?.delayS ?? []).reduce((s, d) => s + d, 0));
    const arrivalsOnGreen = bin?.arrivalsOnGreen ?? 0;
    return {
      intersectionId: this.intersectionId,
      approachId: this.approachId,
      ts,
      arrivals,
      departures,
      totalDelayS,
      meanDelayS: departures > 0 ? round3(totalDelayS / departures) : null,
      maxQueueVeh,
      maxQueueM: longestLaneVeh * this.jamSpacingM,
      arrivalsOnGreen,
      aogShare: arrivals > 0 ? round3(arrivalsOnGreen / arrivals) : null,
      spillback,
      movements,
    };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
