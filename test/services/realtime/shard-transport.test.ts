import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommittedBatch } from '../../../services/contracts/records.js';
import { createRedisShardTransport } from '../../../services/realtime/redis-shard-transport.js';
import { createInProcessShardTransport, fairShare, partitionOf, type ShardConsumer, type ShardTransport } from '../../../services/realtime/shard-transport.js';
import { deleteRedisPrefix, uniqueRedisPrefix } from '../../helpers/redis.js';
import { describeWith, TEST_REDIS_URL } from '../../helpers/services.js';

const INTERSECTIONS = Array.from({ length: 24 }, (_, i) => `TJ${String(i + 1).padStart(2, '0')}`);
const logger = pino({ level: 'silent' });
const GHOST = fileURLToPath(new URL('../../fixtures/realtime/engine-that-dies.ts', import.meta.url));

/** A consumer that records what it owns and receives. */
function recorder() {
  const owned = new Set<string>();
  const received: CommittedBatch[] = [];
  const consumer: ShardConsumer = {
    async onAssigned(ids) {
      for (const id of ids) owned.add(id);
    },
    async onRevoked(ids) {
      for (const id of ids) owned.delete(id);
    },
    async onBatch(batch) {
      received.push(batch);
    },
  };
  return { owned, received, consumer };
}

const batch = (intersectionId: string, n: number): CommittedBatch => ({
  intersectionId,
  committedAt: Date.now(),
  events: [{ intersectionId, ts: n, code: 82, param: 1 }],
  samples: [],
});

async function until(condition: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('shard partitioning', () => {
  it('maps an intersection to the same partition everywhere', () => {
    expect(partitionOf('TJ05', 16)).toBe(partitionOf('TJ05', 16));
    const used = new Set(INTERSECTIONS.map((id) => partitionOf(id, 8)));
    expect(used.size).toBeGreaterThan(4);
  });
  it('shares partitions fairly', () => {
    expect([fairShare(16, 1), fairShare(16, 3), fairShare(16, 0)]).toEqual([16, 6, 16]);
  });
  it('delivers in process to the one consumer that owns everything', async () => {
    const transport = createInProcessShardTransport(INTERSECTIONS);
    const r = recorder();
    await transport.consume(r.consumer);
    expect(r.owned.size).toBe(24);
    await transport.publish([batch('TJ01', 1)]);
    expect(r.received).toHaveLength(1);
    await transport.close();
    expect(r.owned.size).toBe(0);
  });
});

await describeWith(['redis'], 'shard transport over Redis streams', () => {
  const transports: ShardTransport[] = [];
  let prefix = '';
  const make = () => {
    const transport = createRedisShardTransport({ redisUrl: TEST_REDIS_URL, intersectionIds: INTERSECTIONS, logger, prefix, partitions: 8, leaseMs: 600 });
    transports.push(transport);
    return transport;
  };
  afterEach(async () => {
    for (const transport of transports.splice(0)) await transport.close();
    await deleteRedisPrefix(prefix);
  });

  it('gives every intersection exactly one owner and delivers each batch once, to it', async () => {
    prefix = uniqueRedisPrefix();
    const a = recorder();
    const b = recorder();
    const producer = make();
    await make().consume(a.consumer);
    await make().consume(b.consumer);
    await until(() => a.owned.size + b.owned.size === 24 && a.owned.size > 0 && b.owned.size > 0);
    expect([...a.owned].filter((id) => b.owned.has(id))).toEqual([]);

    await producer.publish(INTERSECTIONS.map((id, i) => batch(id, i)));
    await until(() => a.received.length + b.received.length === 24);
    for (const r of [a, b]) for (const got of r.received) expect(r.owned.has(got.intersectionId)).toBe(true);
  });

  it('hands a stopped engine’s intersections to the survivor, which then receives them', async () => {
    prefix = uniqueRedisPrefix();
    const a = recorder();
    const b = recorder();
    const producer = make();
    await make().consume(a.consumer);
    const leaving = make();
    await leaving.consume(b.consumer);
    await until(() => a.owned.size > 0 && b.owned.size > 0 && a.owned.size + b.owned.size === 24);
    const moved = [...b.owned];
    await leaving.close();
    transports.splice(transports.indexOf(leaving), 1);
    await until(() => a.owned.size === 24);
    await producer.publish(moved.map((id, i) => batch(id, 1000 + i)));
    await until(() => a.received.filter((r) => r.events[0]!.ts >= 1000).length === moved.length);
  });

  it('takes over the partitions of an engine that died without releasing them, once its leases expire', async () => {
    prefix = uniqueRedisPrefix();
    const a = recorder();
    const survivor = make();
    await survivor.consume(a.consumer);
    await until(() => a.owned.size === 24);
    const ghost = spawn(process.execPath, ['--import', 'tsx', GHOST, TEST_REDIS_URL, prefix, INTERSECTIONS.join(',')], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => ghost.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('owning') && resolve()));
    await until(() => a.owned.size < 24);
    ghost.kill('SIGKILL');
    await until(() => a.owned.size === 24);
  });
});
