import type { GatewayCallContext } from './gateway-call-context.js';

/** A call the rate limits let through; its token charge is corrected once the real count is known. */
export interface RateLimitPass {
  settle(actualTokens: number): void;
}

/** `retryAfterMs` null: the call alone is more than the limit allows, so waiting cannot help. */
export type RateLimitVerdict = { allowed: true; pass: RateLimitPass } | { allowed: false; retryAfterMs: number | null; limit: string };

/**
 * What the gateway asks of rate limiting before a call: requests and tokens per minute for the
 * tenant and the user, shared across processes. `estimatedTokens` is charged now and corrected by
 * `settle`.
 */
export interface RateLimitGate {
  admit(context: GatewayCallContext, estimatedTokens: number): Promise<RateLimitVerdict>;
  /** Gives back what the gate holds ahead of calls (leased requests). */
  close(): Promise<void>;
}
