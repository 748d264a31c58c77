/**
 * Detector activations (DESIGN §6): on (82) → off (81) pairs per channel. An activation
 * still open at the window's end is closed at the end; an off whose on came before the
 * window opens it at the window's start. An on without an off for longer than the
 * stuck-on limit is a fault, not an activation (DESIGN §7: limit = max(cycle, 300 s)).
 */
import { EventCode } from '../../contracts/records.js';
import type { PhaseEvent } from './phase-intervals.js';

/** A detector occupied over [onTs, offTs), epoch ms. */
export interface Activation {
  channel: number;
  onTs: number;
  offTs: number;
}

/** A channel held on for longer than the stuck-on limit. */
export interface StuckOn {
  channel: number;
  onTs: number;
  /** When the limit was passed (onTs + limit), epoch ms. */
  detectedAt: number;
  /** The off that finally came, or null when still on at the window's end. */
  offTs: number | null;
}

/**
 * Stuck-on limit of DESIGN §7: continuous on for longer than max(cycle, 300 s).
 *
 * @example stuckOnLimitS(140) // 300
 */
export function stuckOnLimitS(cycleS: number, floorS = 300): number {
  return Math.max(cycleS, floorS);
}

/**
 * The streaming pairing of one channel's on/off events.
 *
 * @example
 * const t = new DetectorTracker(5, { streamStart: 0, stuckOnLimitS: 300 });
 * t.accept(82, 1000); t.accept(81, 1600) // { channel: 5, onTs: 1000, offTs: 1600 }
 */
export class DetectorTracker {
  readonly channel: number;
  /** On since (epoch ms), or null when off. */
  onSince: number | null = null;
  private seen = false;
  private readonly streamStart: number;
  private readonly limitMs: number;

  constructor(channel: number, options: { streamStart: number; stuckOnLimitS: number }) {
    this.channel = channel;
    this.streamStart = options.streamStart;
    this.limitMs = options.stuckOnLimitS * 1000;
  }

  /** The stuck-on limit, ms. */
  get stuckOnLimitMs(): number {
    return this.limitMs;
  }

  /**
   * Applies an 82 or 81; returns the activation an off completes, or a stuck-on fault when
   * the on lasted longer than the limit. A repeated on keeps the first on (a missed off).
   */
  accept(code: number, ts: number): Activation | StuckOn | undefined {
    const firstEvent = !this.seen;
    this.seen = true;
    if (code === EventCode.DETECTOR_ON) {
      if (this.onSince === null) this.onSince = ts;
      return undefined;
    }
    if (code !== EventCode.DETECTOR_OFF) return undefined;
    // An off that opens the stream: the vehicle arrived before the window did.
    const onTs = this.onSince ?? (firstEvent ? this.streamStart : null);
    this.onSince = null;
    if (onTs === null || ts < onTs) return undefined;
    if (ts - onTs > this.limitMs) return { channel: this.channel, onTs, detectedAt: onTs + this.limitMs, offTs: ts };
    return { channel: this.channel, onTs, offTs: ts };
  }

  /** Whether the channel has been on for longer than the limit at `now`. */
  isStuck(now: number): boolean {
    return this.onSince !== null && now - this.onSince > this.limitMs;
  }
}

/**
 * Type guard: a stuck-on fault rather than an activation.
 *
 * @example isStuckOn({ channel: 1, onTs: 0, detectedAt: 300000, offTs: null }) // true
 */
export function isStuckOn(value: Activation | StuckOn): value is StuckOn {
  return 'detectedAt' in value;
}

export interface DetectorActivationsOptions {
  /** Window [windowStart, windowEnd), epoch ms. */
  windowStart: number;
  windowEnd: number;
  /** Default 300 s. */
  stuckOnLimitS?: number;
}

/**
 * Activations and stuck-on faults of one channel over a window, from events sorted by (ts, code).
 *
 * @example
 * detectorActivations([{ ts: 5000, code: 82, param: 3 }, { ts: 5600, code: 81, param: 3 }], 3, { windowStart: 0, windowEnd: 60000 })
 * // { activations: [{ channel: 3, onTs: 5000, offTs: 5600 }], faults: [], onEvents: 1 }
 */
export function detectorActivations(
  events: readonly PhaseEvent[],
  channel: number,
  options: DetectorActivationsOptions,
): { activations: Activation[]; faults: StuckOn[]; onEvents: number } {
  const { windowStart, windowEnd, stuckOnLimitS = 300 } = options;
  const tracker = new DetectorTracker(channel, { streamStart: windowStart, stuckOnLimitS });
  const activations: Activation[] = [];
  const faults: StuckOn[] = [];
  let onEvents = 0;
  for (const event of events) {
    if (event.param !== channel || event.ts < windowStart || event.ts >= windowEnd) continue;
    if (event.code === EventCode.DETECTOR_ON) onEvents++;
    const result = event.code === EventCode.DETECTOR_ON || event.code === EventCode.DETECTOR_OFF ? tracker.accept(event.code, event.ts) : undefined;
    if (result === undefined) continue;
    if (isStuckOn(result)) faults.push(result);
    else activations.push(result);
  }
  if (tracker.onSince !== null) {
    if (tracker.isStuck(windowEnd)) faults.push({ channel, onTs: tracker.onSince, detectedAt: tracker.onSince + tracker.stuckOnLimitMs, offTs: null });
    else if (windowEnd > tracker.onSince) activations.push({ channel, onTs: tracker.onSince, offTs: windowEnd });
  }
  return { activations, faults, onEvents };
}
