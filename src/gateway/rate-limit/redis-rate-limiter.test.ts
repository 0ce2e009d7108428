import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { describeRateLimiterContract, sleepAtLeast } from '../../../test/gateway/rate-limiter-contract.js';
import { deleteTestRedisKeys, findTestRedis } from '../../../test/gateway/test-redis.js';
import { rateLimitCounterKey, type RateLimitRule } from './rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';

const redis = await findTestRedis();
const keyPrefix = `agentbus-test:${randomUUID()}:`;

if (redis.reachable) {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });

  afterAll(async () => {
    await client.quit();
    await deleteTestRedisKeys(redis.url, keyPrefix);
  });

  const readClockMicroseconds = async () => {
    const [seconds, microseconds] = await client.time();
    return Number(seconds) * 1_000_000 + Number(microseconds);
  };

  describeRateLimiterContract({ name: 'Redis', create: async () => createRedisRateLimiter(redis.url, { keyPrefix }), readClockMicroseconds });

  describe('Redis rate limiter', () => {
    const keysOf = (rule: RateLimitRule) => {
      const entries = keyPrefix + rateLimitCounterKey(rule);
      return { entries, total: `${entries}:used` };
    };

    it("lets a counter's keys expire once its last entry has left the window", async () => {
      const limiter = createRedisRateLimiter(redis.url, { keyPrefix });
      const rule: RateLimitRule = { key: `tenant:${randomUUID()}`, unit: 'requests', limit: 5, windowMs: 200 };
      const { entries, total } = keysOf(rule);
      await limiter.acquire([{ rule, amount: 1 }]);
      for (const key of [entries, total]) {
        const timeToLive = await client.pttl(key);
        expect(timeToLive).toBeGreaterThan(0);
        expect(timeToLive).toBeLessThanOrEqual(202);
      }
      await sleepAtLeast(250);
      expect(await client.exists(entries, total)).toBe(0);
      await limiter.close();
    });

    it('rebuilds a lost total from the entries', async () => {
      const limiter = createRedisRateLimiter(redis.url, { keyPrefix });
      const rule: RateLimitRule = { key: `tenant:${randomUUID()}`, unit: 'tokens', limit: 100, windowMs: 60_000 };
      await limiter.acquire([{ rule, amount: 30 }]);
      await limiter.acquire([{ rule, amount: 50 }]);
      await client.del(keysOf(rule).total); // as an eviction would
      const decision = await limiter.acquire([{ rule, amount: 30 }]);
      expect(decision).toMatchObject({ allowed: false, reason: 'window-full', used: 80 });
      expect(await client.get(keysOf(rule).total)).toBe('80');
      await limiter.close();
    });

    it("keeps every counter's total equal to the sum of its entries under concurrent acquires and settles", async () => {
      const limiter = createRedisRateLimiter(redis.url, { keyPrefix });
      const tenant = `tenant:${randomUUID()}`;
      const rules = (user: number): RateLimitRule[] => [
        { key: tenant, unit: 'requests', limit: 30, windowMs: 150 },
        { key: tenant, unit: 'tokens', limit: 3_000, windowMs: 150 },
        { key: `user:${user}:${tenant}`, unit: 'requests', limit: 10, windowMs: 100 },
        { key: `user:${user}:${tenant}`, unit: 'tokens', limit: 1_000, windowMs: 100 },
      ];
      const deadline = performance.now() + 600;
      const caller = async (user: number) => {
        for (let call = 0; performance.now() < deadline; call++) {
          const decision = await limiter.acquire(rules(user).map((rule) => ({ rule, amount: rule.unit === 'requests' ? 1 : 100 })));
          if (decision.allowed) await decision.admission.settle(call % 3 === 0 ? 250 : 40);
        }
      };
      await Promise.all([0, 1, 2, 3, 0, 1].map(caller));
      for (const rule of [0, 1, 2, 3].flatMap(rules)) {
        const { entries, total } = keysOf(rule);
        // Compared at one moment: a script does not run between these two reads in a MULTI.
        const [[, members], [, stored]] = (await client.multi().zrange(entries, 0, -1).get(total).exec()) as [[null, string[]], [null, string | null]];
        expect(Number(stored ?? 0), rule.key).toBe(members.reduce((sum, member) => sum + Number(member.split(':')[1]), 0));
      }
      await limiter.close();
    });
  });
} else {
  describe('Redis rate limiter', () => {
    it.skip(`needs a Redis server: none answered at ${redis.url} (start one, or set REDIS_URL)`, () => undefined);
  });
}
