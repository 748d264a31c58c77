import { Type } from '@sinclair/typebox';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createBullmqRunner } from '../../../services/jobs/bullmq.runner.js';
import { createInProcessRunner } from '../../../services/jobs/in-process.runner.js';
import { defineJob, UnrecoverableError } from '../../../services/jobs/job-definition.js';
import { createJobMetrics } from '../../../services/jobs/job-metrics.js';
import type { JobRunner } from '../../../services/jobs/runner.js';
import { deleteRedisPrefix, uniqueRedisPrefix } from '../../helpers/redis.js';
import { service, TEST_REDIS_URL } from '../../helpers/services.js';

const logger = pino({ level: 'silent' });
const addNumbers = defineJob('add-numbers', Type.Object({ a: Type.Integer(), b: Type.Integer() }), { attempts: 3, backoffMs: 20 });

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const redis = await service('redis');
const adapters: { name: string; available: boolean; make: (registry: Registry) => { runner: JobRunner; cleanup: () => Promise<void> } }[] = [
  {
    name: 'in-process',
    available: true,
    make: (registry) => {
      let runner: JobRunner | undefined;
      runner = createInProcessRunner({ logger, metrics: createJobMetrics(registry, () => runner) });
      return { runner, cleanup: async () => {} };
    },
  },
  {
    name: 'bullmq',
    available: redis.available,
    make: (registry) => {
      const prefix = uniqueRedisPrefix();
      let runner: JobRunner | undefined;
      runner = createBullmqRunner({ redisUrl: TEST_REDIS_URL, logger, prefix, metrics: createJobMetrics(registry, () => runner) });
      return { runner, cleanup: () => deleteRedisPrefix(prefix) };
    },
  },
];

for (const adapter of adapters) {
  const suite = adapter.available ? describe : describe.skip;
  suite(`job runner [${adapter.name}]${adapter.available ? '' : ` — skipped, needs redis: ${redis.reason}`}`, () => {
    let runner: JobRunner;
    let registry: Registry;
    let cleanup: () => Promise<void>;
    const start = () => {
      registry = new Registry();
      ({ runner, cleanup } = adapter.make(registry));
    };
    afterEach(async () => {
      await runner.close();
      await cleanup();
    });

    it('runs a job with its validated payload', async () => {
      start();
      const sums: number[] = [];
      runner.register(addNumbers, async ({ a, b }) => {
        sums.push(a + b);
      });
      await runner.start();
      await runner.enqueue(addNumbers, { a: 2, b: 3 });
      await until(() => sums.length === 1);
      expect(sums).toEqual([5]);
      const metrics = await registry.metrics();
      expect(metrics).toMatch(/zhidu_jobs_finished_total\{job="add-numbers",outcome="completed"\} 1/);
    });

    it('retries a transient failure with backoff, then succeeds', async () => {
      start();
      const attempts: number[] = [];
      runner.register(addNumbers, async (_payload, context) => {
        attempts.push(context.attempt);
        if (context.attempt < 3) throw new Error('database briefly unavailable');
      });
      await runner.start();
      await runner.enqueue(addNumbers, { a: 1, b: 1 });
      await until(async () => /outcome="completed"\} 1/.test(await registry.metrics()));
      expect(attempts).toEqual([1, 2, 3]);
      expect(await registry.metrics()).toMatch(/zhidu_jobs_finished_total\{job="add-numbers",outcome="retry"\} 2/);
    });

    it('does not retry an UnrecoverableError', async () => {
      start();
      let runs = 0;
      runner.register(addNumbers, async () => {
        runs += 1;
        throw new UnrecoverableError('intersection does not exist');
      });
      await runner.start();
      await runner.enqueue(addNumbers, { a: 1, b: 2 });
      await until(async () => /outcome="failed"\} 1/.test(await registry.metrics()));
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(runs).toBe(1);
      expect(await registry.metrics()).not.toMatch(/outcome="retry"/);
    });

    it('refuses a bad payload when enqueued', async () => {
      start();
      await expect(runner.enqueue(addNumbers, { a: 'two', b: 3 } as never)).rejects.toThrow(/bad payload for job add-numbers: \/a/);
    });

    it('adds a job id only once while it is pending', async () => {
      start();
      const seen: number[] = [];
      runner.register(addNumbers, async ({ a }) => {
        seen.push(a);
      });
      await runner.enqueue(addNumbers, { a: 1, b: 0 }, { jobId: 'same' });
      await runner.enqueue(addNumbers, { a: 2, b: 0 }, { jobId: 'same' });
      await runner.start();
      await until(() => seen.length >= 1);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(seen).toEqual([1]);
    });

    it('repeats a scheduled job every interval until unscheduled', async () => {
      start();
      let runs = 0;
      runner.register(addNumbers, async () => {
        runs += 1;
      });
      await runner.start();
      await runner.schedule(addNumbers, 'every-100ms', { a: 0, b: 0 }, 100);
      await until(() => runs >= 3, 8000);
      await runner.unschedule(addNumbers, 'every-100ms');
      const after = runs;
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(runs - after).toBeLessThanOrEqual(1);
    });

    it('reports queue depth in /metrics', async () => {
      start();
      await runner.enqueue(addNumbers, { a: 1, b: 1 }, { delayMs: 60_000 });
      const metrics = await registry.metrics();
      expect(metrics).toMatch(/zhidu_jobs_queued\{job="add-numbers",state="delayed"\} 1/);
    });
  });
}
