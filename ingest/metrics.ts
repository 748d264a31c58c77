/**
 * Ingest metrics on the process registry (`/metrics`): per feed and transport what was
 * accepted, duplicated, rejected (by reason) and refused (whole requests), plus the
 * group commit's batch sizes, commit latency, failures and backlog.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CommitObserver } from './batcher.js';

export interface IngestMetrics {
  accepted: Counter<'feed' | 'transport' | 'kind'>;
  duplicates: Counter<'feed' | 'kind'>;
  rejected: Counter<'feed' | 'transport' | 'reason'>;
  late: Counter<'feed'>;
  refused: Counter<'feed' | 'transport' | 'code'>;
  handoffErrors: Counter<string>;
  observer: CommitObserver;
}

/**
 * Registers the ingest metrics on a registry (once per registry).
 *
 * @example const metrics = createIngestMetrics(registry); metrics.rejected.inc({ feed: 'k1', transport: 'http', reason: 'MALFORMED_JSON' });
 */
export function createIngestMetrics(registry: Registry): IngestMetrics {
  const registers = [registry];
  const batchRows = new Histogram({
    name: 'zhidu_ingest_batch_rows',
    help: 'Rows (records and rejects) per group-commit transaction',
    buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000, 20000, 50000, 100000, 200000],
    registers,
  });
  const batchSenders = new Histogram({
    name: 'zhidu_ingest_batch_senders',
    help: 'Senders (requests, messages) answered by one group-commit transaction',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers,
  });
  const commitSeconds = new Histogram({
    name: 'zhidu_ingest_commit_seconds',
    help: 'Time to write and commit one batch; path=copy (all new) or staged (some repeated)',
    labelNames: ['path'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const commitFailures = new Counter({
    name: 'zhidu_ingest_commit_failures_total',
    help: 'Failed group commits; transient ones are retried by the senders',
    labelNames: ['kind'] as const,
    registers,
  });
  const backlog = new Gauge({ name: 'zhidu_ingest_backlog_rows', help: 'Rows waiting for or in a group commit', registers });
  return {
    accepted: new Counter({
      name: 'zhidu_ingest_accepted_total',
      help: 'Records stored and acknowledged (new or already stored)',
      labelNames: ['feed', 'transport', 'kind'] as const,
      registers,
    }),
    duplicates: new Counter({
      name: 'zhidu_ingest_duplicates_total',
      help: 'Acknowledged records that were stored already (retries)',
      labelNames: ['feed', 'kind'] as const,
      registers,
    }),
    rejected: new Counter({
      name: 'zhidu_ingest_rejected_total',
      help: 'Records quarantined in ingest_rejects, by reason',
      labelNames: ['feed', 'transport', 'reason'] as const,
      registers,
    }),
    late: new Counter({
      name: 'zhidu_ingest_late_total',
      help: 'Accepted events older than their intersection’s newest event by more than the engine reorder window',
      labelNames: ['feed'] as const,
      registers,
    }),
    refused: new Counter({
      name: 'zhidu_ingest_refused_total',
      help: 'Whole requests or messages refused (overload, database unavailable, unreadable body), by error code',
      labelNames: ['feed', 'transport', 'code'] as const,
      registers,
    }),
    handoffErrors: new Counter({ name: 'zhidu_ingest_handoff_errors_total', help: 'Hand-off listeners that threw', registers }),
    observer: {
      committed: ({ rows, senders, seconds, path }) => {
        batchRows.observe(rows);
        batchSenders.observe(senders);
        commitSeconds.observe({ path }, seconds);
      },
      failed: (kind) => commitFailures.inc({ kind }),
      backlog: (rows) => backlog.set(rows),
    },
  };
}
