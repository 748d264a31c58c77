/**
 * The 15-minute and hourly measure roll-ups on plain PostgreSQL and PGlite
 * (DESIGN §6, §9), every minute; on TimescaleDB the continuous aggregates refresh
 * themselves and the job returns at once.
 */
import { Type } from '@sinclair/typebox';
import type { SqlPort } from '../../store/port.js';
import { rollupMeasures } from '../../store/repositories/measure-series.repository.js';
import { defineJob } from '../job-definition.js';
import type { JobHandler } from '../runner.js';

export const rollupMeasuresJob = defineJob('rollup-measures', Type.Object({}), { attempts: 3, backoffMs: 5_000 });

export const ROLLUP_EVERY_MS = 60_000;

export function rollupMeasuresHandler(store: SqlPort): JobHandler<typeof rollupMeasuresJob> {
  return async (_payload, { log }) => {
    const report = await rollupMeasures(store);
    if (report.buckets15min > 0 || report.bucketsHourly > 0) log.debug({ ...report }, 'measure roll-ups refreshed');
  };
}
