import type { GatewayCallContext } from '../gateway-call-context.js';
import type { RateLimitGate, RateLimitVerdict } from '../rate-limit-gate.js';
import type { RateLimitCharge, RateLimiter, RateLimitRule } from './rate-limiter.js';

/** Requests and tokens a minute, per tenant and per user (0 turns a limit off). */
export interface RateLimitSettings {
  tenantRequestsPerMinute: number;
  tenantTokensPerMinute: number;
  userRequestsPerMinute: number;
  userTokensPerMinute: number;
}

/**
 * 100 and 20 requests a minute per tenant and per user. Token limits are off unless set: each costs
 * a second counter per call and a correction once the real count is known, about half the
 * database work of a call (bench/gateway-bench.ts), and budgets already bound what tokens cost.
 */
export const defaultRateLimitSettings: RateLimitSettings = {
  tenantRequestsPerMinute: 100,
  tenantTokensPerMinute: 0,
  userRequestsPerMinute: 20,
  userTokensPerMinute: 0,
};

const minuteMs = 60_000;

/**
 * The gateway's rate-limit gate on a shared limiter: every call is charged one request and its
 * token estimate on the tenant's rules and, when the call names a user, on the user's, all or
 * nothing. Calls made by workflow runs carry no user and count against the tenant only.
 */
export function createRateLimitGate(limiter: RateLimiter, settings: RateLimitSettings): RateLimitGate {
  return {
    async admit(context: GatewayCallContext, estimatedTokens: number): Promise<RateLimitVerdict> {
      const charges: RateLimitCharge[] = [];
      const add = (key: string, unit: RateLimitRule['unit'], limit: number, amount: number) => {
        if (limit > 0) charges.push({ rule: { key, unit, limit, windowMs: minuteMs }, amount });
      };
      const tokens = Math.max(0, Math.ceil(estimatedTokens));
      add(`tenant:${context.tenantId}`, 'requests', settings.tenantRequestsPerMinute, 1);
      add(`tenant:${context.tenantId}`, 'tokens', settings.tenantTokensPerMinute, tokens);
      if (context.userId !== undefined) {
        add(`user:${context.tenantId}:${context.userId}`, 'requests', settings.userRequestsPerMinute, 1);
        add(`user:${context.tenantId}:${context.userId}`, 'tokens', settings.userTokensPerMinute, tokens);
      }
      const decision = await limiter.acquire(charges);
      if (decision.allowed) {
        const { admission } = decision;
        return { allowed: true, pass: { settle: (actualTokens) => void admission.settle(Math.max(0, Math.ceil(actualTokens))).catch(() => undefined) } };
      }
      const { rule } = decision;
      const limit = `${rule.limit} ${rule.unit} a minute per ${rule.key.startsWith('user:') ? 'user' : 'tenant'}`;
      if (decision.reason === 'exceeds-limit') return { allowed: false, retryAfterMs: null, limit };
      // Retry-After is whole seconds on the wire: round up so a client that waits it is admitted.
      return { allowed: false, retryAfterMs: Math.max(1_000, Math.ceil(decision.retryAfterMs / 1_000) * 1_000), limit };
    },
  };
}
