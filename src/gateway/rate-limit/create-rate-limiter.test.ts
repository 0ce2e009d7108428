import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/create-test-database.js';
import { deleteTestRedisKeys, findTestRedis } from '../../../test/gateway/test-redis.js';
import { createRateLimiter } from './create-rate-limiter.js';
import { rateLimitCounterKey, type RateLimitRule } from './rate-limiter.js';

let database: TestDatabase;
const redis = await findTestRedis();
const rule: RateLimitRule = { key: `tenant:create-rate-limiter:${randomUUID()}`, unit: 'requests', limit: 5, windowMs: 60_000 };

beforeAll(async () => {
  database = await createTestDatabase(2);
});

afterAll(async () => {
  await database?.drop();
  if (redis.reachable) await deleteTestRedisKeys(redis.url, `agentbus:rate-limit:${rule.key}`);
});

const countDatabaseEntries = async () => {
  const { rows } = await database.pool.query<{ count: number }>('SELECT count(*)::int AS count FROM rate_limit_entries WHERE counter = $1', [rateLimitCounterKey(rule)]);
  return rows[0]?.count;
};

describe('createRateLimiter', () => {
  it('keeps counters in PostgreSQL when no Redis URL is configured', async () => {
    const limiter = createRateLimiter({ pool: database.pool, redisUrl: undefined });
    expect((await limiter.acquire([{ rule, amount: 1 }])).allowed).toBe(true);
    expect(await countDatabaseEntries()).toBe(1);
    await limiter.close();
  });

  it('keeps counters in Redis when a Redis URL is configured', async (context) => {
    if (!redis.reachable) context.skip(`needs a Redis server: none answered at ${redis.url} (start one, or set REDIS_URL)`);
    const limiter = createRateLimiter({ pool: database.pool, redisUrl: redis.url });
    const decision = await limiter.acquire([{ rule, amount: 5 }]);
    // The database's counter holds one request already; Redis's is empty, so five fit.
    expect(decision.allowed).toBe(true);
    expect(await countDatabaseEntries()).toBe(1);
    await limiter.close();
  });
});
