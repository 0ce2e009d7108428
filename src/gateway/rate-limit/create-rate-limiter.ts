import type { Queryable } from '../../store/queryable.js';
import { createPostgresRateLimiter } from './postgres-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';

export interface RateLimiterDependencies {
  /** The process's database pool: the default backend, shared by every process on the database. */
  pool: Queryable;
  /** `REDIS_URL` from the process's configuration; when set, counters live in Redis instead. */
  redisUrl?: string | undefined;
}

/** Chooses the rate-limit backend: Redis when a URL is configured, PostgreSQL otherwise. */
export function createRateLimiter({ pool, redisUrl }: RateLimiterDependencies): RateLimiter {
  return redisUrl ? createRedisRateLimiter(redisUrl) : createPostgresRateLimiter(pool);
}
