import { rateLimitCounterKey, type RateLimitCharge, type RateLimitDecision } from './rate-limiter.js';

/** A charge with the counter it counts on. */
export interface CounterCharge extends RateLimitCharge {
  counter: string;
}

/** The refusal of a charge larger than its limit. */
export type ExceedsLimitRefusal = Extract<RateLimitDecision, { reason: 'exceeds-limit' }>;

export type PreparedRateLimitCharges = { refusal: ExceedsLimitRefusal; charges?: undefined } | { refusal?: undefined; charges: CounterCharge[] };

/**
 * What both adapters do before their one round trip: checks the charges (a bad number or two charges
 * on one counter is a programming error: RangeError) and refuses a charge larger than its limit,
 * which no amount of waiting could admit.
 */
export function prepareRateLimitCharges(charges: readonly RateLimitCharge[]): PreparedRateLimitCharges {
  const prepared: CounterCharge[] = [];
  const counters = new Set<string>();
  for (const { rule, amount } of charges) {
    requireInteger(rule.limit, 1, `rate limit ${rule.key} (${rule.unit}): limit`);
    requireInteger(rule.windowMs, 1, `rate limit ${rule.key} (${rule.unit}): windowMs`);
    requireInteger(amount, 0, `rate limit ${rule.key} (${rule.unit}): charge amount`);
    const counter = rateLimitCounterKey(rule);
    if (counters.has(counter)) throw new RangeError(`Two charges on one rate-limit counter (${counter}) in one acquire; charge it once with the sum.`);
    counters.add(counter);
    prepared.push({ rule, amount, counter });
  }
  const oversize = prepared.find((charge) => charge.amount > charge.rule.limit);
  if (oversize) return { refusal: { allowed: false, reason: 'exceeds-limit', rule: oversize.rule, amount: oversize.amount } };
  return { charges: prepared };
}

/** Checks an actual token count passed to `settle`. */
export function requireTokenCount(actualTokens: number): void {
  requireInteger(actualTokens, 0, 'settled token count');
}

function requireInteger(value: number, minimum: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < minimum) throw new RangeError(`${what} must be an integer ≥ ${minimum}, got ${value}`);
}
