// The one contract every rate-limit adapter passes (CONVENTIONS.md §3): PostgreSQL and Redis each
// call `describeRateLimiterContract` from their test file. Every case uses keys of its own, so the
// cases share one limiter without seeing each other's counters.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimitAdmission, RateLimitDecision, RateLimitRule, RateLimiter } from '../../src/gateway/rate-limit/rate-limiter.js';

export interface RateLimiterHarness {
  name: string;
  create(): Promise<RateLimiter>;
  /** The backend's clock (epoch µs): admissions are timed by it, never by the process. */
  readClockMicroseconds(): Promise<number>;
  close?(): Promise<void>;
}

/** Sleeps at least `milliseconds` of real time (a timer alone may fire up to a millisecond early). */
export async function sleepAtLeast(milliseconds: number): Promise<void> {
  const end = performance.now() + milliseconds;
  for (let left = milliseconds; left > 0; left = end - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
  }
}

const uniqueKey = (name: string) => `${name}:${randomUUID()}`;
const requests = (limit: number, windowMs = 60_000, key = uniqueKey('tenant')): RateLimitRule => ({ key, unit: 'requests', limit, windowMs });
const tokens = (limit: number, windowMs = 60_000, key = uniqueKey('tenant')): RateLimitRule => ({ key, unit: 'tokens', limit, windowMs });

function admitted(decision: RateLimitDecision): RateLimitAdmission {
  if (!decision.allowed) throw new Error(`expected an admission, got ${JSON.stringify(decision)}`);
  return decision.admission;
}

function windowFull(decision: RateLimitDecision): Extract<RateLimitDecision, { reason: 'window-full' }> {
  if (decision.allowed || decision.reason !== 'window-full') throw new Error(`expected a window-full refusal, got ${JSON.stringify(decision)}`);
  return decision;
}

/** Registers the rate-limiter contract cases for one adapter. */
export function describeRateLimiterContract(harness: RateLimiterHarness): void {
  describe(`${harness.name} rate limiter (contract)`, () => {
    let limiter: RateLimiter;

    beforeAll(async () => {
      limiter = await harness.create();
    });

    afterAll(async () => {
      await limiter?.close();
      await harness.close?.();
    });

    it('admits exactly the limit out of 50 concurrent acquires and refuses the rest', async () => {
      // Ten bursts: a race lets one through now and then, not every time (measured on a mutant
      // without the lock: about one burst in three).
      for (let burst = 0; burst < 10; burst++) {
        const rule = requests(20);
        const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.acquire([{ rule, amount: 1 }])));
        const admissions = decisions.filter((decision) => decision.allowed);
        expect(admissions).toHaveLength(20);
        for (const decision of decisions.filter((candidate) => !candidate.allowed)) {
          const refusal = windowFull(decision);
          expect(refusal.rule).toBe(rule);
          expect(refusal.used).toBe(20);
          expect(refusal.retryAfterMs).toBeGreaterThan(0);
          expect(refusal.retryAfterMs).toBeLessThanOrEqual(60_000);
        }
        // Admission times on one counter are distinct (they identify its entries).
        expect(new Set(admissions.map((decision) => admitted(decision).admittedAtMicroseconds)).size).toBe(20);
      }
    });

    it('admits all charges or none: a call refused by the user rule consumes nothing on the tenant rule', async () => {
      const tenant = requests(3, 60_000, uniqueKey('tenant'));
      const [userA, userB, userC, userD] = ['a', 'b', 'c', 'd'].map((name) => requests(1, 60_000, uniqueKey(`user-${name}`))) as [RateLimitRule, RateLimitRule, RateLimitRule, RateLimitRule];
      admitted(await limiter.acquire([{ rule: tenant, amount: 1 }, { rule: userA, amount: 1 }]));
      const refusedByUser = windowFull(await limiter.acquire([{ rule: tenant, amount: 1 }, { rule: userA, amount: 1 }]));
      expect(refusedByUser.rule).toBe(userA);
      expect(refusedByUser.used).toBe(1);
      // The tenant still has two requests left, not one.
      admitted(await limiter.acquire([{ rule: tenant, amount: 1 }, { rule: userB, amount: 1 }]));
      admitted(await limiter.acquire([{ rule: tenant, amount: 1 }, { rule: userC, amount: 1 }]));
      const refusedByTenant = windowFull(await limiter.acquire([{ rule: tenant, amount: 1 }, { rule: userD, amount: 1 }]));
      expect(refusedByTenant.rule).toBe(tenant);
      expect(refusedByTenant.used).toBe(3);
      // …and the refused call took nothing from user D either.
      admitted(await limiter.acquire([{ rule: userD, amount: 1 }]));
    });

    it('reports the refusing rule that frees up last', async () => {
      const minute = requests(1, 60_000);
      const twoSeconds = requests(1, 2_000);
      admitted(await limiter.acquire([{ rule: minute, amount: 1 }, { rule: twoSeconds, amount: 1 }]));
      const refusal = windowFull(await limiter.acquire([{ rule: twoSeconds, amount: 1 }, { rule: minute, amount: 1 }]));
      expect(refusal.rule).toBe(minute);
      expect(refusal.retryAfterMs).toBeGreaterThan(2_000);
    });

    it('admits a caller that waits retryAfterMs, and not one that comes back sooner', async () => {
      const windowMs = 1_500;
      const rule = requests(2, windowMs);
      const started = performance.now();
      admitted(await limiter.acquire([{ rule, amount: 1 }]));
      admitted(await limiter.acquire([{ rule, amount: 1 }]));
      const first = windowFull(await limiter.acquire([{ rule, amount: 1 }]));
      const elapsed = performance.now() - started;
      // When the oldest entry leaves: at most a window away, and no earlier than a window after it.
      expect(first.retryAfterMs).toBeLessThanOrEqual(windowMs);
      expect(first.retryAfterMs).toBeGreaterThanOrEqual(Math.floor(windowMs - elapsed));

      const early = Math.floor(first.retryAfterMs / 2);
      await sleepAtLeast(early);
      const second = windowFull(await limiter.acquire([{ rule, amount: 1 }]));
      expect(second.retryAfterMs).toBeLessThanOrEqual(first.retryAfterMs - early + 1);

      await sleepAtLeast(second.retryAfterMs);
      admitted(await limiter.acquire([{ rule, amount: 1 }]));
    });

    it('counts the retry from the oldest entries that must leave for the charge to fit', async () => {
      const rule = tokens(100, 5_000);
      admitted(await limiter.acquire([{ rule, amount: 60 }]));
      await sleepAtLeast(300);
      admitted(await limiter.acquire([{ rule, amount: 30 }]));
      // 50 fits once the 60 leaves; 80 fits only once the 30 has left too (300 ms later).
      const small = windowFull(await limiter.acquire([{ rule, amount: 50 }]));
      const large = windowFull(await limiter.acquire([{ rule, amount: 80 }]));
      expect(small.used).toBe(90);
      expect(large.retryAfterMs - small.retryAfterMs).toBeGreaterThan(250);
      expect(large.retryAfterMs).toBeLessThanOrEqual(5_000);
    });

    it('admits tokens on the estimate and corrects them to the actual count on settle', async () => {
      const rule = tokens(1_000);
      const first = admitted(await limiter.acquire([{ rule, amount: 800 }]));
      expect(windowFull(await limiter.acquire([{ rule, amount: 300 }])).used).toBe(800);

      await first.settle(500);
      const second = admitted(await limiter.acquire([{ rule, amount: 300 }]));
      // The actual count may push the window over its limit after the fact.
      await second.settle(900);
      await second.settle(900); // idempotent
      const over = windowFull(await limiter.acquire([{ rule, amount: 1 }]));
      expect(over.used).toBe(1_400);
      expect(over.retryAfterMs).toBeGreaterThan(0);
    });

    it('settles only the tokens charges of an admission', async () => {
      const requestRule = requests(1);
      const tokenRule = tokens(1_000, 60_000, requestRule.key);
      const admission = admitted(await limiter.acquire([{ rule: requestRule, amount: 1 }, { rule: tokenRule, amount: 100 }]));
      await admission.settle(40);
      expect(windowFull(await limiter.acquire([{ rule: requestRule, amount: 1 }])).used).toBe(1);
      expect(windowFull(await limiter.acquire([{ rule: tokenRule, amount: 961 }])).used).toBe(40);
      await expect(admission.settle(-1)).rejects.toThrow(RangeError);
    });

    it('gives back the unused part of a many-request admission (a lease) with reduceTo', async () => {
      const rule = requests(10);
      const lease = admitted(await limiter.acquire([{ rule, amount: 8 }]));
      expect(windowFull(await limiter.acquire([{ rule, amount: 3 }])).used).toBe(8);
      await lease.reduceTo(5);
      await lease.reduceTo(5); // idempotent
      admitted(await limiter.acquire([{ rule, amount: 5 }]));
      expect(windowFull(await limiter.acquire([{ rule, amount: 1 }])).used).toBe(10);
      await expect(lease.reduceTo(-1)).rejects.toThrow(RangeError);
    });

    it('refuses a charge larger than the limit for good, without consuming anything', async () => {
      const tenant = tokens(100);
      const user = requests(5);
      const decision = await limiter.acquire([{ rule: user, amount: 1 }, { rule: tenant, amount: 101 }]);
      expect(decision).toEqual({ allowed: false, reason: 'exceeds-limit', rule: tenant, amount: 101 });
      // The whole limit is still there, on both rules.
      admitted(await limiter.acquire([{ rule: user, amount: 5 }, { rule: tenant, amount: 100 }]));
    });

    it('rejects malformed charges as programming errors', async () => {
      const rule = requests(5);
      await expect(limiter.acquire([{ rule, amount: 1.5 }])).rejects.toThrow(RangeError);
      await expect(limiter.acquire([{ rule: { ...rule, limit: 0 }, amount: 0 }])).rejects.toThrow(RangeError);
      await expect(limiter.acquire([{ rule, amount: 1 }, { rule: { ...rule }, amount: 1 }])).rejects.toThrow(/one rate-limit counter/);
    });

    it('keeps keys, and the units and windows of one key, independent', async () => {
      const key = uniqueKey('tenant');
      const full = requests(1, 60_000, key);
      admitted(await limiter.acquire([{ rule: full, amount: 1 }]));
      windowFull(await limiter.acquire([{ rule: full, amount: 1 }]));
      admitted(await limiter.acquire([{ rule: requests(1), amount: 1 }]));
      admitted(await limiter.acquire([{ rule: tokens(1, 60_000, key), amount: 1 }]));
      admitted(await limiter.acquire([{ rule: requests(1, 30_000, key), amount: 1 }]));
    });

    it('lets entries leave the window as it slides', async () => {
      const rule = requests(2, 300);
      admitted(await limiter.acquire([{ rule, amount: 1 }]));
      admitted(await limiter.acquire([{ rule, amount: 1 }]));
      windowFull(await limiter.acquire([{ rule, amount: 1 }]));
      await sleepAtLeast(300);
      admitted(await limiter.acquire([{ rule, amount: 1 }]));
      admitted(await limiter.acquire([{ rule, amount: 1 }]));
    });

    it("times admissions by the backend's clock", async () => {
      const before = await harness.readClockMicroseconds();
      const admission = admitted(await limiter.acquire([{ rule: requests(1), amount: 1 }]));
      const after = await harness.readClockMicroseconds();
      expect(admission.admittedAtMicroseconds).toBeGreaterThanOrEqual(before);
      expect(admission.admittedAtMicroseconds).toBeLessThanOrEqual(after);
    });
  });
}
