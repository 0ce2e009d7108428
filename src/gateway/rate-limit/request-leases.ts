import { rateLimitCounterKey, type RateLimitAdmission, type RateLimiter, type RateLimitRule } from './rate-limiter.js';

export interface RequestLeaseOptions {
  /**
   * How long a lease may hand out its requests, from the moment it was asked for. Its entry is held
   * in the shared window for the rule's window plus this, which keeps the limit exact.
   */
  leaseMs: number;
  /** The most requests one lease takes. */
  maxLeaseSize: number;
  /** …and at most this share of the rule's limit (at least 1), so processes cannot hoard a small limit. */
  shareOfLimit: number;
}

/**
 * 2 s leases of at most 1,000 requests or a tenth of the limit: the default 20 requests a minute
 * per user leases 2 at a time, 100 per tenant 10.
 */
export const defaultRequestLeaseOptions: RequestLeaseOptions = { leaseMs: 2_000, maxLeaseSize: 1_000, shareOfLimit: 0.1 };

/** The requests a lease holds: one admission of `granted` on the shared limiter. */
interface Lease {
  granted: number;
  used: number;
  /** performance.now() after which it hands out nothing (its ask was sent `leaseMs` before). */
  usableUntil: number;
  admission: RateLimitAdmission;
}

/** One rule's leases in this process. */
interface RuleLeases {
  /** The rule as the shared limiter sees it: the same key and limit, held `leaseMs` longer. */
  heldRule: RateLimitRule;
  leases: Lease[];
  /** The ask in flight, shared by every call that needs this rule meanwhile. */
  asking: Promise<AskOutcome> | undefined;
  /** How many requests the next ask takes: what this process handed out lately, over a lease's time, with room to spare. */
  nextSize: number;
  maxSize: number;
  /** Requests handed out since the last ask, and when that was: the rate that sizes the next lease. */
  handedOut: number;
  lastAskAt: number;
  /** Fewer unused requests than this are not worth a statement to give back (they leave with the window). */
  giveBackAtLeast: number;
}

type AskOutcome = { granted: true } | { granted: false; retryAfterMs: number };

/** Admitted: every rule gave one request; `undo` gives them back to their leases. */
export type LeasedAdmission = { admitted: true; undo(): void } | { admitted: false; rule: RateLimitRule; retryAfterMs: number };

/**
 * Request-per-minute rules served from leases: a process asks the shared limiter for a block of
 * requests in one round trip and hands them out locally, so a busy process pays one database (or
 * Redis) statement per block instead of one per call, and the next block is asked before this one
 * runs out. The limit stays exact across processes: a lease's entry is held in the shared window
 * for `leaseMs` longer than the window, and the lease hands out requests only during the `leaseMs`
 * after it was asked, so every request it admits is covered by its entry for a whole window after
 * it. A lease is sized by the rate this process handed requests out at since its last ask; what
 * it did not use when it ends is given back (unless under a hundredth of the limit). The costs: a process may hold requests
 * another process is refused for (at most a tenth of the limit, for at most `leaseMs`), and a
 * lease taken for a call that another rule then refused stays for the next call.
 */
export class RequestLeases {
  readonly #rules = new Map<string, RuleLeases>();
  #closed = false;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly options: RequestLeaseOptions,
    private readonly onGiveBackFailure: (error: unknown) => void,
  ) {}

  /** One request from every rule, or none. */
  async admit(rules: readonly RateLimitRule[]): Promise<LeasedAdmission> {
    for (let attempt = 0; ; attempt += 1) {
      const states = rules.map((rule) => this.#stateOf(rule));
      const taken: Lease[] = [];
      for (const state of states) {
        const lease = this.#takeFrom(state);
        if (lease === undefined) break;
        taken.push(lease);
      }
      if (taken.length === states.length) return { admitted: true, undo: () => taken.forEach((lease) => (lease.used -= 1)) };
      for (const lease of taken) lease.used -= 1;
      // The first rule without a request asks for a lease (every waiting call shares the ask), then all are tried again.
      const lacking = states[taken.length] as RuleLeases;
      const outcome = await this.#ask(lacking);
      if (!outcome.granted) return { admitted: false, rule: rules[taken.length] as RateLimitRule, retryAfterMs: outcome.retryAfterMs };
      // Other calls may have used the new lease up before this one ran again: ask again, a bounded number of times.
      if (attempt >= 8) return { admitted: false, rule: rules[taken.length] as RateLimitRule, retryAfterMs: 0 };
    }
  }

  /** Gives back every lease's unused requests. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#rules.values()].map((state) => state.asking?.catch(() => undefined)));
    for (const state of this.#rules.values()) for (const lease of state.leases.splice(0)) this.#giveBack(lease);
  }

  #stateOf(rule: RateLimitRule): RuleLeases {
    const key = `${rateLimitCounterKey(rule)}:${rule.limit}`;
    let state = this.#rules.get(key);
    if (state === undefined) {
      state = {
        heldRule: { ...rule, windowMs: rule.windowMs + this.options.leaseMs },
        leases: [],
        asking: undefined,
        nextSize: 1,
        maxSize: Math.max(1, Math.min(this.options.maxLeaseSize, Math.floor(rule.limit * this.options.shareOfLimit))),
        handedOut: 0,
        lastAskAt: performance.now(),
        giveBackAtLeast: Math.max(1, Math.ceil(rule.limit / 100)),
      };
      this.#rules.set(key, state);
    }
    return state;
  }

  /** Takes one request from the oldest usable lease, dropping ended ones; asks for the next lease ahead when half is used. */
  #takeFrom(state: RuleLeases): Lease | undefined {
    const now = performance.now();
    while (state.leases.length > 0) {
      const lease = state.leases[0] as Lease;
      if (lease.used < lease.granted && now < lease.usableUntil) break;
      state.leases.shift();
      this.#retire(state, lease);
    }
    const lease = state.leases[0];
    if (lease === undefined) return undefined;
    lease.used += 1;
    state.handedOut += 1;
    if (state.asking === undefined && !this.#closed && this.#runningOut(state, now)) void this.#ask(state).catch(() => undefined);
    return lease;
  }

  /**
   * Whether to ask for the next lease now: under half a lease's worth of requests is left, or the
   * last lease is past half its time while requests keep coming (a lease that ended with requests
   * left would otherwise make the next call wait for a statement).
   */
  #runningOut(state: RuleLeases, now: number): boolean {
    const remaining = state.leases.reduce((sum, each) => sum + (each.granted - each.used), 0);
    if (remaining * 2 < state.nextSize) return true;
    const last = state.leases.at(-1);
    return last !== undefined && state.handedOut >= 2 && now > last.usableUntil - this.options.leaseMs / 2;
  }

  /** A lease that ended gives back what it did not use, when that is worth a statement. */
  #retire(state: RuleLeases, lease: Lease): void {
    if (lease.granted - lease.used >= state.giveBackAtLeast) this.#giveBack(lease);
  }

  #giveBack(lease: Lease): void {
    if (lease.used < lease.granted) void lease.admission.reduceTo(lease.used).catch(this.onGiveBackFailure);
  }

  /** Sizes the next lease from the rate since the last ask (over at least a tenth of a second). */
  #sizeNext(state: RuleLeases): void {
    const now = performance.now();
    const perMillisecond = state.handedOut / Math.max(100, now - state.lastAskAt);
    state.nextSize = Math.min(state.maxSize, Math.max(1, Math.ceil(perMillisecond * this.options.leaseMs * 1.5)));
    state.handedOut = 0;
    state.lastAskAt = now;
  }

  #ask(state: RuleLeases): Promise<AskOutcome> {
    if (state.asking === undefined) {
      this.#sizeNext(state);
      state.asking = this.#askNow(state).finally(() => (state.asking = undefined));
    }
    return state.asking;
  }

  /**
   * Asks for `nextSize` requests; when they do not fit but some would, for what the window has
   * left. The lease's time starts before the ask is sent, so it never outlasts its entry.
   */
  async #askNow(state: RuleLeases): Promise<AskOutcome> {
    let size = state.nextSize;
    for (;;) {
      const askedAt = performance.now();
      const decision = await this.limiter.acquire([{ rule: state.heldRule, amount: size }]);
      if (decision.allowed) {
        const lease: Lease = { granted: size, used: 0, usableUntil: askedAt + this.options.leaseMs, admission: decision.admission };
        if (this.#closed) this.#giveBack(lease);
        else state.leases.push(lease);
        return { granted: true };
      }
      if (decision.reason === 'exceeds-limit') throw new RangeError(`A lease of ${size} cannot fit a limit of ${state.heldRule.limit}.`);
      const left = state.heldRule.limit - decision.used;
      if (left <= 0 || left >= size) return { granted: false, retryAfterMs: decision.retryAfterMs };
      size = left;
    }
  }
}
