/**
 * Per-minute movement and approach measures (DESIGN §9 `movement_minutes`,
 * `approach_minutes`): written by the engine at each minute close, replaced by a recompute.
 */
import type { ApproachMinute, MovementMinute } from '../../contracts/measures.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';
import { movementSumsOf, type MovementSumsColumns } from './movement-sums.columns.js';
import { lastByKey } from './phase-cycle.repository.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * @example await upsertMovementMinutes(tx, outputs.movementMinutes);
 */
export async function upsertMovementMinutes(sql: SqlExecutor, minutes: readonly MovementMinute[]): Promise<void> {
  if (minutes.length === 0) return;
  const rows = lastByKey(minutes, (m) => `${m.approachId}|${m.movement}|${m.ts}`).map((m) => ({
    ts: iso(m.ts),
    intersection_id: m.intersectionId,
    approach_id: m.approachId,
    movement: m.movement,
    phase: m.phase,
    volume_veh: m.volumeVeh,
    arrivals: m.arrivals,
    arrivals_on_green: m.arrivalsOnGreen,
    arrivals_on_red: m.arrivalsOnRed,
    arrivals_on_yellow: m.arrivalsOnYellow,
    red_arrival_wait_s: m.redArrivalWaitS,
    green_s: m.greenS,
    cycles: m.cycles,
    cycle_s: m.cycleS,
    cycle_effective_green_s: m.cycleEffectiveGreenS,
    split_failures: m.splitFailures,
    queue_veh_sum: m.queueVehSum,
    spillback_cycles: m.spillbackCycles,
    degraded: m.degraded,
  }));
  await sql.query(sqlFile('measures/upsert-movement-minutes'), [JSON.stringify(rows)]);
}

/**
 * @example await upsertApproachMinutes(tx, outputs.approachMinutes);
 */
export async function upsertApproachMinutes(sql: SqlExecutor, minutes: readonly ApproachMinute[]): Promise<void> {
  if (minutes.length === 0) return;
  const rows = lastByKey(minutes, (m) => `${m.approachId}|${m.ts}`).map((m) => ({
    ts: iso(m.ts),
    intersection_id: m.intersectionId,
    approach_id: m.approachId,
    volume_veh: m.volumeVeh,
    split_failures: m.splitFailures,
    cycles: m.cycles,
    spillback: m.spillback,
    flow_vph: m.flowVph,
    vc: m.vc,
    control_delay_s: m.controlDelayS,
    los: m.los,
    aog_pct: m.aogPct,
    queue_veh: m.queueVeh,
    queue_m: m.queueM,
    atspm_delay_s: m.atspmDelayS,
    link_speed_kmh: m.linkSpeedKmh,
    congestion_index: m.congestionIndex,
    level: m.level,
    degraded: m.degraded,
  }));
  await sql.query(sqlFile('measures/upsert-approach-minutes'), [JSON.stringify(rows)]);
}

/**
 * Removes an intersection's movement and approach minutes in [from, to).
 *
 * @example await deleteApproachMinutes(tx, 'TJ01', from, to);
 */
export async function deleteApproachMinutes(sql: SqlExecutor, intersectionId: string, from: number, to: number): Promise<void> {
  const params = [intersectionId, new Date(from), new Date(to)];
  await sql.query(sqlFile('measures/delete-movement-minutes'), params);
  await sql.query(sqlFile('measures/delete-approach-minutes'), params);
}

interface MovementMinuteRow extends MovementSumsColumns {
  ts: Date;
  intersection_id: string;
  approach_id: string;
  movement: MovementMinute['movement'];
  phase: number;
  degraded: boolean;
}

/**
 * @example const rows = await listMovementMinutes(store, 'TJ01', from, to);
 */
export async function listMovementMinutes(sql: SqlExecutor, intersectionId: string, from: number, to: number): Promise<MovementMinute[]> {
  const result = await sql.query<MovementMinuteRow>(sqlFile('measures/list-movement-minutes'), [intersectionId, new Date(from), new Date(to)]);
  return result.rows.map((r) => ({
    ts: r.ts.getTime(),
    intersectionId: r.intersection_id,
    approachId: r.approach_id,
    movement: r.movement,
    phase: r.phase,
    ...movementSumsOf(r),
    degraded: r.degraded,
  }));
}

interface ApproachMinuteRow {
  ts: Date;
  intersection_id: string;
  approach_id: string;
  volume_veh: number;
  split_failures: number;
  cycles: number;
  spillback: boolean;
  flow_vph: number;
  vc: number | null;
  control_delay_s: number | null;
  los: ApproachMinute['los'];
  aog_pct: number | null;
  queue_veh: number;
  queue_m: number;
  atspm_delay_s: number | null;
  link_speed_kmh: number | null;
  congestion_index: number;
  level: ApproachMinute['level'];
  degraded: ApproachMinute['degraded'];
}

/**
 * @example const rows = await listApproachMinutes(store, 'TJ01', from, to);
 */
export async function listApproachMinutes(sql: SqlExecutor, intersectionId: string, from: number, to: number): Promise<ApproachMinute[]> {
  const result = await sql.query<ApproachMinuteRow>(sqlFile('measures/list-approach-minutes'), [intersectionId, new Date(from), new Date(to)]);
  return result.rows.map((r) => ({
    ts: r.ts.getTime(),
    intersectionId: r.intersection_id,
    approachId: r.approach_id,
    volumeVeh: r.volume_veh,
    splitFailures: r.split_failures,
    cycles: r.cycles,
    spillback: r.spillback,
    flowVph: r.flow_vph,
    vc: r.vc,
    controlDelayS: r.control_delay_s,
    los: r.los,
    aogPct: r.aog_pct,
    queueVeh: r.queue_veh,
    queueM: r.queue_m,
    atspmDelayS: r.atspm_delay_s,
    linkSpeedKmh: r.link_speed_kmh,
    congestionIndex: r.congestion_index,
    level: r.level,
    degraded: r.degraded,
  }));
}
