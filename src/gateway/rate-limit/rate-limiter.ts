/**
 * The rate-limit port (DESIGN.md, "LLM gateway"): before every LLM call the gateway acquires a
 * request and a token estimate on each rule that applies (per tenant, per user), all or nothing,
 * shared by every gateway process. Sliding window, exact: in any interval of `windowMs` the admitted
 * amounts on a counter never sum to more than `limit`. Adapters: PostgreSQL (the default) and
 * Redis (when `REDIS_URL` is set); both pass test/gateway/rate-limiter-contract.ts.
 */
export interface RateLimiter {
  /**
   * Admits every charge or none: a call refused by the user rule consumes nothing on the tenant
   * rule. Atomic with respect to acquires from any process. No charges: admitted, nothing stored.
   */
  acquire(charges: readonly RateLimitCharge[]): Promise<RateLimitDecision>;
  /** Stops background work and closes connections the limiter opened itself (never a pool it was given). */
  close(): Promise<void>;
}

/** One limit: at most `limit` `unit`s in any interval of `windowMs` on the counter `key` names. */
export interface RateLimitRule {
  /** What is limited, e.g. `tenant:<id>` or `user:<id>`; the same key may carry a requests and a tokens rule. */
  key: string;
  unit: 'requests' | 'tokens';
  /** A positive integer. */
  limit: number;
  /** A positive integer. */
  windowMs: number;
}

/** What one call takes from one rule: 1 for a requests rule, the estimate for a tokens rule. */
export interface RateLimitCharge {
  rule: RateLimitRule;
  /** A non-negative integer. */
  amount: number;
}

export type RateLimitDecision =
  | { allowed: true; admission: RateLimitAdmission }
  /**
   * The rule's window is too full for the charge now. `retryAfterMs` is when enough of its oldest
   * entries leave the window for the charge to fit (the longest wait over every refusing rule), so
   * a caller that waits that long is admitted unless others took the room first.
   */
  | { allowed: false; reason: 'window-full'; rule: RateLimitRule; used: number; retryAfterMs: number }
  /**
   * The charge alone is more than the rule's limit: it can never be admitted, and waiting does not
   * help (the gateway answers with a non-retryable error, not a 429).
   */
  | { allowed: false; reason: 'exceeds-limit'; rule: RateLimitRule; amount: number };

/** An admitted set of charges. */
export interface RateLimitAdmission {
  /** When the charges were admitted: epoch microseconds on the database's (or Redis's) clock. */
  admittedAtMicroseconds: number;
  /**
   * Corrects every tokens charge of this admission from its estimate to the actual count once the
   * call's usage is known (requests charges are unchanged). A larger actual count may push a
   * window over its limit after the fact; later acquires then wait longer. Idempotent; a no-op
   * once the entries have left the window.
   */
  settle(actualTokens: number): Promise<void>;
  /**
   * Rewrites every charge of this admission, requests charges too, to `amount`: a lease taken as
   * one admission of many requests gives back the ones it did not use. Idempotent; a no-op once
   * the entries have left the window.
   */
  reduceTo(amount: number): Promise<void>;
}

/**
 * The name of the counter a rule counts on: its key, unit and window, so that a key carrying both a
 * requests and a tokens rule (or two windows) keeps separate logs.
 */
export function rateLimitCounterKey(rule: RateLimitRule): string {
  return `${rule.key}:${rule.unit}:${rule.windowMs}`;
}
