/**
 * The ingest pipeline of a process: one validator over the network, one group commit
 * shared by every transport, the hand-off listeners, and the metrics. Transports open a
 * session per request, message or file (`open`), feed it parsed records and answer the
 * sender with its summary after COMMIT.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { NetworkIndex } from '../geo/network/network-index.js';
import type { FeedPrincipal } from '../services/contracts/identity.js';
import type { CommittedBatch } from '../services/contracts/records.js';
import type { SqlPort } from '../services/store/port.js';
import { GroupCommitter, type CommittedRecords } from './batcher.js';
import { toCommittedBatches } from './handoff.js';
import { createIngestMetrics, type IngestMetrics } from './metrics.js';
import type { IngestSource } from './records.js';
import { IngestSession } from './session.js';
import { RecordValidator, timeWindow } from './validate.js';

export interface IngestLimits {
  batchRows: number;
  batchWaitMs: number;
  maxPendingRows: number;
  /** Oldest record a live feed may send, s. */
  latenessS: number;
  /** Raw retention, days: the oldest record an import may bring. */
  retentionDays: number;
  /** Engine reorder window, ms: older arrivals are flagged late. */
  reorderWindowMs: number;
  /** Longest NDJSON line or CSV row, characters. */
  maxLineChars: number;
}

/** Defaults matching the configuration defaults (services/config). */
export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  batchRows: 20_000,
  batchWaitMs: 10,
  maxPendingRows: 200_000,
  latenessS: 86_400,
  retentionDays: 90,
  reorderWindowMs: 3_000,
  maxLineChars: 65_536,
};

export interface IngestPipelineOptions {
  store: SqlPort;
  network: NetworkIndex;
  registry: Registry;
  logger: Logger;
  limits?: Partial<IngestLimits>;
  /**
   * Group-commit transactions in flight at once: default 2 on a PostgreSQL server (the
   * database works on one batch while the next is sent), 1 on PGlite (one connection).
   */
  commitConcurrency?: number;
  /** Epoch ms; tests pin it. */
  clock?: () => number;
}

export type CommittedListener = (batch: CommittedBatch) => void;

/**
 * @example
 * const pipeline = createIngestPipeline({ store, network, registry, logger });
 * pipeline.onCommitted((batch) => bus.publish(batch));
 * const session = pipeline.open({ feed, transport: 'http', policy: 'live' });
 */
export class IngestPipeline {
  readonly limits: IngestLimits;
  readonly metrics: IngestMetrics;
  readonly committer: GroupCommitter;
  readonly network: NetworkIndex;
  private readonly validator: RecordValidator;
  private readonly listeners = new Set<CommittedListener>();
  private readonly newestTs = new Map<string, number>();
  private readonly scopes = new WeakMap<FeedPrincipal, ReadonlySet<string> | null>();
  private readonly clock: () => number;
  private readonly logger: Logger;

  constructor(options: IngestPipelineOptions) {
    this.limits = { ...DEFAULT_INGEST_LIMITS, ...options.limits };
    this.network = options.network;
    this.logger = options.logger;
    this.clock = options.clock ?? Date.now;
    this.metrics = createIngestMetrics(options.registry);
    this.validator = new RecordValidator(options.network);
    this.committer = new GroupCommitter(options.store, {
      batchRows: this.limits.batchRows,
      batchWaitMs: this.limits.batchWaitMs,
      maxPendingRows: this.limits.maxPendingRows,
      commitConcurrency: options.commitConcurrency ?? (options.store.adapter === 'pg' ? 2 : 1),
      logger: options.logger,
      observer: this.metrics.observer,
      onCommitted: (records) => this.handOff(records),
    });
  }

  /**
   * Starts a sender's unit of work. `urgent`: the sender sends nothing else until answered
   * (MQTT delivers one message at a time), so its records do not wait for the window.
   *
   * @example const session = pipeline.open({ feed, transport: 'mqtt', policy: 'live', onlyIntersection: 'TJ01' });
   */
  open(source: IngestSource, options: { firstRejects?: number; urgent?: boolean } = {}): IngestSession {
    return new IngestSession(source, {
      committer: this.committer,
      validator: this.validator,
      metrics: this.metrics,
      window: { scope: this.scopeOf(source.feed), ...timeWindow(this.clock(), source.policy, this.limits) },
      newestTs: this.newestTs,
      reorderWindowMs: this.limits.reorderWindowMs,
      chunkRows: Math.min(this.limits.batchRows, Math.max(1, Math.floor(this.limits.maxPendingRows / 4))),
      firstRejects: options.firstRejects ?? 20,
      urgent: options.urgent ?? false,
    });
  }

  /**
   * Registers a hand-off listener: called after each COMMIT with the newly stored records
   * of each intersection, in commit order. Returns the function that removes it.
   *
   * @example const off = pipeline.onCommitted((batch) => engine.feed(batch)); off();
   */
  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether the backlog has room for `rows` more. */
  hasRoom(rows = 1): boolean {
    return this.committer.hasRoom(rows);
  }

  /** Resolves when the backlog has drained to half its limit. */
  drained(): Promise<void> {
    return this.committer.drained();
  }

  /** Rows waiting for or in a commit. */
  get backlogRows(): number {
    return this.committer.backlogRows;
  }

  /** Writes what is queued and refuses new work. */
  close(): Promise<void> {
    return this.committer.close();
  }

  private scopeOf(feed: FeedPrincipal): ReadonlySet<string> | null {
    let scope = this.scopes.get(feed);
    if (scope === undefined) {
      scope = feed.intersections === null ? null : new Set(feed.intersections);
      this.scopes.set(feed, scope);
    }
    return scope;
  }

  private handOff(records: CommittedRecords): void {
    if (this.listeners.size === 0) return;
    for (const batch of toCommittedBatches(records)) {
      for (const listener of this.listeners) {
        try {
          listener(batch);
        } catch (error) {
          this.metrics.handoffErrors.inc();
          this.logger.error({ err: error, intersection: batch.intersectionId }, 'ingest hand-off listener failed');
        }
      }
    }
  }
}
