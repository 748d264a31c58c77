/**
 * Group commit (DESIGN §3): records from every concurrent sender are collected for a
 * few milliseconds or up to a batch size, written in ONE transaction, and only then are
 * those senders answered. Nothing is acknowledged before COMMIT; on a database error
 * nothing of the batch is visible and every sender is told to retry.
 *
 * Write path per batch, measured against alternatives in bench/RESULTS.md:
 * 1. COPY straight into the tables (as fast as a raw COPY) — a batch of new records;
 * 2. when that meets a unique violation (a retry, or the same record twice), the batch is
 *    written again through a staging table with INSERT … ON CONFLICT DO NOTHING RETURNING,
 *    which stores each record exactly once and says which ones were new.
 * Rejects are quarantined in the same transaction: a reject is acknowledged only once stored.
 *
 * Batches may commit two at a time (`commitConcurrency`) on two connections; records
 * submitted twice concurrently still end up stored once (the second transaction waits
 * on the first's unique-index entry, then takes the staged path).
 *
 * Backpressure: at most `maxPendingRows` rows wait or are being written; beyond that
 * `submit` refuses at once (`IngestOverloadedError`) and streaming transports wait on `drained()`.
 */
import type { Logger } from 'pino';
import type { ControllerEvent, DetectorSample, StoredControllerEvent } from '../services/contracts/records.js';
import { isConnectionError } from '../services/store/pg.adapter.js';
import type { SqlPort } from '../services/store/port.js';
import { copyControllerEvents, insertNewControllerEvents, isUniqueViolation } from '../services/store/repositories/controller-event.repository.js';
import {
  copyDetectorSamples,
  insertNewDetectorSamples,
  type StoredDetectorSample,
} from '../services/store/repositories/detector-sample.repository.js';
import { copyRejects, type RejectRow } from '../services/store/repositories/reject.repository.js';
import { ensureDayPartitions } from '../services/store/retention.js';

/** What one sender hands over: records already validated, and its rejects. */
export interface CommitWork {
  events: readonly StoredControllerEvent[];
  samples: readonly StoredDetectorSample[];
  rejects: readonly RejectRow[];
}

/** What was stored for one sender. Duplicates were stored before (by a retry or another sender). */
export interface CommitOutcome {
  newEvents: number;
  duplicateEvents: number;
  newSamples: number;
  duplicateSamples: number;
  rejectsStored: number;
}

/** Newly stored records of one transaction, for the hand-off. */
export interface CommittedRecords {
  /** Epoch ms after COMMIT returned. */
  committedAt: number;
  events: readonly ControllerEvent[];
  samples: readonly DetectorSample[];
}

/** The backlog is full: retry after a moment (HTTP 503 + Retry-After; streams pause). */
export class IngestOverloadedError extends Error {
  readonly retryAfterS: number;
  constructor(pendingRows: number, retryAfterS = 1) {
    super(`ingest backlog is full (${pendingRows} rows waiting for the database)`);
    this.name = 'IngestOverloadedError';
    this.retryAfterS = retryAfterS;
  }
}

/** The database failed; nothing of the batch was stored; the sender must retry. */
export class IngestUnavailableError extends Error {
  readonly retryAfterS: number;
  constructor(message: string, options?: { cause?: unknown; retryAfterS?: number }) {
    super(message, options);
    this.name = 'IngestUnavailableError';
    this.retryAfterS = options?.retryAfterS ?? 1;
  }
}

/** This sender's records cannot be stored (the database refused them); retrying will not help. */
export class IngestWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngestWriteError';
  }
}

/** How the committer reports what it does (metrics live elsewhere). */
export interface CommitObserver {
  committed(batch: { rows: number; senders: number; seconds: number; path: 'copy' | 'staged' }): void;
  failed(kind: 'transient' | 'permanent', error: unknown): void;
  backlog(rows: number): void;
}

export interface GroupCommitOptions {
  /** Flush when this many rows are waiting. */
  batchRows: number;
  /** Flush at the latest this long after the first row arrived, ms. */
  batchWaitMs: number;
  /** Rows waiting or being written before senders are refused. */
  maxPendingRows: number;
  /**
   * Transactions in flight at once (default 1). Two let the database work on one batch
   * while the next is encoded and sent, on two connections; commit order (and so the
   * hand-off order) is the order in which they finish.
   */
  commitConcurrency?: number;
  logger: Logger;
  observer?: CommitObserver;
  /** Called after each COMMIT, after the senders were answered, in commit order. */
  onCommitted?: (records: CommittedRecords) => void;
}

interface Pending {
  work: CommitWork;
  rows: number;
  /** performance.now() when queued. */
  queuedAt: number;
  /** The sender waits for nothing else: flush without waiting for the window. */
  urgent: boolean;
  resolve: (outcome: CommitOutcome) => void;
  reject: (error: Error) => void;
}

const DAY_MS = 86_400_000;
const KNOWN_DAYS_LIMIT = 4096;

function rowsOf(work: CommitWork): number {
  return work.events.length + work.samples.length + work.rejects.length;
}

const eventKey = (e: ControllerEvent) => `${e.intersectionId}\u0001${e.ts}\u0001${e.code}\u0001${e.param}`;
const sampleKey = (s: { detectorId: string; ts: number }) => `${s.detectorId}\u0001${s.ts}`;

/** SQLSTATE classes worth a retry: connection, transaction rollback, resources, lock, operator intervention, system. */
const TRANSIENT_CLASSES = /^(08|40|53|55|57|58)/;

/**
 * Whether retrying the same records later can succeed.
 *
 * @example isTransientStoreError({ code: '57P01' }) // true (backend terminated)
 */
export function isTransientStoreError(error: unknown): boolean {
  if (isConnectionError(error)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_CLASSES.test(code);
  // Errors without an SQLSTATE come from the driver (pool timeouts, closed clients), unless they are our bugs.
  return !(error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError);
}

/**
 * @example
 * const committer = new GroupCommitter(store, { batchRows: 20000, batchWaitMs: 10, maxPendingRows: 200000, logger });
 * const outcome = await committer.submit({ events, samples: [], rejects: [] }); // resolves after COMMIT
 */
export class GroupCommitter {
  private readonly store: SqlPort;
  private readonly options: GroupCommitOptions;
  private queue: Pending[] = [];
  private queuedRows = 0;
  /** Queued senders that asked not to wait for the window. */
  private urgentQueued = 0;
  private inflightRows = 0;
  private oldestQueuedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Commits in progress. */
  private active = 0;
  private closing = false;
  private idle: (() => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private readonly knownDays = new Set<number>();

  constructor(store: SqlPort, options: GroupCommitOptions) {
    this.store = store;
    this.options = options;
  }

  /** Rows submitted and not yet committed (or refused). */
  get backlogRows(): number {
    return this.queuedRows + this.inflightRows;
  }

  /** Whether `rows` more may be submitted now. */
  hasRoom(rows = 1): boolean {
    const pending = this.backlogRows;
    return pending === 0 || pending + rows <= this.options.maxPendingRows;
  }

  /**
   * Resolves when the backlog is at most half the limit (streams resume reading then).
   *
   * @example if (!committer.hasRoom(n)) await committer.drained();
   */
  drained(): Promise<void> {
    if (this.backlogRows <= this.options.maxPendingRows / 2 || this.closing) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /**
   * Queues a sender's records; resolves after the transaction holding them committed.
   * `urgent`: the sender has nothing else to send until answered (an MQTT message), so the
   * batch is flushed now with whatever else is queued instead of waiting for the window.
   *
   * @throws {IngestOverloadedError} at once when the backlog is full.
   * @throws {IngestUnavailableError} when the database failed (nothing stored; retry).
   * @throws {IngestWriteError} when the database refused these records for good.
   */
  submit(work: CommitWork, options: { urgent?: boolean } = {}): Promise<CommitOutcome> {
    const rows = rowsOf(work);
    if (this.closing) return Promise.reject(new IngestUnavailableError('ingest is shutting down'));
    if (rows === 0) return Promise.resolve({ newEvents: 0, duplicateEvents: 0, newSamples: 0, duplicateSamples: 0, rejectsStored: 0 });
    if (!this.hasRoom(rows)) return Promise.reject(new IngestOverloadedError(this.backlogRows));
    return new Promise<CommitOutcome>((resolve, reject) => {
      const queuedAt = performance.now();
      if (this.queue.length === 0) this.oldestQueuedAt = queuedAt;
      const urgent = options.urgent === true;
      if (urgent) this.urgentQueued += 1;
      this.queue.push({ work, rows, queuedAt, urgent, resolve, reject });
      this.queuedRows += rows;
      this.options.observer?.backlog(this.backlogRows);
      this.schedule();
    });
  }

  /** Writes what is queued, refuses new work, resolves when nothing is pending. */
  async close(): Promise<void> {
    this.closing = true;
    this.releaseDrainWaiters();
    this.schedule();
    if (this.active > 0 || this.queue.length > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /**
   * Starts batches while commit slots are free and a batch is due (full, or its window
   * elapsed); otherwise arms the window's timer. Called on every submit and every finished commit.
   */
  private schedule(): void {
    const concurrency = this.options.commitConcurrency ?? 1;
    while (this.active < concurrency && this.queue.length > 0) {
      const waitedMs = performance.now() - this.oldestQueuedAt;
      if (this.queuedRows < this.options.batchRows && waitedMs < this.options.batchWaitMs && this.urgentQueued === 0 && !this.closing) {
        if (!this.timer) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.schedule();
          }, this.options.batchWaitMs - waitedMs);
        }
        return;
      }
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush(this.take());
    }
  }

  private take(): Pending[] {
    const batch: Pending[] = [];
    let rows = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0] as Pending;
      if (batch.length > 0 && rows + next.rows > this.options.batchRows) break;
      batch.push(next);
      rows += next.rows;
      if (next.urgent) this.urgentQueued -= 1;
      this.queue.shift();
    }
    this.queuedRows -= rows;
    this.inflightRows += rows;
    if (this.queue.length > 0) this.oldestQueuedAt = (this.queue[0] as Pending).queuedAt;
    return batch;
  }

  private async flush(batch: Pending[]): Promise<void> {
    this.active += 1;
    const rows = batch.reduce((sum, p) => sum + p.rows, 0);
    try {
      await this.commit(batch);
    } finally {
      this.active -= 1;
      this.inflightRows -= rows;
      this.options.observer?.backlog(this.backlogRows);
      if (this.backlogRows <= this.options.maxPendingRows / 2) this.releaseDrainWaiters();
      this.schedule();
      if (this.active === 0 && this.queue.length === 0) {
        const idle = this.idle;
        this.idle = [];
        for (const resolve of idle) resolve();
      }
    }
  }

  private releaseDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Commits one batch and answers its senders; never throws. */
  private async commit(batch: Pending[]): Promise<void> {
    const startedAt = performance.now();
    try {
      const { outcomes, records, path } = await this.write(batch.map((p) => p.work));
      const committedAt = Date.now();
      this.options.observer?.committed({
        rows: batch.reduce((sum, p) => sum + p.rows, 0),
        senders: batch.length,
        seconds: (performance.now() - startedAt) / 1000,
        path,
      });
      batch.forEach((pending, i) => pending.resolve(outcomes[i] as CommitOutcome));
      if (records.events.length + records.samples.length > 0) this.handOff({ committedAt, ...records });
    } catch (error) {
      await this.fail(batch, error);
    }
  }

  private handOff(records: CommittedRecords): void {
    try {
      this.options.onCommitted?.(records);
    } catch (error) {
      this.options.logger.error({ err: error }, 'ingest hand-off listener failed');
    }
  }

  private async fail(batch: Pending[], error: unknown): Promise<void> {
    if (isTransientStoreError(error)) {
      this.options.observer?.failed('transient', error);
      this.options.logger.warn({ err: error, senders: batch.length }, 'ingest commit failed; senders will retry');
      const refusal = new IngestUnavailableError('the database is unavailable; nothing was stored, retry', { cause: error });
      for (const pending of batch) pending.reject(refusal);
      return;
    }
    this.options.observer?.failed('permanent', error);
    if (batch.length === 1) {
      this.options.logger.error({ err: error }, 'ingest commit refused by the database');
      (batch[0] as Pending).reject(new IngestWriteError(`the database refused these records: ${(error as Error).message}`, { cause: error }));
      return;
    }
    // One sender's records may be to blame: commit each sender alone so the others get through.
    for (const pending of batch) await this.commit([pending]);
  }

  private async ensurePartitions(works: readonly CommitWork[]): Promise<void> {
    let lastDay = Number.NaN;
    const missing: number[] = [];
    const note = (ts: number) => {
      const day = Math.floor(ts / DAY_MS);
      if (day === lastDay) return;
      lastDay = day;
      if (!this.knownDays.has(day) && !missing.includes(day)) missing.push(day);
    };
    for (const work of works) {
      for (const event of work.events) note(event.ts);
      for (const sample of work.samples) note(sample.ts);
    }
    for (const day of missing) {
      await ensureDayPartitions(this.store, new Date(day * DAY_MS), new Date(day * DAY_MS));
      if (this.knownDays.size >= KNOWN_DAYS_LIMIT) this.knownDays.clear();
      this.knownDays.add(day);
    }
  }

  private async write(works: readonly CommitWork[]): Promise<{ outcomes: CommitOutcome[]; records: Omit<CommittedRecords, 'committedAt'>; path: 'copy' | 'staged' }> {
    await this.ensurePartitions(works);
    const events = works.length === 1 ? (works[0] as CommitWork).events : works.flatMap((w) => w.events);
    const samples = works.length === 1 ? (works[0] as CommitWork).samples : works.flatMap((w) => w.samples);
    const rejects = works.length === 1 ? (works[0] as CommitWork).rejects : works.flatMap((w) => w.rejects);
    try {
      await this.store.transaction(async (tx) => {
        await copyRejects(tx, rejects);
        await copyControllerEvents(tx, events);
        await copyDetectorSamples(tx, samples);
      });
      const outcomes = works.map((w) => ({
        newEvents: w.events.length,
        duplicateEvents: 0,
        newSamples: w.samples.length,
        duplicateSamples: 0,
        rejectsStored: w.rejects.length,
      }));
      return { outcomes, records: { events, samples }, path: 'copy' };
    } catch (error) {
      if (isPartitionMissing(error)) this.knownDays.clear();
      if (!isUniqueViolation(error) && !isPartitionMissing(error)) throw error;
      if (isPartitionMissing(error)) await this.ensurePartitions(works);
    }
    const { freshEvents, freshSamples } = await this.store.transaction(async (tx) => {
      await copyRejects(tx, rejects);
      return { freshEvents: await insertNewControllerEvents(tx, events), freshSamples: await insertNewDetectorSamples(tx, samples) };
    });
    return { outcomes: attribute(works, freshEvents, freshSamples), records: { events: freshEvents, samples: freshSamples }, path: 'staged' };
  }
}

/** A row fell outside every day partition (one was dropped by retention meanwhile). */
function isPartitionMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23514' && /no partition/i.test((error as Error).message ?? '');
}

/**
 * Which sender's records were the new ones: each newly stored key counts once, for the
 * first sender (in batch order) that sent it; every other copy is a duplicate.
 */
function attribute(works: readonly CommitWork[], freshEvents: readonly ControllerEvent[], freshSamples: readonly DetectorSample[]): CommitOutcome[] {
  const newEventKeys = new Map<string, number>();
  for (const e of freshEvents) newEventKeys.set(eventKey(e), (newEventKeys.get(eventKey(e)) ?? 0) + 1);
  const newSampleKeys = new Map<string, number>();
  for (const s of freshSamples) newSampleKeys.set(sampleKey(s), (newSampleKeys.get(sampleKey(s)) ?? 0) + 1);
  const claim = (keys: Map<string, number>, key: string) => {
    const left = keys.get(key) ?? 0;
    if (left === 0) return false;
    keys.set(key, left - 1);
    return true;
  };
  return works.map((w) => {
    let newEvents = 0;
    for (const e of w.events) if (claim(newEventKeys, eventKey(e))) newEvents++;
    let newSamples = 0;
    for (const s of w.samples) if (claim(newSampleKeys, sampleKey(s))) newSamples++;
    return {
      newEvents,
      duplicateEvents: w.events.length - newEvents,
      newSamples,
      duplicateSamples: w.samples.length - newSamples,
      rejectsStored: w.rejects.length,
    };
  });
}
