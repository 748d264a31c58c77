/**
 * Reads one aggregated detector sample (DESIGN §4.2) from a decoded JSON value:
 * `{"detector": "<id>", "ts": <interval start>, "intervalS": 10..3600, "volume": int,
 *   "occupancyPct"?: 0..100, "speedKmh"?: number, "queueM"?: number, "seq"?: int}`.
 */
import type { RecordFault, SampleInput } from '../records.js';
import { readInteger, readSeq } from './event-fields.js';
import { readTimestamp, type TimestampOptions } from './timestamp.js';

/** Bounds of the optional measurements: physical limits, not traffic expectations. */
export const SAMPLE_LIMITS = {
  intervalS: { min: 10, max: 3600 },
  /** Vehicles in one interval of at most an hour on one detector. */
  volume: { min: 0, max: 100_000 },
  occupancyPct: { min: 0, max: 100 },
  speedKmh: { min: 0, max: 300 },
  queueM: { min: 0, max: 20_000 },
} as const;

const MAX_ID_LENGTH = 64;

const fault = (reason: RecordFault['reason'], field: string | undefined, detail: string): RecordFault => ({ reason, field, detail });

function readOptionalNumber(value: unknown, field: keyof typeof SAMPLE_LIMITS): number | null | RecordFault {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return fault('WRONG_TYPE', field, `${field} must be a number`);
  const { min, max } = SAMPLE_LIMITS[field];
  if (value < min || value > max) return fault('VALUE_OUT_OF_RANGE', field, `${field} ${value} is outside ${min}..${max}`);
  return value;
}

/**
 * Reads a sample object. Returns the sample or the first fault; never throws.
 *
 * @example readSample({ detector: 'TJ01-W-SB1', ts: 1795737600000, intervalS: 60, volume: 12, occupancyPct: 18.5 })
 * // { detectorId: 'TJ01-W-SB1', ts: 1795737600000, intervalS: 60, volume: 12, occupancyPct: 18.5, speedKmh: null, queueM: null, seq: null }
 */
export function readSample(value: unknown, options: TimestampOptions = {}): SampleInput | RecordFault {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fault('NOT_AN_OBJECT', undefined, 'a sample must be a JSON object');
  }
  const record = value as Record<string, unknown>;
  const detectorId = record.detector;
  if (detectorId === undefined) {
    if (record.intersection !== undefined && record.code !== undefined) {
      return fault('WRONG_KIND', 'code', 'this is a controller event; send events to the events endpoint or topic');
    }
    return fault('MISSING_FIELD', 'detector', 'detector is required');
  }
  if (typeof detectorId !== 'string' || detectorId.length === 0 || detectorId.length > MAX_ID_LENGTH) {
    return fault('WRONG_TYPE', 'detector', `detector must be a string of 1..${MAX_ID_LENGTH} characters`);
  }
  if (record.ts === undefined) return fault('MISSING_FIELD', 'ts', 'ts is required');
  const ts = readTimestamp(record.ts, options);
  if (typeof ts !== 'number') return fault(ts.reason, 'ts', ts.detail);
  if (record.intervalS === undefined) return fault('MISSING_FIELD', 'intervalS', 'intervalS is required');
  const intervalS = readInteger(record.intervalS, 'intervalS', SAMPLE_LIMITS.intervalS.min, SAMPLE_LIMITS.intervalS.max, 'VALUE_OUT_OF_RANGE');
  if (typeof intervalS !== 'number') return intervalS;
  if (record.volume === undefined) return fault('MISSING_FIELD', 'volume', 'volume is required');
  const volume = readInteger(record.volume, 'volume', SAMPLE_LIMITS.volume.min, SAMPLE_LIMITS.volume.max, 'VALUE_OUT_OF_RANGE');
  if (typeof volume !== 'number') return volume;
  const occupancyPct = readOptionalNumber(record.occupancyPct, 'occupancyPct');
  if (occupancyPct !== null && typeof occupancyPct !== 'number') return occupancyPct;
  const speedKmh = readOptionalNumber(record.speedKmh, 'speedKmh');
  if (speedKmh !== null && typeof speedKmh !== 'number') return speedKmh;
  const queueM = readOptionalNumber(record.queueM, 'queueM');
  if (queueM !== null && typeof queueM !== 'number') return queueM;
  const seq = readSeq(record.seq);
  if (seq !== null && typeof seq !== 'number') return seq;
  return { detectorId, ts, intervalS, volume, occupancyPct, speedKmh, queueM, seq };
}
