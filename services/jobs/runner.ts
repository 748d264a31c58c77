/**
 * The jobs port (CONVENTIONS 3): one interface over BullMQ (server mode, Redis)
 * and an in-process runner (embedded mode). Handlers throw `UnrecoverableError`
 * for bad input (no retry) and ordinary errors for transient faults (retried with
 * exponential backoff up to the definition's attempts).
 */
import type { Logger } from 'pino';
import type { JobDefinition, JobPayload } from './job-definition.js';

export interface JobContext {
  jobId: string;
  /** 1 for the first run. */
  attempt: number;
  log: Logger;
}

export type JobHandler<D extends JobDefinition> = (payload: JobPayload<D>, context: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** Deduplication id: a job with the same id that is still waiting is not added twice. */
  jobId?: string;
  delayMs?: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface JobRunner {
  readonly kind: 'bullmq' | 'in-process';
  /** Runs `handler` for jobs of this definition in this process (the worker role). Call before `start`. */
  register<D extends JobDefinition>(definition: D, handler: JobHandler<D>): void;
  /** Adds one job; the payload is validated first. Returns the job id. */
  enqueue<D extends JobDefinition>(definition: D, payload: JobPayload<D>, options?: EnqueueOptions): Promise<string>;
  /** Creates or updates a repeating job: the first run one interval from now, then every `everyMs`. Idempotent per `schedulerId`. */
  schedule<D extends JobDefinition>(definition: D, schedulerId: string, payload: JobPayload<D>, everyMs: number): Promise<void>;
  unschedule(definition: JobDefinition, schedulerId: string): Promise<void>;
  /** Queue depth per job name, for /metrics. */
  counts(): Promise<Record<string, QueueCounts>>;
  /** Starts processing registered handlers. */
  start(): Promise<void>;
  /** Stops taking jobs, lets running ones finish, releases connections. */
  close(): Promise<void>;
}
