/**
 * The shard transport (DESIGN §3): committed records travel from ingest to the one
 * engine process that owns their intersection. Embedded mode calls the engine in
 * process; server mode uses Redis streams partitioned by intersection with leased
 * ownership (`redis-shard-transport.ts`), so engines can be added, removed or
 * restarted and every intersection keeps exactly one owner.
 *
 * A process that gains an intersection first rebuilds its state from the database
 * (`onAssigned`), then receives the stream from a position taken before the rebuild:
 * records committed in between may arrive twice, so consumers must ignore events
 * they already applied.
 */
import type { CommittedBatch } from '../contracts/records.js';

export interface ShardConsumer {
  /** Intersections this process now owns; rebuild their state before returning. */
  onAssigned(intersectionIds: readonly string[]): Promise<void>;
  /** Intersections this process no longer owns: stop computing them. */
  onRevoked(intersectionIds: readonly string[]): Promise<void>;
  /** A committed batch of an owned intersection, in commit order per intersection. */
  onBatch(batch: CommittedBatch): Promise<void>;
}

export interface ShardTransport {
  readonly kind: 'in-process' | 'redis';
  /** Ingest side: hands off batches after COMMIT. */
  publish(batches: readonly CommittedBatch[]): Promise<void>;
  /** Engine side: starts receiving; resolves once the first assignment is done. */
  consume(consumer: ShardConsumer): Promise<void>;
  close(): Promise<void>;
}

/**
 * Embedded mode: one process owns every intersection; batches go straight to the consumer.
 *
 * @example const transport = createInProcessShardTransport(network.intersections.keys());
 */
export function createInProcessShardTransport(intersectionIds: Iterable<string>): ShardTransport {
  const all = [...intersectionIds];
  let consumer: ShardConsumer | undefined;
  return {
    kind: 'in-process',
    async publish(batches) {
      if (!consumer) return;
      for (const batch of batches) await consumer.onBatch(batch);
    },
    async consume(next) {
      consumer = next;
      await next.onAssigned(all);
    },
    async close() {
      const previous = consumer;
      consumer = undefined;
      await previous?.onRevoked(all);
    },
  };
}

/**
 * Stable partition of an intersection (FNV-1a 32-bit): the same everywhere, so every
 * ingest process writes an intersection to the same stream.
 *
 * @example partitionOf('TJ05', 16) // an integer in [0, 16)
 */
export function partitionOf(intersectionId: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < intersectionId.length; i++) {
    hash ^= intersectionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

/**
 * How many partitions each of `nodes` live engine processes should own.
 *
 * @example fairShare(16, 3) // 6
 */
export function fairShare(partitions: number, nodes: number): number {
  return Math.ceil(partitions / Math.max(1, nodes));
}
