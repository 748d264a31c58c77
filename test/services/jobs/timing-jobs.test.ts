/**
 * The timing jobs on both runners (in-process and BullMQ over Redis): a queued run proposes from
 * the measured window, a repeating schedule runs, an unknown target fails for good on the first
 * attempt; and which failures are retried.
 */
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Errors, problem } from '../../../services/contracts/errors.js';
import { TimingInputError } from '../../../services/engine/timing/demand.js';
import { createBullmqRunner } from '../../../services/jobs/bullmq.runner.js';
import { suggestCorridorTimingHandler, suggestCorridorTimingJob } from '../../../services/jobs/definitions/suggest-corridor-timing.job.js';
import { suggestTimingHandler, suggestTimingJob } from '../../../services/jobs/definitions/suggest-timing.job.js';
import { asJobError } from '../../../services/jobs/definitions/timing-job-errors.js';
import { createInProcessRunner } from '../../../services/jobs/in-process.runner.js';
import { UnrecoverableError } from '../../../services/jobs/job-definition.js';
import { createJobMetrics } from '../../../services/jobs/job-metrics.js';
import type { JobRunner } from '../../../services/jobs/runner.js';
import { listRuns } from '../../../services/store/repositories/timing-suggestion.repository.js';
import { createTimingService } from '../../../services/timing/index.js';
import { measureAmPeak, storeMeasured } from '../../fixtures/timing/measured-minutes.js';
import { twoIntersectionIndex } from '../../helpers/networks.js';
import { deleteRedisPrefix, uniqueRedisPrefix } from '../../helpers/redis.js';
import { service, TEST_REDIS_URL } from '../../helpers/services.js';
import { openTestStore, type TestStore } from '../../helpers/test-stores.js';

const logger = pino({ level: 'silent' });
const index = twoIntersectionIndex();
const measured = measureAmPeak(index.network, { seed: 1, minutes: 16 });
const windowTo = measured.startTs + 15 * 60_000;

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('timing job errors', () => {
  it('fails bad input for good and lets transient faults retry', () => {
    expect(asJobError(new TimingInputError([{ path: 'plan.cycleS', reason: 'too short' }]), 'intersection A')).toBeInstanceOf(UnrecoverableError);
    expect(asJobError(problem(Errors.UNKNOWN_INTERSECTION, 'ZZ'), 'intersection ZZ')).toBeInstanceOf(UnrecoverableError);
    const transient = Object.assign(new Error('connection terminated'), { code: '57P01' });
    expect(asJobError(transient, 'intersection A')).toBe(transient);
    const unavailable = problem(Errors.UNAVAILABLE, 'database');
    expect(asJobError(unavailable, 'intersection A')).toBe(unavailable);
  });
});

const redis = await service('redis');
const bullmqPrefix = uniqueRedisPrefix();
const adapters = [
  { name: 'in-process', available: true, make: (registry: Registry) => withMetrics(registry, (metrics) => createInProcessRunner({ logger, metrics })), cleanup: async () => {} },
  {
    name: 'bullmq',
    available: redis.available,
    make: (registry: Registry) => withMetrics(registry, (metrics) => createBullmqRunner({ redisUrl: TEST_REDIS_URL, logger, prefix: bullmqPrefix, metrics })),
    cleanup: () => deleteRedisPrefix(bullmqPrefix),
  },
];

function withMetrics(registry: Registry, create: (metrics: ReturnType<typeof createJobMetrics>) => JobRunner): JobRunner {
  let runner: JobRunner | undefined;
  runner = create(createJobMetrics(registry, () => runner));
  return runner;
}

for (const adapter of adapters) {
  const suite = adapter.available ? describe : describe.skip;
  suite(`timing jobs [${adapter.name}]${adapter.available ? '' : ` — skipped, needs redis: ${redis.reason}`}`, () => {
    let opened: TestStore;
    let runner: JobRunner;
    const registry = new Registry();

    beforeAll(async () => {
      opened = await openTestStore('pglite');
      await storeMeasured(opened.store, index.network, measured);
      const timing = createTimingService({ store: opened.store, network: index, logger });
      runner = adapter.make(registry);
      runner.register(suggestTimingJob, suggestTimingHandler(timing));
      runner.register(suggestCorridorTimingJob, suggestCorridorTimingHandler(timing));
      await runner.start();
    }, 60_000);
    afterAll(async () => {
      await runner?.close();
      await adapter.cleanup();
      await opened?.dispose();
    });

    it('proposes from a queued run of the measured window', async () => {
      await runner.enqueue(suggestTimingJob, { intersectionId: 'A', trigger: 'on-demand', windowTo, requestedBy: 'wang' });
      const run = await until(async () => (await listRuns(opened.store, { intersectionId: 'A', corridorIds: [] }))[0]);
      expect(run).toMatchObject({ kind: 'intersection', targetId: 'A', outcome: 'proposed', trigger: 'on-demand', window: { to: windowTo } });
      await runner.enqueue(suggestCorridorTimingJob, { corridorId: 'c1', trigger: 'on-demand', windowTo });
      // Below the 5 % rule on this demand: the run says so instead of proposing.
      expect(await until(async () => (await listRuns(opened.store, { corridorId: 'c1' }))[0])).toMatchObject({ outcome: 'no-gain', detail: { decision: { reason: 'gain-below-threshold' } } });
    });

    it('runs on a repeating schedule (the window of "now" has no data: the run says so)', async () => {
      await runner.schedule(suggestTimingJob, 'every-200ms:B', { intersectionId: 'B', trigger: 'schedule' }, 200);
      const run = await until(async () => (await listRuns(opened.store, { intersectionId: 'B', corridorIds: [] }))[0]);
      await runner.unschedule(suggestTimingJob, 'every-200ms:B');
      expect(run).toMatchObject({ targetId: 'B', trigger: 'schedule', outcome: 'no-data' });
      expect(run.window.to % (15 * 60_000)).toBe(0);
      expect(run.window.to).toBeLessThanOrEqual(Date.now() - 60_000);
    });

    it('fails a run for an unknown intersection on its first attempt', async () => {
      await runner.enqueue(suggestTimingJob, { intersectionId: 'ZZ', trigger: 'schedule', windowTo });
      await until(async () => ((await registry.metrics()).match(/zhidu_jobs_finished_total\{job="suggest-timing",outcome="failed"\} 1/) ? true : undefined));
      expect(await registry.metrics()).not.toMatch(/outcome="retry"/);
    });
  });
}
