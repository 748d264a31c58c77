/**
 * Records against the network, the feed's scope and the clock (DESIGN §4.3). The
 * lookup tables are built once per network, so every check is O(1) per record.
 */
import type { NetworkIndex } from '../geo/network/network-index.js';
import type { EventInput, RecordFault, SampleInput, TimePolicy } from './records.js';

/** A record may be at most this far ahead of the server clock (DESIGN §4.3). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** Codes whose parameter is a detector channel (DESIGN §4.1: 81 off, 82 on, 83–88 restored/faults). */
export function isDetectorCode(code: number): boolean {
  return code >= 81 && code <= 88;
}

/** What a batch of records is checked against; built per request (or per message). */
export interface ValidationWindow {
  /** Intersections the sender may write; `null` = all. */
  scope: ReadonlySet<string> | null;
  /** Oldest and newest acceptable timestamps, epoch ms (inclusive). */
  minTs: number;
  maxTs: number;
  /** Why `minTs` exists, for the reject detail. */
  minTsReason: string;
}

/**
 * The acceptable time range for a policy at `nowMs`: live feeds within the lateness
 * window, imports within the retention period (older rows would be dropped at once).
 *
 * @example timeWindow(Date.UTC(2026, 10, 27), 'live', { latenessS: 86400, retentionDays: 90 }).minTs // 26 Nov 00:00Z
 */
export function timeWindow(
  nowMs: number,
  policy: TimePolicy,
  limits: { latenessS: number; retentionDays: number },
): Pick<ValidationWindow, 'minTs' | 'maxTs' | 'minTsReason'> {
  const maxTs = nowMs + FUTURE_TOLERANCE_MS;
  if (policy === 'live') {
    return { minTs: nowMs - limits.latenessS * 1000, maxTs, minTsReason: `older than the lateness window of ${limits.latenessS} s for live feeds` };
  }
  return { minTs: nowMs - limits.retentionDays * DAY_MS, maxTs, minTsReason: `older than the retention period of ${limits.retentionDays} days` };
}

/**
 * Validation tables for one network.
 *
 * @example
 * const validator = new RecordValidator(indexNetwork(network));
 * validator.checkEvent({ intersectionId: 'TJ01', ts, code: 82, param: 99, seq: null }, window)?.reason // 'UNKNOWN_CHANNEL'
 */
export class RecordValidator {
  /** Per intersection, a 256-entry table: 1 where a detector is wired to that channel. */
  private readonly channels = new Map<string, Uint8Array>();
  private readonly detectorIntersection = new Map<string, string>();

  constructor(network: NetworkIndex) {
    for (const [id, intersection] of network.intersections) {
      const table = new Uint8Array(256);
      for (const approach of intersection.approaches) {
        for (const detector of approach.detectors) table[detector.channel] = 1;
      }
      this.channels.set(id, table);
    }
    for (const [id, ref] of network.detectors) this.detectorIntersection.set(id, ref.intersection.id);
  }

  /** Whether the network has this intersection. */
  hasIntersection(id: string): boolean {
    return this.channels.has(id);
  }

  /** The fault of an event, or `undefined` when it may be stored. */
  checkEvent(event: EventInput, window: ValidationWindow): RecordFault | undefined {
    const intersectionId = event.intersectionId;
    const channels = this.channels.get(intersectionId);
    if (channels === undefined) {
      return { reason: 'UNKNOWN_INTERSECTION', field: 'intersection', detail: `intersection ${intersectionId} is not in the network`, intersectionId };
    }
    if (window.scope !== null && !window.scope.has(intersectionId)) {
      return { reason: 'OUT_OF_SCOPE', field: 'intersection', detail: `this feed may not write intersection ${intersectionId}`, intersectionId };
    }
    const timeFault = checkTime(event.ts, window, intersectionId);
    if (timeFault) return timeFault;
    if (isDetectorCode(event.code) && channels[event.param] !== 1) {
      return { reason: 'UNKNOWN_CHANNEL', field: 'param', detail: `intersection ${intersectionId} has no detector on channel ${event.param}`, intersectionId };
    }
    return undefined;
  }

  /** The intersection of a valid sample, or its fault. */
  checkSample(sample: SampleInput, window: ValidationWindow): string | RecordFault {
    const intersectionId = this.detectorIntersection.get(sample.detectorId);
    if (intersectionId === undefined) {
      return { reason: 'UNKNOWN_DETECTOR', field: 'detector', detail: `detector ${sample.detectorId} is not in the network` };
    }
    if (window.scope !== null && !window.scope.has(intersectionId)) {
      return { reason: 'OUT_OF_SCOPE', field: 'detector', detail: `this feed may not write intersection ${intersectionId}`, intersectionId };
    }
    return checkTime(sample.ts, window, intersectionId) ?? intersectionId;
  }
}

function checkTime(ts: number, window: ValidationWindow, intersectionId: string): RecordFault | undefined {
  if (ts > window.maxTs) {
    return { reason: 'TS_IN_FUTURE', field: 'ts', detail: `ts ${isoOrNumber(ts)} is more than 5 minutes in the future`, intersectionId };
  }
  if (ts < window.minTs) {
    return { reason: 'TS_TOO_OLD', field: 'ts', detail: `ts ${isoOrNumber(ts)} is ${window.minTsReason}`, intersectionId };
  }
  return undefined;
}

function isoOrNumber(ts: number): string {
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? String(ts) : date.toISOString();
}
