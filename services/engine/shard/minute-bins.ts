/**
 * Ring of per-minute additive records for every movement of an intersection (the
 * `MovementSums` of contracts/measures), plus per-minute flags: whether the controller
 * reported at all, why an approach's figures are degraded, and whether the last cycle
 * of a movement in that minute spilled back. A window of minutes is a sum of bins.
 * Typed arrays keep a shard's memory small and flat.
 */
import type { MovementSums } from '../../contracts/measures.js';
import { MOVEMENT_SUM_FIELDS } from '../measures/movement-sums.js';

export const FIELD_COUNT = MOVEMENT_SUM_FIELDS.length;
/** Index of each field in a bin. */
export const F = Object.fromEntries(MOVEMENT_SUM_FIELDS.map((name, i) => [name, i])) as Record<(typeof MOVEMENT_SUM_FIELDS)[number], number>;

export const MINUTE_MS = 60_000;

/**
 * Green time is accrued piece by piece (at phase changes, minute ends, live reads), so it is
 * held in whole milliseconds — sums of integers are exact in any order — and read in seconds.
 */
const MS_FIELDS = new Set<number>([F.greenS]);

/** Per approach per minute: why its measures are less trustworthy. */
export const DEGRADED_DETECTOR_FAULT = 1;
export const DEGRADED_MISSING_PHASE_EVENTS = 2;

export class MinuteBins {
  readonly ring: number;
  private readonly movements: number;
  private readonly approaches: number;
  private readonly sums: Float64Array;
  /** Which minute (epoch minutes) each slot holds; NaN when empty. */
  private readonly slotMinute: Float64Array;
  private readonly activeFlag: Uint8Array;
  private readonly degradedBits: Uint8Array;
  /** Per movement: -1 no cycle ended in the minute, else 0/1 = whether the last one spilled back. */
  private readonly lastSpill: Int8Array;
  private readonly scratch = new Float64Array(FIELD_COUNT);

  constructor(movements: number, approaches: number, ring: number) {
    this.ring = ring;
    this.movements = movements;
    this.approaches = approaches;
    this.sums = new Float64Array(ring * movements * FIELD_COUNT);
    this.slotMinute = new Float64Array(ring).fill(NaN);
    this.activeFlag = new Uint8Array(ring);
    this.degradedBits = new Uint8Array(ring * approaches);
    this.lastSpill = new Int8Array(ring * movements).fill(-1);
  }

  /** The slot of a minute, resetting it when it still holds an older minute. */
  private slot(minute: number): number {
    const slot = ((minute % this.ring) + this.ring) % this.ring;
    if (this.slotMinute[slot] !== minute) this.reset(slot, minute);
    return slot;
  }

  private reset(slot: number, minute: number): void {
    this.slotMinute[slot] = minute;
    this.sums.fill(0, slot * this.movements * FIELD_COUNT, (slot + 1) * this.movements * FIELD_COUNT);
    this.activeFlag[slot] = 0;
    this.degradedBits.fill(0, slot * this.approaches, (slot + 1) * this.approaches);
    this.lastSpill.fill(-1, slot * this.movements, (slot + 1) * this.movements);
  }

  add(minute: number, movement: number, field: number, value: number): void {
    const index = (this.slot(minute) * this.movements + movement) * FIELD_COUNT + field;
    this.sums[index] = (this.sums[index] as number) + value;
  }

  markActive(minute: number): void {
    this.activeFlag[this.slot(minute)] = 1;
  }

  isActive(minute: number): boolean {
    const slot = ((minute % this.ring) + this.ring) % this.ring;
    return this.slotMinute[slot] === minute && this.activeFlag[slot] === 1;
  }

  markDegraded(minute: number, approach: number, bit: number): void {
    const index = this.slot(minute) * this.approaches + approach;
    this.degradedBits[index] = (this.degradedBits[index] as number) | bit;
  }

  setLastSpill(minute: number, movement: number, spilled: boolean): void {
    this.lastSpill[this.slot(minute) * this.movements + movement] = spilled ? 1 : 0;
  }

  private held(minute: number): number {
    const slot = ((minute % this.ring) + this.ring) % this.ring;
    return this.slotMinute[slot] === minute ? slot : -1;
  }

  /** One field of one movement in one minute (0 when the minute is not held). */
  value(minute: number, movement: number, field: number): number {
    const slot = this.held(minute);
    const raw = slot < 0 ? 0 : (this.sums[(slot * this.movements + movement) * FIELD_COUNT + field] as number);
    return MS_FIELDS.has(field) ? raw / 1000 : raw;
  }

  /** The sums of a movement over minutes [fromMinute, toMinute] (inclusive), active minutes only. */
  windowSums(fromMinute: number, toMinute: number, movement: number): MovementSums {
    const acc = this.scratch.fill(0);
    for (let minute = fromMinute; minute <= toMinute; minute++) {
      const slot = this.held(minute);
      if (slot < 0 || this.activeFlag[slot] !== 1) continue;
      const base = (slot * this.movements + movement) * FIELD_COUNT;
      for (let f = 0; f < FIELD_COUNT; f++) acc[f] = (acc[f] as number) + (this.sums[base + f] as number);
    }
    // Spelled out (not built from the field list): this runs for every movement at every minute close.
    return {
      volumeVeh: acc[F.volumeVeh] as number,
      arrivals: acc[F.arrivals] as number,
      arrivalsOnGreen: acc[F.arrivalsOnGreen] as number,
      arrivalsOnRed: acc[F.arrivalsOnRed] as number,
      arrivalsOnYellow: acc[F.arrivalsOnYellow] as number,
      redArrivalWaitS: acc[F.redArrivalWaitS] as number,
      greenS: (acc[F.greenS] as number) / 1000,
      cycles: acc[F.cycles] as number,
      cycleS: acc[F.cycleS] as number,
      cycleEffectiveGreenS: acc[F.cycleEffectiveGreenS] as number,
      splitFailures: acc[F.splitFailures] as number,
      queueVehSum: acc[F.queueVehSum] as number,
      spillbackCycles: acc[F.spillbackCycles] as number,
    };
  }

  /** Degraded bits of an approach over minutes [fromMinute, toMinute]. */
  degraded(fromMinute: number, toMinute: number, approach: number): number {
    let bits = 0;
    for (let minute = fromMinute; minute <= toMinute; minute++) {
      const slot = this.held(minute);
      if (slot >= 0) bits |= this.degradedBits[slot * this.approaches + approach] as number;
    }
    return bits;
  }

  /** Whether the most recent cycle of a movement within [fromMinute, toMinute] spilled back. */
  spilledLast(fromMinute: number, toMinute: number, movement: number): boolean {
    for (let minute = toMinute; minute >= fromMinute; minute--) {
      const slot = this.held(minute);
      if (slot < 0) continue;
      const flag = this.lastSpill[slot * this.movements + movement] as number;
      if (flag >= 0) return flag === 1;
    }
    return false;
  }

  /** Active minutes among [fromMinute, toMinute]. */
  activeMinutes(fromMinute: number, toMinute: number): number {
    let count = 0;
    for (let minute = fromMinute; minute <= toMinute; minute++) if (this.isActive(minute)) count++;
    return count;
  }

  /** Bytes held (for the memory benchmark's sanity). */
  get byteLength(): number {
    return this.sums.byteLength + this.slotMinute.byteLength + this.activeFlag.byteLength + this.degradedBits.byteLength + this.lastSpill.byteLength;
  }
}
