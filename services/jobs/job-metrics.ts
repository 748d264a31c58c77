/**
 * Job metrics for /metrics: completions, failures (final or retried), durations,
 * and queue depth collected from the runner at scrape time.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobRunner } from './runner.js';

export interface JobMetrics {
  observe(jobName: string, outcome: 'completed' | 'retry' | 'failed', durationS: number): void;
}

/**
 * @example const metrics = createJobMetrics(registry, () => runner);
 */
export function createJobMetrics(registry: Registry, runner: () => JobRunner | undefined): JobMetrics {
  const finished = new Counter({
    name: 'zhidu_jobs_finished_total',
    help: 'Job runs by outcome: completed, retry (transient failure, will retry), failed (final)',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'zhidu_job_duration_seconds',
    help: 'Job run duration',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  new Gauge({
    name: 'zhidu_jobs_queued',
    help: 'Jobs per queue and state (waiting, active, delayed, failed)',
    labelNames: ['job', 'state'] as const,
    registers: [registry],
    async collect() {
      const current = runner();
      if (!current) return;
      this.reset();
      const counts = await current.counts().catch(() => ({}));
      for (const [job, byState] of Object.entries(counts)) {
        for (const [state, value] of Object.entries(byState)) this.set({ job, state }, value);
      }
    },
  });
  return {
    observe(jobName, outcome, durationS) {
      finished.inc({ job: jobName, outcome });
      duration.observe({ job: jobName }, durationS);
    },
  };
}
