import type { GatewayCallContext } from '../gateway-call-context.js';
import type { RateLimitGate, RateLimitVerdict } from '../rate-limit-gate.js';
import type { RateLimitCharge, RateLimiter, RateLimitRule } from './rate-limiter.js';
import { defaultRequestLeaseOptions, RequestLeases, type RequestLeaseOptions } from './request-leases.js';

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
 * nothing. Calls made by workflow runs carry no user and count against the tenant only. Requests
 * rules are served from leases (RequestLeases: one shared statement per block of requests, asked
 * ahead) unless `leaseOptions` is null; tokens rules, off by default, are asked on every call.
 */
export function createRateLimitGate(limiter: RateLimiter, settings: RateLimitSettings, leaseOptions: RequestLeaseOptions | null = defaultRequestLeaseOptions, onGiveBackFailure: (error: unknown) => void = () => undefined): RateLimitGate {
  const leases = leaseOptions === null ? undefined : new RequestLeases(limiter, leaseOptions, onGiveBackFailure);
  const refusal = (rule: RateLimitRule, retryAfterMs: number | null): RateLimitVerdict => {
    const limit = `${rule.limit} ${rule.unit} a minute per ${rule.key.startsWith('user:') ? 'user' : 'tenant'}`;
    // Retry-After is whole seconds on the wire: round up so a client that waits it is admitted.
    return { allowed: false, retryAfterMs: retryAfterMs === null ? null : Math.max(1_000, Math.ceil(retryAfterMs / 1_000) * 1_000), limit };
  };
  return {
    async admit(context: GatewayCallContext, estimatedTokens: number): Promise<RateLimitVerdict> {
      const charges: RateLimitCharge[] = [];
      const add = (key: string, unit: RateLimitRule['unit'], limit: number, amount: number) => {
        if (limit > 0) charges.push({ rule: { key, unit, limit, windowMs: minuteMs }, amount });
      };
      const tokens = Math.max(0, Math.ceil(estimatedTokens));
      // The user's rules first: a lease taken for a call another rule refuses then stays with the user, not the tenant.
      if (context.userId !== undefined) {
        add(`user:${context.tenantId}:${context.userId}`, 'requests', settings.userRequestsPerMinute, 1);
        add(`user:${context.tenantId}:${context.userId}`, 'tokens', settings.userTokensPerMinute, tokens);
      }
      add(`tenant:${context.tenantId}`, 'requests', settings.tenantRequestsPerMinute, 1);
      add(`tenant:${context.tenantId}`, 'tokens', settings.tenantTokensPerMinute, tokens);
      const tooLarge = charges.find((charge) => charge.amount > charge.rule.limit);
      if (tooLarge) return refusal(tooLarge.rule, null);

      let undoLeased = () => undefined as void;
      const directCharges = leases ? charges.filter((charge) => charge.rule.unit === 'tokens') : charges;
      if (leases && directCharges.length < charges.length) {
        const leased = await leases.admit(charges.filter((charge) => charge.rule.unit === 'requests').map((charge) => charge.rule));
        if (!leased.admitted) return refusal(leased.rule, leased.retryAfterMs);
        undoLeased = leased.undo;
      }
      if (directCharges.length === 0) return { allowed: true, pass: { settle: () => undefined } };
      const decision = await limiter.acquire(directCharges).catch((error: unknown) => {
        undoLeased();
        throw error;
      });
      if (decision.allowed) {
        const { admission } = decision;
        return { allowed: true, pass: { settle: (actualTokens) => void admission.settle(Math.max(0, Math.ceil(actualTokens))).catch(() => undefined) } };
      }
      undoLeased();
      return refusal(decision.rule, decision.reason === 'exceeds-limit' ? null : decision.retryAfterMs);
    },
    async close() {
      await leases?.close();
    },
  };
}
