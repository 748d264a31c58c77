/**
 * The BullMQ job runner of server mode: one queue per job kind in Redis, workers
 * in processes with the `worker` role, job schedulers for repeating jobs.
 */
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { assertPayload, type JobDefinition } from './job-definition.js';
import type { JobMetrics } from './job-metrics.js';
import type { JobHandler, JobRunner, QueueCounts } from './runner.js';

export interface BullmqRunnerOptions {
  redisUrl: string;
  logger: Logger;
  metrics?: JobMetrics;
  /** Redis key prefix; tests use a unique one. */
  prefix?: string;
}

export function createBullmqRunner(options: BullmqRunnerOptions): JobRunner {
  const prefix = options.prefix ?? 'zhidu';
  // BullMQ requires maxRetriesPerRequest: null so blocking commands wait through reconnects.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  connection.on('error', (error) => options.logger.warn({ err: error }, 'job queue Redis connection error'));
  const queues = new Map<string, Queue>();
  const handlers = new Map<string, { definition: JobDefinition; handler: JobHandler<JobDefinition> }>();
  const workers: Worker[] = [];

  const queueOf = (definition: JobDefinition): Queue => {
    let queue = queues.get(definition.name);
    if (!queue) {
      queue = new Queue(definition.name, {
        connection,
        prefix,
        defaultJobOptions: {
          attempts: definition.defaults.attempts,
          backoff: { type: 'exponential', delay: definition.defaults.backoffMs },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 5000 },
        },
      });
      queue.on('error', (error) => options.logger.warn({ err: error, job: definition.name }, 'job queue error'));
      queues.set(definition.name, queue);
    }
    return queue;
  };

  return {
    kind: 'bullmq',
    register(definition, handler) {
      handlers.set(definition.name, { definition, handler: handler as JobHandler<JobDefinition> });
      queueOf(definition);
    },
    async enqueue(definition, payload, enqueueOptions = {}) {
      assertPayload(definition, payload);
      const job = await queueOf(definition).add(definition.name, payload, {
        ...(enqueueOptions.jobId ? { jobId: enqueueOptions.jobId } : {}),
        ...(enqueueOptions.delayMs ? { delay: enqueueOptions.delayMs } : {}),
      });
      return job.id as string;
    },
    async schedule(definition, schedulerId, payload, everyMs) {
      assertPayload(definition, payload);
      await queueOf(definition).upsertJobScheduler(schedulerId, { every: everyMs }, { name: definition.name, data: payload });
    },
    async unschedule(definition, schedulerId) {
      await queueOf(definition).removeJobScheduler(schedulerId);
    },
    async counts() {
      const result: Record<string, QueueCounts> = {};
      for (const [name, queue] of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
        result[name] = { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
      }
      return result;
    },
    async start() {
      for (const { definition, handler } of handlers.values()) {
        const worker = new Worker(
          definition.name,
          async (job: Job) => {
            const attempt = job.attemptsMade + 1;
            const log = options.logger.child({ job: definition.name, jobId: job.id, attempt });
            const startedAt = performance.now();
            try {
              assertPayload(definition, job.data);
              await handler(job.data as never, { jobId: job.id as string, attempt, log });
              options.metrics?.observe(definition.name, 'completed', (performance.now() - startedAt) / 1000);
            } catch (error) {
              const final = (error as Error).name === 'UnrecoverableError' || attempt >= definition.defaults.attempts;
              options.metrics?.observe(definition.name, final ? 'failed' : 'retry', (performance.now() - startedAt) / 1000);
              if (final) log.error({ err: error }, 'job failed for good');
              else log.warn({ err: error }, 'job failed; will retry');
              throw error;
            }
          },
          { connection, prefix, concurrency: definition.defaults.concurrency },
        );
        worker.on('error', (error) => options.logger.warn({ err: error, job: definition.name }, 'job worker error'));
        workers.push(worker);
      }
    },
    async close() {
      await Promise.allSettled(workers.map((worker) => worker.close()));
      await Promise.allSettled([...queues.values()].map((queue) => queue.close()));
      connection.disconnect();
    },
  };
}
