/**
 * Reads for the engine and the measures API: controller events of a range (replay and
 * rebuild), movement sums per bucket (time series, from minutes or roll-ups), and the
 * plain-PostgreSQL roll-up job.
 */
import type { MovementSums, MovementType } from '../../contracts/measures.js';
import type { ControllerEvent, DetectorSample } from '../../contracts/records.js';
import type { SqlExecutor, SqlPort } from '../port.js';
import { sqlFile } from '../sql-files.js';
import { movementSumsOf, type MovementSumsColumns } from './movement-sums.columns.js';

/**
 * An intersection's events in [from, to) in the engine's order.
 *
 * @example const events = await loadControllerEvents(store, 'TJ01', from, to);
 */
export async function loadControllerEvents(sql: SqlExecutor, intersectionId: string, from: number, to: number): Promise<ControllerEvent[]> {
  const result = await sql.query<{ ts: Date; code: number; param: number }>(sqlFile('measures/controller-events-range'), [
    intersectionId,
    new Date(from),
    new Date(to),
  ]);
  return result.rows.map((r) => ({ intersectionId, ts: r.ts.getTime(), code: r.code, param: r.param }));
}

/**
 * An intersection's aggregated samples whose interval starts in [from, to).
 *
 * @example const samples = await loadDetectorSamples(store, 'TJ03', from, to);
 */
export async function loadDetectorSamples(sql: SqlExecutor, intersectionId: string, from: number, to: number): Promise<DetectorSample[]> {
  const result = await sql.query<{ ts: Date; detector_id: string; interval_s: number; volume: number; occupancy_pct: number | null; speed_kmh: number | null; queue_m: number | null }>(
    sqlFile('measures/detector-samples-range'),
    [intersectionId, new Date(from), new Date(to)],
  );
  return result.rows.map((r) => ({
    detectorId: r.detector_id,
    intersectionId,
    ts: r.ts.getTime(),
    intervalS: r.interval_s,
    volume: r.volume,
    occupancyPct: r.occupancy_pct,
    speedKmh: r.speed_kmh,
    queueM: r.queue_m,
  }));
}

/**
 * Time of an intersection's newest event, or null.
 *
 * @example const latest = await latestControllerEventTs(store, 'TJ01');
 */
export async function latestControllerEventTs(sql: SqlExecutor, intersectionId: string): Promise<number | null> {
  const row = (await sql.query<{ ts: Date }>(sqlFile('measures/latest-controller-event'), [intersectionId])).rows[0];
  return row ? row.ts.getTime() : null;
}

/** One bucket of one movement: its sums and how many minutes they cover. */
export interface MovementBucket extends MovementSums {
  bucket: number;
  approachId: string;
  movement: MovementType;
  phase: number;
  minutes: number;
  degradedMinutes: number;
}

interface BucketRow extends MovementSumsColumns {
  bucket: Date;
  approach_id: string;
  movement: MovementType;
  phase: number;
  minutes: number;
  degraded_minutes: number;
}

/** Where a step's buckets come from: the widest table whose width divides it. */
export function seriesSource(stepS: number): 'minutes' | '15min' | 'hourly' {
  if (stepS % 3600 === 0) return 'hourly';
  if (stepS % 900 === 0) return '15min';
  return 'minutes';
}

/**
 * Movement sums of approaches per bucket of `stepS` over [from, to) (buckets aligned to
 * 2000-01-01 00:00 UTC; `from` should be aligned to the step).
 *
 * @example const buckets = await movementSeries(store, ['TJ01-W'], from, to, 900);
 */
export async function movementSeries(sql: SqlExecutor, approachIds: readonly string[], from: number, to: number, stepS: number): Promise<MovementBucket[]> {
  const result = await sql.query<BucketRow>(sqlFile(`measures/series-${seriesSource(stepS)}`), [approachIds, new Date(from), new Date(to), `${stepS} seconds`]);
  return result.rows.map((r) => ({
    bucket: r.bucket.getTime(),
    approachId: r.approach_id,
    movement: r.movement,
    phase: r.phase,
    minutes: r.minutes,
    degradedMinutes: r.degraded_minutes,
    ...movementSumsOf(r),
  }));
}

export interface RollupReport {
  /** `continuous-aggregates` on TimescaleDB (nothing to do), else the buckets rewritten. */
  mode: 'continuous-aggregates' | 'rollup-tables';
  buckets15min: number;
  bucketsHourly: number;
}

/** Rows written in a transaction that began before a rollup read may commit after it: look back this far. */
const ROLLUP_LOOKBACK_MS = 60_000;

/**
 * The 15-minute and hourly roll-ups (DESIGN §6, §9). On TimescaleDB the continuous
 * aggregates keep themselves (policies) and this does nothing; on plain PostgreSQL and
 * PGlite it recomputes every bucket whose minutes changed since the last run. Idempotent;
 * the jobs runner calls it every minute.
 *
 * @example await rollupMeasures(store);
 */
export async function rollupMeasures(store: SqlPort): Promise<RollupReport> {
  if (store.capabilities.timescale) return { mode: 'continuous-aggregates', buckets15min: 0, bucketsHourly: 0 };
  return store.transaction(async (tx) => {
    const previous = (await tx.query<{ watermark: Date }>(sqlFile('measures/rollup-watermark'), ['approach'])).rows[0]?.watermark ?? new Date(0);
    const pending = (await tx.query<{ newest: Date | null; now: Date }>(sqlFile('measures/rollup-pending-since'))).rows[0];
    if (!pending?.newest || pending.newest.getTime() <= previous.getTime()) return { mode: 'rollup-tables', buckets15min: 0, bucketsHourly: 0 };
    const quarter = await tx.query(sqlFile('measures/rollup-15min'), [previous]);
    const hourly = await tx.query(sqlFile('measures/rollup-hourly'), [previous]);
    const next = Math.min(pending.newest.getTime(), pending.now.getTime() - ROLLUP_LOOKBACK_MS);
    await tx.query(sqlFile('measures/set-rollup-watermark'), ['approach', new Date(Math.max(previous.getTime(), next))]);
    return { mode: 'rollup-tables', buckets15min: quarter.rowCount, bucketsHourly: hourly.rowCount };
  });
}
