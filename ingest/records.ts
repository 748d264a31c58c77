/**
 * What flows inside ingest between the parsers, validation and the group commit.
 * Times are epoch milliseconds (UTC), as everywhere in the product.
 */
import type { FeedPrincipal } from '../services/contracts/identity.js';
import type { RejectReason } from './reject-reasons.js';

/** A controller event as a feed stated it, before it is checked against the network. */
export interface EventInput {
  intersectionId: string;
  /** Epoch ms. */
  ts: number;
  code: number;
  param: number;
  /** The feed's own sequence number, when it sends one (kept for tracing; dedupe is by identity). */
  seq: number | null;
}

/** An aggregated detector sample as a feed stated it. */
export interface SampleInput {
  detectorId: string;
  /** Interval start, epoch ms. */
  ts: number;
  intervalS: number;
  volume: number;
  occupancyPct: number | null;
  speedKmh: number | null;
  queueM: number | null;
  seq: number | null;
}

/** Why one record cannot be used. */
export interface RecordFault {
  reason: RejectReason;
  /** The offending field (`ts`, `code`, ...), when one field is to blame. */
  field?: string;
  /** Human-readable detail, e.g. `code 300 is outside 0..255`. */
  detail: string;
  /** The intersection the record named, when it could be read (kept in quarantine for filtering). */
  intersectionId?: string;
}

export type RecordKind = 'event' | 'sample';

/**
 * One record out of a parser: a candidate event or sample, or a fault. `line` is the
 * 1-based line of an NDJSON/CSV record or the 1-based position of a JSON array element.
 * `raw` is the record's text as received; for array elements it is produced on demand
 * from `value` (only rejects need it).
 */
export type ParsedRecord =
  | { type: 'event'; line: number; raw: string | undefined; value?: unknown; event: EventInput }
  | { type: 'sample'; line: number; raw: string | undefined; value?: unknown; sample: SampleInput }
  | { type: 'fault'; line: number; raw: string | undefined; value?: unknown; kind: RecordKind; fault: RecordFault };

/** The text to quarantine for a parsed record. */
export function rawText(record: { raw: string | undefined; value?: unknown }): string {
  if (record.raw !== undefined) return record.raw;
  try {
    return JSON.stringify(record.value) ?? String(record.value);
  } catch {
    return String(record.value);
  }
}

/** How records reached us. */
export type Transport = 'http' | 'ws' | 'mqtt' | 'file';

/**
 * Time policy: a live feed must be recent (lateness window); an import may be
 * historical (bounded by the retention period, so nothing is stored only to be dropped).
 */
export type TimePolicy = 'live' | 'historical';

/** Where a batch of records comes from and what it may do. */
export interface IngestSource {
  feed: FeedPrincipal;
  transport: Transport;
  policy: TimePolicy;
  /** Restricts the intersections further than the key (an MQTT topic, an import's `--intersection`). */
  onlyIntersection?: string;
}
