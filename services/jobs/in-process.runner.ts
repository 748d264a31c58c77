/**
 * The in-process job runner of embedded mode: same semantics as the BullMQ
 * adapter (validation, retries with exponential backoff, UnrecoverableError,
 * per-kind concurrency, deduplicating job ids, repeating schedules), held in memory.
 * Jobs do not survive a restart; the schedules are re-created at start-up.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { assertPayload, retryDelayMs, UnrecoverableError, type JobDefinition } from './job-definition.js';
import type { JobMetrics } from './job-metrics.js';
import type { EnqueueOptions, JobHandler, JobRunner, QueueCounts } from './runner.js';

interface PendingJob {
  id: string;
  payload: unknown;
  failures: number;
  runAt: number;
}

interface Lane {
  definition: JobDefinition;
  handler: JobHandler<JobDefinition> | undefined;
  pending: PendingJob[];
  activeIds: Set<string>;
  failed: number;
  timer: NodeJS.Timeout | undefined;
}

export interface InProcessRunnerOptions {
  logger: Logger;
  metrics?: JobMetrics;
}

export function createInProcessRunner(options: InProcessRunnerOptions): JobRunner {
  const lanes = new Map<string, Lane>();
  const schedules = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let started = false;
  let closed = false;

  const laneOf = (definition: JobDefinition): Lane => {
    let lane = lanes.get(definition.name);
    if (!lane) {
      lane = { definition, handler: undefined, pending: [], activeIds: new Set(), failed: 0, timer: undefined };
      lanes.set(definition.name, lane);
    }
    return lane;
  };

  const pump = (lane: Lane): void => {
    if (!started || closed || !lane.handler) return;
    clearTimeout(lane.timer);
    lane.timer = undefined;
    const now = Date.now();
    lane.pending.sort((a, b) => a.runAt - b.runAt);
    while (lane.activeIds.size < lane.definition.defaults.concurrency) {
      const next = lane.pending[0];
      if (!next || next.runAt > now) break;
      lane.pending.shift();
      const run = execute(lane, next).finally(() => {
        running.delete(run);
        pump(lane);
      });
      running.add(run);
    }
    const next = lane.pending[0];
    if (next && lane.activeIds.size < lane.definition.defaults.concurrency) {
      lane.timer = setTimeout(() => pump(lane), Math.max(0, next.runAt - now));
    }
  };

  const execute = async (lane: Lane, job: PendingJob): Promise<void> => {
    const { definition } = lane;
    lane.activeIds.add(job.id);
    const attempt = job.failures + 1;
    const log = options.logger.child({ job: definition.name, jobId: job.id, attempt });
    const startedAt = performance.now();
    try {
      assertPayload(definition, job.payload);
      await (lane.handler as JobHandler<JobDefinition>)(job.payload as never, { jobId: job.id, attempt, log });
      options.metrics?.observe(definition.name, 'completed', (performance.now() - startedAt) / 1000);
    } catch (error) {
      const final = error instanceof UnrecoverableError || attempt >= definition.defaults.attempts;
      options.metrics?.observe(definition.name, final ? 'failed' : 'retry', (performance.now() - startedAt) / 1000);
      if (final) {
        lane.failed += 1;
        log.error({ err: error }, 'job failed for good');
      } else {
        log.warn({ err: error }, 'job failed; will retry');
        lane.pending.push({ ...job, failures: job.failures + 1, runAt: Date.now() + retryDelayMs(definition.defaults, attempt) });
      }
    } finally {
      lane.activeIds.delete(job.id);
    }
  };

  return {
    kind: 'in-process',
    register(definition, handler) {
      laneOf(definition).handler = handler as JobHandler<JobDefinition>;
    },
    async enqueue(definition, payload, enqueueOptions: EnqueueOptions = {}) {
      assertPayload(definition, payload);
      const lane = laneOf(definition);
      const id = enqueueOptions.jobId ?? randomUUID();
      if (lane.activeIds.has(id) || lane.pending.some((job) => job.id === id)) return id;
      lane.pending.push({ id, payload, failures: 0, runAt: Date.now() + (enqueueOptions.delayMs ?? 0) });
      pump(lane);
      return id;
    },
    async schedule(definition, schedulerId, payload, everyMs) {
      assertPayload(definition, payload);
      const key = `${definition.name}:${schedulerId}`;
      clearInterval(schedules.get(key));
      let tick = 0;
      const timer = setInterval(() => {
        tick += 1;
        void this.enqueue(definition, payload, { jobId: `${schedulerId}:${tick}` });
      }, everyMs);
      timer.unref();
      schedules.set(key, timer);
    },
    async unschedule(definition, schedulerId) {
      const key = `${definition.name}:${schedulerId}`;
      clearInterval(schedules.get(key));
      schedules.delete(key);
    },
    async counts() {
      const now = Date.now();
      const result: Record<string, QueueCounts> = {};
      for (const [name, lane] of lanes) {
        const delayed = lane.pending.filter((job) => job.runAt > now).length;
        result[name] = { waiting: lane.pending.length - delayed, active: lane.activeIds.size, delayed, failed: lane.failed };
      }
      return result;
    },
    async start() {
      started = true;
      for (const lane of lanes.values()) pump(lane);
    },
    async close() {
      closed = true;
      for (const timer of schedules.values()) clearInterval(timer);
      schedules.clear();
      for (const lane of lanes.values()) clearTimeout(lane.timer);
      await Promise.allSettled([...running]);
    },
  };
}
