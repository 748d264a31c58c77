/**
 * Detector status from the watchdog (DESIGN §7, §9 `detector_status`).
 */
import type { DetectorFault, DetectorStatus } from '../../contracts/measures.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';
import { lastByKey } from './phase-cycle.repository.js';

/**
 * Stores status changes; for each detector the latest (by `since`) wins.
 *
 * @example await upsertDetectorStatus(tx, [{ detectorId: 'TJ01-W-SB2', intersectionId: 'TJ01', channel: 2, status: 'faulty', faults: ['stuck-on'], since, details: {} }]);
 */
export async function upsertDetectorStatus(sql: SqlExecutor, statuses: readonly DetectorStatus[]): Promise<void> {
  if (statuses.length === 0) return;
  const rows = lastByKey(statuses, (s) => s.detectorId).map((s) => ({
    detector_id: s.detectorId,
    intersection_id: s.intersectionId,
    channel: s.channel,
    status: s.status,
    faults: s.faults,
    since: new Date(s.since).toISOString(),
    details: s.details,
  }));
  await sql.query(sqlFile('detectors/upsert-detector-status'), [JSON.stringify(rows)]);
}

interface DetectorStatusRow {
  detector_id: string;
  intersection_id: string;
  channel: number;
  status: 'ok' | 'faulty';
  faults: DetectorFault[];
  since: Date;
  details: Record<string, unknown>;
}

/**
 * @example const faulty = (await listDetectorStatus(store)).filter((s) => s.status === 'faulty');
 */
export async function listDetectorStatus(sql: SqlExecutor, intersectionIds?: readonly string[]): Promise<DetectorStatus[]> {
  const result = await sql.query<DetectorStatusRow>(sqlFile('detectors/list-detector-status'), [intersectionIds ?? null]);
  return result.rows.map((r) => ({
    detectorId: r.detector_id,
    intersectionId: r.intersection_id,
    channel: r.channel,
    status: r.status,
    faults: r.faults,
    since: r.since.getTime(),
    details: r.details,
  }));
}
