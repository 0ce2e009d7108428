import type { GatewayCallContext } from '../gateway-call-context.js';

/** A call's worst case, carved from a lease: what `finish` gives back. */
export interface LeaseCarve {
  lease: BudgetLease;
  worstMicros: number;
  worstTokens: number;
}

/**
 * One reservation held by this process for many calls on the same budgets (BudgetLeases): calls
 * carve their worst case from it locally instead of reserving in the database, and give back what
 * they did not use when they finish. When it ends (retired, and no call in flight) it is settled
 * once with the sum of what its calls really cost. `reservationId` undefined: no budget applied
 * when it was asked, so calls go ahead uncounted until it ends.
 */
export class BudgetLease {
  /** The worst cases of calls in flight plus what finished calls really cost. */
  #carvedMicros = 0;
  #carvedTokens = 0;
  spentMicros = 0;
  spentTokens = 0;
  inFlight = 0;
  /** Calls carved from it (what it carried). */
  calls = 0;
  retired = false;

  constructor(
    readonly reservationId: string | undefined,
    readonly grantedMicros: number,
    readonly grantedTokens: number,
    /** performance.now() after which it carves nothing. */
    readonly usableUntil: number,
    /** The first call's context (its budgets are the lease's), for soft-threshold events. */
    readonly context: GatewayCallContext,
  ) {}

  get unbudgeted(): boolean {
    return this.reservationId === undefined;
  }

  /** The share of the grant not carved, 0..1. */
  get leftShare(): number {
    if (this.unbudgeted) return 1;
    const micros = this.grantedMicros > 0 ? 1 - this.#carvedMicros / this.grantedMicros : 1;
    const tokens = this.grantedTokens > 0 ? 1 - this.#carvedTokens / this.grantedTokens : 1;
    return Math.min(micros, tokens);
  }

  /** Carves a call's worst case, or nothing when the lease ended or has too little left. */
  carve(worstMicros: number, worstTokens: number, now: number): LeaseCarve | undefined {
    if (this.retired || now >= this.usableUntil) return undefined;
    if (!this.unbudgeted && (this.#carvedMicros + worstMicros > this.grantedMicros || this.#carvedTokens + worstTokens > this.grantedTokens)) return undefined;
    this.#carvedMicros += worstMicros;
    this.#carvedTokens += worstTokens;
    this.inFlight += 1;
    this.calls += 1;
    return { lease: this, worstMicros, worstTokens };
  }

  /** A carved call finished: it keeps what it cost (null: unknown price, no money) and gives back the rest. */
  finish(carve: LeaseCarve, actualMicros: number | null, actualTokens: number): void {
    const micros = actualMicros ?? 0;
    this.#carvedMicros += micros - carve.worstMicros;
    this.#carvedTokens += actualTokens - carve.worstTokens;
    this.spentMicros += micros;
    this.spentTokens += actualTokens;
    this.inFlight -= 1;
  }

  /** Ended with no call in flight: ready to be settled. */
  get done(): boolean {
    return this.retired && this.inFlight === 0;
  }
}
