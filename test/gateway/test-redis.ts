// Tests that need Redis run only when one answers (REDIS_URL, else 127.0.0.1:6379): a newcomer's
// machine may have none. Each test run uses its own key prefix and deletes its keys afterwards.
import { Redis } from 'ioredis';

/** The Redis URL tests use, and whether it answered a PING within a second. */
export async function findTestRedis(): Promise<{ url: string; reachable: boolean }> {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return { url, reachable: (await redis.ping()) === 'PONG' };
  } catch {
    return { url, reachable: false };
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `prefix` (a test run's own prefix). */
export async function deleteTestRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    await redis.quit();
  }
}
