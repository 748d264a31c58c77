/**
 * Server-mode shard transport over Redis streams. Intersections map to a fixed
 * number of partitions (`partitionOf`); each partition is one stream and one lease.
 * Engine processes heartbeat into a membership set, and each keeps about
 * partitions ÷ live engines leases: it claims free partitions, renews its own and
 * gives up extras when engines join. A process that stops (or dies: its leases
 * expire) hands its partitions to the others, which rebuild state from the database.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CommittedBatch } from '../contracts/records.js';
import { fairShare, partitionOf, type ShardConsumer, type ShardTransport } from './shard-transport.js';

export interface RedisShardTransportOptions {
  redisUrl: string;
  /** Every intersection of the network (assignment lists are built from it). */
  intersectionIds: readonly string[];
  logger: Logger;
  /** Key prefix shared by the processes of one deployment. */
  prefix?: string;
  partitions?: number;
  /** A lease not renewed within this time is free for another engine. */
  leaseMs?: number;
  /** Stream length kept per partition (approximate trimming). */
  maxLen?: number;
  nodeId?: string;
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function createRedisShardTransport(options: RedisShardTransportOptions): ShardTransport {
  const prefix = options.prefix ?? 'zhidu';
  const partitions = options.partitions ?? 16;
  const leaseMs = options.leaseMs ?? 10_000;
  const heartbeatMs = Math.max(50, Math.floor(leaseMs / 3));
  const maxLen = options.maxLen ?? 200_000;
  const nodeId = options.nodeId ?? randomUUID();
  const { logger } = options;
  const streamKey = (p: number) => `${prefix}:shard:${p}`;
  const leaseKey = (p: number) => `${prefix}:shard-lease:${p}`;
  const nodesKey = `${prefix}:engine-nodes`;
  const members = new Map<number, string[]>();
  for (const id of options.intersectionIds) {
    const p = partitionOf(id, partitions);
    members.set(p, [...(members.get(p) ?? []), id]);
  }

  const commands = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  commands.on('error', (error) => logger.warn({ err: error }, 'shard transport Redis error'));
  let reader: Redis | undefined;
  let consumer: ShardConsumer | undefined;
  /** Owned partitions and the stream id read up to. */
  const owned = new Map<number, string>();
  let running = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let readLoop: Promise<void> | undefined;
  let rebalancing: Promise<void> = Promise.resolve();

  const revoke = async (lost: number[]) => {
    if (lost.length === 0) return;
    for (const p of lost) owned.delete(p);
    await consumer?.onRevoked(lost.flatMap((p) => members.get(p) ?? []));
  };

  const rebalance = async () => {
    const now = Date.now();
    await commands.zadd(nodesKey, now + leaseMs, nodeId);
    await commands.zremrangebyscore(nodesKey, '-inf', now);
    const target = fairShare(partitions, await commands.zcard(nodesKey));

    const lost: number[] = [];
    for (const p of owned.keys()) {
      if ((await commands.eval(RENEW, 1, leaseKey(p), nodeId, leaseMs)) !== 1) lost.push(p);
    }
    await revoke(lost);

    if (owned.size > target) {
      const extra = [...owned.keys()].slice(target);
      await revoke(extra);
      for (const p of extra) await commands.eval(RELEASE, 1, leaseKey(p), nodeId);
      logger.info({ nodeId, released: extra }, 'shard partitions released to other engines');
    }
    const start = Math.floor(Math.random() * partitions);
    for (let i = 0; i < partitions && owned.size < target; i++) {
      const p = (start + i) % partitions;
      if (owned.has(p)) continue;
      if ((await commands.set(leaseKey(p), nodeId, 'PX', leaseMs, 'NX')) !== 'OK') continue;
      // Position taken before the rebuild: anything newer is delivered, possibly twice.
      const last = await commands.xrevrange(streamKey(p), '+', '-', 'COUNT', 1);
      owned.set(p, last[0]?.[0] ?? '0-0');
      logger.info({ nodeId, partition: p, intersections: members.get(p)?.length ?? 0 }, 'shard partition claimed');
      await consumer?.onAssigned(members.get(p) ?? []);
    }
  };

  const scheduleRebalance = () => {
    rebalancing = rebalancing.then(rebalance).catch((error: unknown) => logger.warn({ err: error, nodeId }, 'shard rebalance failed; retrying'));
    return rebalancing;
  };

  const read = async () => {
    while (running) {
      if (owned.size === 0 || !reader) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const keys = [...owned.keys()];
      let reply: [string, [string, string[]][]][] | null;
      try {
        reply = (await reader.xread('COUNT', 500, 'BLOCK', 500, 'STREAMS', ...keys.map(streamKey), ...keys.map((p) => owned.get(p) as string))) as typeof reply;
      } catch (error) {
        if (running) logger.warn({ err: error }, 'shard stream read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      for (const [key, entries] of reply ?? []) {
        const p = Number(key.slice(key.lastIndexOf(':') + 1));
        for (const [id, fields] of entries) {
          if (!owned.has(p)) break;
          owned.set(p, id);
          const data = fields[1];
          if (data === undefined) continue;
          try {
            await consumer?.onBatch(JSON.parse(data) as CommittedBatch);
          } catch (error) {
            logger.error({ err: error, partition: p, entry: id }, 'engine failed on a committed batch');
          }
        }
      }
    }
  };

  return {
    kind: 'redis',
    async publish(batches) {
      if (batches.length === 0) return;
      const pipeline = commands.pipeline();
      for (const batch of batches) {
        pipeline.xadd(streamKey(partitionOf(batch.intersectionId, partitions)), 'MAXLEN', '~', maxLen, '*', 'b', JSON.stringify(batch));
      }
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
    },
    async consume(next) {
      consumer = next;
      running = true;
      reader = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
      reader.on('error', (error) => logger.warn({ err: error }, 'shard reader Redis error'));
      await scheduleRebalance();
      heartbeat = setInterval(() => void scheduleRebalance(), heartbeatMs);
      readLoop = read();
    },
    async close() {
      running = false;
      clearInterval(heartbeat);
      await rebalancing;
      await readLoop;
      const mine = [...owned.keys()];
      await revoke(mine).catch((error: unknown) => logger.warn({ err: error }, 'revoking shards on close failed'));
      for (const p of mine) await commands.eval(RELEASE, 1, leaseKey(p), nodeId).catch(() => undefined);
      await commands.zrem(nodesKey, nodeId).catch(() => undefined);
      reader?.disconnect();
      commands.disconnect();
    },
  };
}
