import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/create-test-database.js';
import { describeRateLimiterContract, sleepAtLeast } from '../../../test/gateway/rate-limiter-contract.js';
import { createPostgresRateLimiter } from './postgres-rate-limiter.js';
import { rateLimitCounterKey, type RateLimitRule } from './rate-limiter.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

const readClockMicroseconds = async () => {
  const { rows } = await database.pool.query<{ now: string }>(`SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text AS now`);
  return Number(rows[0]?.now);
};

describeRateLimiterContract({ name: 'PostgreSQL', create: async () => createPostgresRateLimiter(database.pool), readClockMicroseconds });

describe('PostgreSQL rate limiter', () => {
  const countEntries = async (rule: RateLimitRule) => {
    const { rows } = await database.pool.query<{ count: number }>('SELECT count(*)::int AS count FROM rate_limit_entries WHERE counter = $1', [rateLimitCounterKey(rule)]);
    return rows[0]?.count;
  };
  const countCounters = async (rule: RateLimitRule) => {
    const { rows } = await database.pool.query<{ count: number }>('SELECT count(*)::int AS count FROM rate_limit_counters WHERE counter = $1', [rateLimitCounterKey(rule)]);
    return rows[0]?.count;
  };

  it("deletes a counter's expired entries when it is charged, and idle counters on prune", async () => {
    const limiter = createPostgresRateLimiter(database.pool, { pruneIntervalMs: 0 });
    const busy: RateLimitRule = { key: `tenant:${randomUUID()}`, unit: 'requests', limit: 10, windowMs: 200 };
    const idle: RateLimitRule = { ...busy, key: `tenant:${randomUUID()}` };
    for (let index = 0; index < 3; index++) {
      await limiter.acquire([{ rule: busy, amount: 1 }]);
      await limiter.acquire([{ rule: idle, amount: 1 }]);
    }
    expect(await countEntries(busy)).toBe(3);
    await sleepAtLeast(200);
    await limiter.acquire([{ rule: busy, amount: 1 }]);
    expect(await countEntries(busy)).toBe(1);
    expect(await countEntries(idle)).toBe(3);
    expect(await limiter.prune()).toBeGreaterThanOrEqual(1);
    expect(await countEntries(idle)).toBe(0);
    expect(await countCounters(idle)).toBe(0);
    expect(await countEntries(busy)).toBe(1);
    expect(await countCounters(busy)).toBe(1);
    await limiter.close();
  });

  it("keeps every counter's total equal to the sum of its entries under concurrent acquires, settles and prunes", async () => {
    const limiter = createPostgresRateLimiter(database.pool, { pruneIntervalMs: 0 });
    const tenant = `tenant:${randomUUID()}`;
    const rules = (user: number): RateLimitRule[] => [
      { key: tenant, unit: 'requests', limit: 30, windowMs: 150 },
      { key: tenant, unit: 'tokens', limit: 3_000, windowMs: 150 },
      { key: `user:${user}:${tenant}`, unit: 'requests', limit: 10, windowMs: 100 },
      { key: `user:${user}:${tenant}`, unit: 'tokens', limit: 1_000, windowMs: 100 },
    ];
    const deadline = performance.now() + 600;
    const caller = async (user: number) => {
      let admitted = 0;
      for (let call = 0; performance.now() < deadline; call++) {
        const decision = await limiter.acquire(rules(user).map((rule) => ({ rule, amount: rule.unit === 'requests' ? 1 : 100 })));
        if (decision.allowed) {
          admitted++;
          await decision.admission.settle(call % 3 === 0 ? 250 : 40);
        } else if (call % 10 === 0) {
          await limiter.prune();
        }
      }
      return admitted;
    };
    const admitted = await Promise.all([0, 1, 2, 3, 0, 1].map(caller));
    expect(admitted.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    const { rows: drifted } = await database.pool.query(
      `SELECT total.counter, total.used, coalesce(sum(entry.amount), 0) AS entries
       FROM rate_limit_counters AS total LEFT JOIN rate_limit_entries AS entry ON entry.counter = total.counter
       GROUP BY total.counter, total.used HAVING total.used <> coalesce(sum(entry.amount), 0)`,
    );
    expect(drifted).toEqual([]);
    const { rows: orphans } = await database.pool.query('SELECT DISTINCT counter FROM rate_limit_entries WHERE counter NOT IN (SELECT counter FROM rate_limit_counters)');
    expect(orphans).toEqual([]);
    await limiter.close();
  });

  it('takes one round trip per acquire and per settle, also on a fresh connection', async () => {
    // One connection, so every ReadyForQuery the server sends is one of ours: the client waits for
    // one per round trip.
    const pool = new pg.Pool({ connectionString: database.connectionString, max: 1 });
    let roundTrips = 0;
    pool.on('connect', (client) => (client as pg.Client).connection.on('readyForQuery', () => roundTrips++));
    await pool.query('SELECT 1'); // connect before counting
    const limiter = createPostgresRateLimiter(pool, { pruneIntervalMs: 0 });
    const key = `tenant:${randomUUID()}`;
    const charges = [
      { rule: { key, unit: 'requests', limit: 100, windowMs: 60_000 }, amount: 1 },
      { rule: { key, unit: 'tokens', limit: 100_000, windowMs: 60_000 }, amount: 500 },
    ] as const;
    roundTrips = 0;
    const first = await limiter.acquire(charges); // parses the named statement on this connection
    expect(roundTrips).toBe(1);
    const second = await limiter.acquire(charges);
    expect(roundTrips).toBe(2);
    if (!first.allowed || !second.allowed) throw new Error('expected admissions');
    await second.admission.settle(420);
    expect(roundTrips).toBe(3);
    await limiter.close();
    await pool.end();
  });

  it('serializes on the lock only under READ COMMITTED, and says so otherwise', async () => {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await expect(client.query(`SELECT * FROM rate_limit_acquire('{x:requests:1000}', '{1}', '{1}', '{1000}')`)).rejects.toThrow(/needs READ COMMITTED/);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
