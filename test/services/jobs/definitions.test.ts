import pino from 'pino';
import { Registry } from 'prom-client';
import { expect, it } from 'vitest';
import { maintenanceHandler, maintenanceJob } from '../../../services/jobs/definitions/maintenance.job.js';
import { rollupMeasuresHandler, rollupMeasuresJob } from '../../../services/jobs/definitions/rollup-measures.job.js';
import { createInProcessRunner } from '../../../services/jobs/in-process.runner.js';
import { createJobMetrics } from '../../../services/jobs/job-metrics.js';
import type { JobRunner } from '../../../services/jobs/runner.js';
import { describeEachStore } from '../../helpers/test-stores.js';

async function runOnce(register: (runner: JobRunner) => Promise<void>): Promise<string> {
  const registry = new Registry();
  let runner: JobRunner | undefined;
  runner = createInProcessRunner({ logger: pino({ level: 'silent' }), metrics: createJobMetrics(registry, () => runner) });
  await register(runner);
  await runner.start();
  const deadline = Date.now() + 10_000;
  let metrics = '';
  while (Date.now() < deadline) {
    metrics = await registry.metrics();
    if (/outcome="(completed|failed)"/.test(metrics)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await runner.close();
  return metrics;
}

await describeEachStore(
  'system job handlers',
  (ctx) => {
    it('runs storage maintenance: partitions ahead, retention, and the purges it is given', async () => {
      let purged = 0;
      const metrics = await runOnce(async (runner) => {
        runner.register(maintenanceJob, maintenanceHandler(ctx.store, [async () => void (purged += 1)]));
        await runner.enqueue(maintenanceJob, { retentionDays: 90 });
      });
      expect(metrics).toMatch(/zhidu_jobs_finished_total\{job="storage-maintenance",outcome="completed"\} 1/);
      expect(purged).toBe(1);
      if (!ctx.store.capabilities.timescale) {
        const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
        const part = await ctx.store.query('select 1 from pg_class where relname = $1', [`controller_events_p${tomorrow}`]);
        expect(part.rowCount).toBe(1);
      }
    });

    it('runs the measure roll-ups', async () => {
      const metrics = await runOnce(async (runner) => {
        runner.register(rollupMeasuresJob, rollupMeasuresHandler(ctx.store));
        await runner.enqueue(rollupMeasuresJob, {});
      });
      expect(metrics).toMatch(/zhidu_jobs_finished_total\{job="rollup-measures",outcome="completed"\} 1/);
    });
  },
  ['pglite', 'pglite-timescale'],
);
