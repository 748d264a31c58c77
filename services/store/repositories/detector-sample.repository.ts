/**
 * Aggregated detector samples (DESIGN §9 `detector_samples`), written in bulk; the same
 * two ways in as controller events (see `controller-event.repository.ts`).
 */
import type { DetectorSample } from '../../contracts/records.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';
import { isoMillis } from './controller-event.repository.js';

/** A sample with where it came from. */
export interface StoredDetectorSample extends DetectorSample {
  feedId: string | null;
  seq: number | null;
}

const COLUMNS = ['ts', 'detector_id', 'intersection_id', 'interval_s', 'volume', 'occupancy_pct', 'speed_kmh', 'queue_m', 'feed_id', 'seq'] as const;

function toCopyRows(samples: readonly StoredDetectorSample[]): unknown[][] {
  return samples.map((s) => [isoMillis(s.ts), s.detectorId, s.intersectionId, s.intervalS, s.volume, s.occupancyPct, s.speedKmh, s.queueM, s.feedId, s.seq]);
}

/**
 * COPY samples into `detector_samples`. Day partitions must exist.
 *
 * @throws the database's unique violation (SQLSTATE 23505) when a sample is stored already.
 * @example await copyDetectorSamples(tx, [{ detectorId: 'TJ01-W-SB1', intersectionId: 'TJ01', ts, intervalS: 60, volume: 12, occupancyPct: null, speedKmh: null, queueM: null, feedId: 'k1', seq: null }]);
 */
export async function copyDetectorSamples(sql: SqlExecutor, samples: readonly StoredDetectorSample[]): Promise<void> {
  if (samples.length === 0) return;
  await sql.copyRows('detector_samples', COLUMNS, toCopyRows(samples));
}

/**
 * Stores the samples not stored yet and returns those. Must run inside a transaction.
 *
 * @example const fresh = await store.transaction((tx) => insertNewDetectorSamples(tx, samples));
 */
export async function insertNewDetectorSamples(sql: SqlExecutor, samples: readonly StoredDetectorSample[]): Promise<DetectorSample[]> {
  if (samples.length === 0) return [];
  await sql.query(sqlFile('ingest/create-sample-staging'));
  await sql.copyRows('zhidu_staged_samples', COLUMNS, toCopyRows(samples));
  const result = await sql.query<{
    ts: Date;
    detector_id: string;
    intersection_id: string;
    interval_s: number;
    volume: number;
    occupancy_pct: number | null;
    speed_kmh: number | null;
    queue_m: number | null;
  }>(sqlFile('ingest/insert-staged-samples'));
  return result.rows.map((row) => ({
    detectorId: row.detector_id,
    intersectionId: row.intersection_id,
    ts: row.ts.getTime(),
    intervalS: row.interval_s,
    volume: row.volume,
    occupancyPct: row.occupancy_pct,
    speedKmh: row.speed_kmh,
    queueM: row.queue_m,
  }));
}
