import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/create-test-database.js';
import { createRateLimitGate } from './create-rate-limit-gate.js';
import { createPostgresRateLimiter } from './postgres-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';

describe('the gateway rate-limit gate', () => {
  let database: TestDatabase;
  let limiter: RateLimiter;

  beforeAll(async () => {
    database = await createTestDatabase();
    limiter = createPostgresRateLimiter(database.pool);
  });
  afterAll(async () => {
    await limiter?.close();
    await database?.drop();
  });

  it('limits each user, and the tenant across users; refusals carry whole-second Retry-After', async () => {
    const gate = createRateLimitGate(limiter, { tenantRequestsPerMinute: 3, tenantTokensPerMinute: 0, userRequestsPerMinute: 2, userTokensPerMinute: 0 });
    const tenantId = crypto.randomUUID();
    const admitted = async (userId?: string) => (await gate.admit({ tenantId, userId }, 10)).allowed;
    expect(await admitted('ada')).toBe(true);
    expect(await admitted('ada')).toBe(true);
    const refused = await gate.admit({ tenantId, userId: 'ada' }, 10);
    expect(refused).toMatchObject({ allowed: false, limit: '2 requests a minute per user' });
    if (!refused.allowed) expect((refused.retryAfterMs ?? 0) % 1000).toBe(0);
    expect(await admitted('grace')).toBe(true);
    // Runs carry no user: they count against the tenant only, which is now full.
    expect(await gate.admit({ tenantId }, 10)).toMatchObject({ allowed: false, limit: '3 requests a minute per tenant' });
  });

  it('refuses a call larger than a tokens limit as never admissible, and corrects the estimate on settle', async () => {
    const gate = createRateLimitGate(limiter, { tenantRequestsPerMinute: 0, tenantTokensPerMinute: 1_000, userRequestsPerMinute: 0, userTokensPerMinute: 0 });
    const tenantId = crypto.randomUUID();
    expect(await gate.admit({ tenantId }, 1_001)).toMatchObject({ allowed: false, retryAfterMs: null });
    const first = await gate.admit({ tenantId }, 900);
    expect(first.allowed).toBe(true);
    expect((await gate.admit({ tenantId }, 200)).allowed).toBe(false);
    if (first.allowed) first.pass.settle(100);
    // settle runs off the caller's path; the corrected charge frees room within a moment.
    let admittedAfterSettle = false;
    for (let attempt = 0; attempt < 50 && !admittedAfterSettle; attempt += 1) {
      admittedAfterSettle = (await gate.admit({ tenantId }, 200)).allowed;
      if (!admittedAfterSettle) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(admittedAfterSettle).toBe(true);
  });
});
