/**
 * Per-minute intersection measures (DESIGN §9 `intersection_minutes`).
 */
import type { IntersectionMinute } from '../../contracts/measures.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';
import { lastByKey } from './phase-cycle.repository.js';

/**
 * @example await upsertIntersectionMinutes(tx, outputs.intersectionMinutes);
 */
export async function upsertIntersectionMinutes(sql: SqlExecutor, minutes: readonly IntersectionMinute[]): Promise<void> {
  if (minutes.length === 0) return;
  const rows = lastByKey(minutes, (m) => `${m.intersectionId}|${m.ts}`).map((m) => ({
    ts: new Date(m.ts).toISOString(),
    intersection_id: m.intersectionId,
    volume_veh: m.volumeVeh,
    split_failures: m.splitFailures,
    flow_vph: m.flowVph,
    control_delay_s: m.controlDelayS,
    congestion_index: m.congestionIndex,
    level: m.level,
    degraded: m.degraded,
  }));
  await sql.query(sqlFile('measures/upsert-intersection-minutes'), [JSON.stringify(rows)]);
}

/**
 * @example await deleteIntersectionMinutes(tx, 'TJ01', from, to);
 */
export async function deleteIntersectionMinutes(sql: SqlExecutor, intersectionId: string, from: number, to: number): Promise<void> {
  await sql.query(sqlFile('measures/delete-intersection-minutes'), [intersectionId, new Date(from), new Date(to)]);
}

interface IntersectionMinuteRow {
  ts: Date;
  intersection_id: string;
  volume_veh: number;
  split_failures: number;
  flow_vph: number;
  control_delay_s: number | null;
  congestion_index: number;
  level: IntersectionMinute['level'];
  degraded: boolean;
}

/**
 * @example const rows = await listIntersectionMinutes(store, 'TJ01', from, to);
 */
export async function listIntersectionMinutes(sql: SqlExecutor, intersectionId: string, from: number, to: number): Promise<IntersectionMinute[]> {
  const result = await sql.query<IntersectionMinuteRow>(sqlFile('measures/list-intersection-minutes'), [intersectionId, new Date(from), new Date(to)]);
  return result.rows.map((r) => ({
    ts: r.ts.getTime(),
    intersectionId: r.intersection_id,
    volumeVeh: r.volume_veh,
    splitFailures: r.split_failures,
    flowVph: r.flow_vph,
    controlDelayS: r.control_delay_s,
    congestionIndex: r.congestion_index,
    level: r.level,
    degraded: r.degraded,
  }));
}
