/**
 * Daily storage maintenance: day partitions ahead and retention of raw data
 * (TimescaleDB does its own retention; the job then only re-applies the policy).
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

export function maintenanceHandler(store: SqlPort): JobHandler<typeof maintenanceJob> {
  return async ({ retentionDays }, { log }) => {
    await applyRetention(store, retentionDays);
    log.info({ retentionDays }, 'storage maintenance done');
  };
}
