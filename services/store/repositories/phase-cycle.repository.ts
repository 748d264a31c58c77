/**
 * Per-cycle measures (DESIGN §9 `phase_cycles`): written by the engine, read for the
 * Purdue Coordination Diagram and the split monitor.
 */
import type { CycleMeasures, DegradedReason, GreenTermination } from '../../contracts/live.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

interface PhaseCycleRow {
  intersection_id: string;
  phase: number;
  red_start: Date;
  cycle_start: Date;
  green_start: Date;
  yellow_start: Date;
  green_s: number;
  yellow_s: number;
  red_s: number;
  split_s: number | null;
  termination: GreenTermination;
  volume: number;
  arrivals_on_green: number;
  arrivals_on_red: number;
  arrivals_on_yellow: number;
  aog_pct: number | null;
  platoon_ratio: number | null;
  gor: number | null;
  ror5: number | null;
  split_failure: boolean;
  arrival_offsets_s: number[];
  atspm_delay_s: number | null;
  max_queue_veh: number | null;
  spillback: boolean;
  approach_ids: string[];
  inferred: string[];
  degraded: DegradedReason[];
  source_ts: Date;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Last row per key wins: one statement must not touch a row twice. */
export function lastByKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(key(row), row);
  return [...byKey.values()];
}

/**
 * Stores cycles, replacing those measured before with the same (intersection, phase, red start).
 *
 * @example await upsertPhaseCycles(tx, outputs.cycles);
 */
export async function upsertPhaseCycles(sql: SqlExecutor, cycles: readonly CycleMeasures[]): Promise<void> {
  if (cycles.length === 0) return;
  const rows = lastByKey(cycles, (c) => `${c.intersectionId}|${c.phase}|${c.redStart}`).map((c) => ({
    intersection_id: c.intersectionId,
    phase: c.phase,
    red_start: iso(c.redStart),
    cycle_start: iso(c.cycleStart),
    green_start: iso(c.greenStart),
    yellow_start: iso(c.yellowStart),
    green_s: c.greenS,
    yellow_s: c.yellowS,
    red_s: c.redS,
    split_s: c.splitS ?? null,
    termination: c.termination,
    volume: c.volume,
    arrivals_on_green: c.arrivalsOnGreen,
    arrivals_on_red: c.arrivalsOnRed,
    arrivals_on_yellow: c.arrivalsOnYellow,
    aog_pct: c.aogPct,
    platoon_ratio: c.platoonRatio,
    gor: c.gor,
    ror5: c.ror5,
    split_failure: c.splitFailure,
    arrival_offsets_s: c.arrivalOffsetsS,
    atspm_delay_s: c.atspmDelayS ?? null,
    max_queue_veh: c.maxQueueVeh ?? null,
    spillback: c.spillback ?? false,
    approach_ids: c.approachIds ?? [],
    inferred: c.inferred ?? [],
    degraded: c.degraded ?? [],
    source_ts: iso(c.sourceTs),
  }));
  await sql.query(sqlFile('measures/upsert-phase-cycles'), [JSON.stringify(rows)]);
}

/**
 * Removes an intersection's cycles that ended in [from, to) (before a recompute rewrites them).
 *
 * @example await deletePhaseCycles(tx, 'TJ01', from, to);
 */
export async function deletePhaseCycles(sql: SqlExecutor, intersectionId: string, from: number, to: number): Promise<void> {
  await sql.query(sqlFile('measures/delete-phase-cycles'), [intersectionId, new Date(from), new Date(to)]);
}

/**
 * Cycles of an intersection that ended in [from, to), oldest first.
 *
 * @example const cycles = await listPhaseCycles(store, { intersectionId: 'TJ01', from, to, phase: 2, limit: 500 });
 */
export async function listPhaseCycles(
  sql: SqlExecutor,
  query: { intersectionId: string; from: number; to: number; phase?: number | undefined; limit: number },
): Promise<CycleMeasures[]> {
  const result = await sql.query<PhaseCycleRow>(sqlFile('measures/list-phase-cycles'), [
    query.intersectionId,
    new Date(query.from),
    new Date(query.to),
    query.phase ?? null,
    query.limit,
  ]);
  return result.rows.map((r) => ({
    intersectionId: r.intersection_id,
    phase: r.phase,
    cycleStart: r.cycle_start.getTime(),
    greenStart: r.green_start.getTime(),
    yellowStart: r.yellow_start.getTime(),
    redStart: r.red_start.getTime(),
    greenS: r.green_s,
    yellowS: r.yellow_s,
    redS: r.red_s,
    termination: r.termination,
    volume: r.volume,
    arrivalsOnGreen: r.arrivals_on_green,
    arrivalsOnRed: r.arrivals_on_red,
    arrivalsOnYellow: r.arrivals_on_yellow,
    aogPct: r.aog_pct,
    platoonRatio: r.platoon_ratio,
    gor: r.gor,
    ror5: r.ror5,
    splitFailure: r.split_failure,
    arrivalOffsetsS: r.arrival_offsets_s,
    sourceTs: r.source_ts.getTime(),
    ...(r.split_s === null ? {} : { splitS: r.split_s }),
    approachIds: r.approach_ids,
    atspmDelayS: r.atspm_delay_s,
    ...(r.max_queue_veh === null ? {} : { maxQueueVeh: r.max_queue_veh }),
    spillback: r.spillback,
    inferred: r.inferred,
    degraded: r.degraded,
  }));
}
