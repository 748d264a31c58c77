/**
 * Periodic storage maintenance: day partitions ahead and retention of raw data
 * (TimescaleDB does its own retention; the job then only re-applies the policy),
 * plus whatever other modules need purged (expired sessions, stale throttle rows).
 */
import { Type } from '@sinclair/typebox';
import { applyRetention } from '../../store/retention.js';
import type { SqlPort } from '../../store/port.js';
import { defineJob } from '../job-definition.js';
import type { JobHandler } from '../runner.js';

export const maintenanceJob = defineJob('storage-maintenance', Type.Object({ retentionDays: Type.Integer({ minimum: 1 }) }), {
  attempts: 5,
  backoffMs: 30_000,
});

export const MAINTENANCE_EVERY_MS = 6 * 3600_000;

/**
 * @param purges clean-ups of other modules run after retention, e.g. `auth.purge`
 */
export function maintenanceHandler(store: SqlPort, purges: readonly (() => Promise<void>)[] = []): JobHandler<typeof maintenanceJob> {
  return async ({ retentionDays }, { log }) => {
    await applyRetention(store, retentionDays);
    for (const purge of purges) await purge();
    log.info({ retentionDays }, 'storage maintenance done');
  };
}
