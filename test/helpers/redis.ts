/** Unique Redis key prefixes for tests, and their clean-up. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from './services.js';

/** A prefix no other test uses, e.g. `zt:4312:9f0a1b2c`. */
export function uniqueRedisPrefix(): string {
  return `zt:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under `prefix`. */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
