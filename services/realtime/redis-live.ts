/**
 * Server-mode plumbing of the live layer: the socket.io Redis streams adapter
 * (chosen over the pub/sub adapter because a stream survives a Redis blip: nodes
 * resume reading where they stopped) and the Redis live-state store.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LiveServerAdapter } from './live-server.js';
import { createRedisLiveStateStore, type LiveStateStore } from './live-state-store.js';

export interface RedisLive {
  adapter: LiveServerAdapter;
  store: LiveStateStore;
  close(): Promise<void>;
}

/**
 * @param prefix key prefix shared by every process of one deployment (tests use a unique one)
 * @example const { adapter, store } = createRedisLive('redis://127.0.0.1:6379', 'zhidu', logger);
 */
export function createRedisLive(redisUrl: string, prefix: string, logger: Logger): RedisLive {
  // Two connections: the adapter blocks its own on XREAD, which would stall snapshot reads.
  const adapterRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const storeRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  for (const redis of [adapterRedis, storeRedis]) redis.on('error', (error) => logger.warn({ err: error }, 'live Redis connection error'));
  return {
    adapter: createAdapter(adapterRedis, { streamName: `${prefix}:socket.io`, channelPrefix: `${prefix}:socket.io`, onlyPlaintext: true }) as LiveServerAdapter,
    store: createRedisLiveStateStore(storeRedis, prefix),
    close: async () => {
      adapterRedis.disconnect();
      storeRedis.disconnect();
    },
  };
}
