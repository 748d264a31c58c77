/**
 * Alerts (DESIGN §1, §9 `alerts`): opened, updated and closed by the engine; acknowledged
 * and closed by officers; incidents reported from the field.
 */
import type { Alert, AlertKind, AlertSeverity, AlertStatus } from '../../contracts/live.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

interface AlertRow {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  status: AlertStatus;
  intersection_id: string | null;
  approach_id: string | null;
  detector_id: string | null;
  lon: number | null;
  lat: number | null;
  opened_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  closed_by: string | null;
  reported_by: string | null;
  note: string | null;
  details: Record<string, unknown>;
  source_ts: Date;
}

function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    status: r.status,
    intersectionId: r.intersection_id,
    approachId: r.approach_id,
    detectorId: r.detector_id,
    position: r.lon === null || r.lat === null ? null : [r.lon, r.lat],
    openedAt: r.opened_at.getTime(),
    updatedAt: r.updated_at.getTime(),
    closedAt: r.closed_at?.getTime() ?? null,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at?.getTime() ?? null,
    closedBy: r.closed_by,
    reportedBy: r.reported_by,
    note: r.note,
    details: r.details,
    sourceTs: r.source_ts.getTime(),
  };
}

/**
 * Stores the engine's view of an alert and returns the stored alert (with any
 * acknowledgement), or undefined when it had been closed by hand.
 *
 * @example const stored = await upsertEngineAlert(store, update);
 */
export async function upsertEngineAlert(sql: SqlExecutor, alert: Omit<Alert, 'acknowledgedBy' | 'status'> & { status: 'open' | 'closed' }): Promise<Alert | undefined> {
  const result = await sql.query<AlertRow>(sqlFile('alerts/upsert-engine-alert'), [
    alert.id,
    alert.kind,
    alert.severity,
    alert.status,
    alert.intersectionId,
    alert.approachId,
    alert.detectorId,
    alert.position?.[0] ?? null,
    alert.position?.[1] ?? null,
    new Date(alert.openedAt),
    new Date(alert.updatedAt),
    alert.closedAt === null ? null : new Date(alert.closedAt),
    JSON.stringify(alert.details),
    new Date(alert.sourceTs),
  ]);
  const row = result.rows[0];
  return row ? toAlert(row) : undefined;
}

export interface AlertFilter {
  status?: AlertStatus | 'active' | undefined;
  kind?: AlertKind | undefined;
  intersectionId?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
}

/**
 * @example const open = await listAlerts(store, { status: 'active', limit: 100 });
 */
export async function listAlerts(sql: SqlExecutor, filter: AlertFilter): Promise<Alert[]> {
  const result = await sql.query<AlertRow>(sqlFile('alerts/list-alerts'), [
    filter.status ?? null,
    filter.kind ?? null,
    filter.intersectionId ?? null,
    filter.from === undefined ? null : new Date(filter.from),
    filter.to === undefined ? null : new Date(filter.to),
    filter.limit,
  ]);
  return result.rows.map(toAlert);
}

/**
 * @example const alert = await getAlert(store, id);
 */
export async function getAlert(sql: SqlExecutor, id: string): Promise<Alert | undefined> {
  const row = (await sql.query<AlertRow>(sqlFile('alerts/get-alert'), [id])).rows[0];
  return row ? toAlert(row) : undefined;
}

/**
 * Acknowledges an open alert; undefined when it is not open (acknowledged or closed already, or unknown).
 *
 * @example await acknowledgeAlert(store, id, 'officer.wang', 'on my way');
 */
export async function acknowledgeAlert(sql: SqlExecutor, id: string, by: string, note: string | null): Promise<Alert | undefined> {
  const row = (await sql.query<AlertRow>(sqlFile('alerts/acknowledge-alert'), [id, by, note])).rows[0];
  return row ? toAlert(row) : undefined;
}

/**
 * Closes an alert by hand; undefined when it is closed already or unknown.
 *
 * @example await closeAlert(store, id, 'officer.wang', 'cleared');
 */
export async function closeAlert(sql: SqlExecutor, id: string, by: string, note: string | null): Promise<Alert | undefined> {
  const row = (await sql.query<AlertRow>(sqlFile('alerts/close-alert'), [id, by, note])).rows[0];
  return row ? toAlert(row) : undefined;
}

export interface NewIncident {
  id: string;
  severity: AlertSeverity;
  intersectionId: string | null;
  position: [number, number];
  reportedBy: string;
  note: string | null;
  details: Record<string, unknown>;
}

/**
 * @example await insertIncident(store, { id: `incident:${randomUUID()}`, severity: 'warning', ... });
 */
export async function insertIncident(sql: SqlExecutor, incident: NewIncident): Promise<Alert> {
  const result = await sql.query<AlertRow>(sqlFile('alerts/insert-incident'), [
    incident.id,
    incident.severity,
    incident.intersectionId,
    incident.position[0],
    incident.position[1],
    incident.reportedBy,
    incident.note,
    JSON.stringify(incident.details),
  ]);
  return toAlert(result.rows[0] as AlertRow);
}

/**
 * Engine alerts not closed yet for some intersections (a restarted shard continues them).
 *
 * @example const open = await activeEngineAlerts(store, ['TJ01', 'TJ02']);
 */
export async function activeEngineAlerts(sql: SqlExecutor, intersectionIds: readonly string[]): Promise<Alert[]> {
  const result = await sql.query<AlertRow>(sqlFile('alerts/active-engine-alerts'), [intersectionIds]);
  return result.rows.map(toAlert);
}
