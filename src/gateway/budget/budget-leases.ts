import { createId } from '../../store/ids/create-id.js';
import type { BudgetGrant } from '../../store/budgets/reserve-budget.js';
import type { GatewayCallContext } from '../gateway-call-context.js';
import { BudgetLease, type LeaseCarve } from './budget-lease.js';

export interface BudgetLeaseOptions {
  /** How long a lease carves calls (and how long "no budget applies" is believed); 0 turns leasing off. */
  leaseMs: number;
  /** The fewest and the most calls' worst cases one lease asks for (sized by the recent call rate). */
  minimumCalls: number;
  maximumCalls: number;
  /** A lease takes at most this share of what the tightest budget had left. */
  shareOfLeft: number;
}

export const defaultBudgetLeaseOptions: BudgetLeaseOptions = { leaseMs: 1_000, minimumCalls: 8, maximumCalls: 4_096, shareOfLeft: 0.1 };

/** Asks the database for a reservation (a lease's, or 0 to learn whether any budget applies). */
export type AskReservation = (context: GatewayCallContext, reservationId: string, micros: number, tokens: number) => Promise<BudgetGrant>;

/** The leases of one set of budgets (one tenant, project, workflow and run). */
interface KeyLeases {
  current: BudgetLease | undefined;
  asking: boolean;
  /** Calls since the last lease was asked for, and when that was: the rate that sizes the next one. */
  calls: number;
  lastAskAt: number;
  /** The largest worst case seen, the unit of a lease's size. */
  largestMicros: number;
  largestTokens: number;
  /** What the tightest budget had left at the last answer (null: no such limit). */
  leftMicros: number | null;
  leftTokens: number | null;
  /** performance.now() before which no lease is asked: too little was left for one. */
  scarceUntil: number;
}

/** The set of budgets a call counts against (tenant, project, workflow, run) as one key. */
export function budgetsKey(context: GatewayCallContext): string {
  return `${context.tenantId}\u0000${context.projectId ?? ''}\u0000${context.workflow ?? ''}\u0000${context.runId ?? ''}`;
}

/**
 * Budget reservations held ahead of calls, per set of budgets: after a call found money to spare,
 * the process reserves several calls' worst case at once (at most a tenth of what was left), and
 * the next calls carve from it locally: no statement on their path. The next lease is asked before
 * this one runs out or ends; the lease ending settles it once with what its calls really cost.
 * Spent plus reserved still never passes a limit (a lease is a reservation). The costs: money held
 * by one process's lease is not available to another's calls for up to `leaseMs` (a call refused
 * or clamped for it retires the leases of its tenant and asks again), a budget created while a
 * "no budget applies" lease lives is counted from the next lease, and an idle lease is settled by
 * a sweep. Near a limit there is too little to lease, and every call reserves its own.
 */
export class BudgetLeases {
  readonly #keys = new Map<string, KeyLeases>();
  /** Retired leases with calls still in flight: settled when the last one finishes. */
  readonly #retired = new Set<BudgetLease>();
  /** Leases being asked for: `retireAll` waits for them, or one granted after it would never be settled. */
  readonly #asks = new Set<Promise<void>>();
  #sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: BudgetLeaseOptions,
    private readonly ask: AskReservation,
    /** A lease ended: settle its reservation with what its calls cost. */
    private readonly settle: (lease: BudgetLease) => void,
    private readonly onAskFailure: (error: unknown) => void,
  ) {}

  /** Carves a call's worst case from the lease on its budgets, or undefined: the call reserves its own. */
  carve(context: GatewayCallContext, worstMicros: number, worstTokens: number): LeaseCarve | undefined {
    if (this.options.leaseMs <= 0) return undefined;
    const state = this.#keys.get(budgetsKey(context));
    const lease = state?.current;
    if (state === undefined || lease === undefined) return undefined;
    const now = performance.now();
    const carve = lease.carve(worstMicros, worstTokens, now);
    if (carve === undefined) {
      this.#retire(state);
      return undefined;
    }
    state.calls += 1;
    this.#noteLargest(state, worstMicros, worstTokens);
    // Ask for the next lease before this one runs out or ends, so that no call waits for it.
    if (!state.asking && (lease.leftShare < 0.5 || now > lease.usableUntil - this.options.leaseMs / 2)) this.#askLease(context, state);
    return carve;
  }

  /** A carved call finished with what it really cost. */
  finish(carve: LeaseCarve, actualMicros: number | null, actualTokens: number): void {
    carve.lease.finish(carve, actualMicros, actualTokens);
    if (carve.lease.done && this.#retired.delete(carve.lease)) this.#settleLease(carve.lease);
  }

  /** A call reserved its own and was granted: lease its budgets next when there was money to spare. */
  afterGrant(context: GatewayCallContext, grant: Extract<BudgetGrant, { granted: true }>, worstMicros: number, worstTokens: number): void {
    if (this.options.leaseMs <= 0) return;
    const state = this.#stateOf(context);
    state.calls += 1;
    this.#noteLargest(state, worstMicros, worstTokens);
    if (grant.budgetCount === 0) {
      if (state.current === undefined) this.#install(state, new BudgetLease(undefined, 0, 0, performance.now() + this.options.leaseMs, context));
      return;
    }
    state.leftMicros = grant.leftMicros === null ? null : grant.leftMicros - grant.grantedMicros;
    state.leftTokens = grant.leftTokens === null ? null : grant.leftTokens - grant.grantedTokens;
    if (!state.asking && state.current === undefined) this.#askLease(context, state);
  }

  /**
   * Ends every lease of the tenant (their unused money is freed as soon as their calls in flight
   * finish); true if any held money. For a call refused or clamped while leases hold money.
   */
  retireTenant(tenantId: string): boolean {
    let any = false;
    for (const state of this.#keys.values()) {
      const lease = state.current;
      if (lease === undefined || lease.unbudgeted || lease.context.tenantId !== tenantId) continue;
      this.#retire(state);
      state.scarceUntil = performance.now() + this.options.leaseMs;
      any = true;
    }
    return any;
  }

  /** Ends every lease, once those being asked for are answered: settled now, or when their last call finishes. */
  async retireAll(): Promise<void> {
    while (this.#asks.size > 0) await Promise.all(this.#asks);
    for (const state of this.#keys.values()) this.#retire(state);
  }

  #stateOf(context: GatewayCallContext): KeyLeases {
    const key = budgetsKey(context);
    let state = this.#keys.get(key);
    if (state === undefined) {
      state = { current: undefined, asking: false, calls: 0, lastAskAt: performance.now(), largestMicros: 0, largestTokens: 0, leftMicros: null, leftTokens: null, scarceUntil: 0 };
      this.#keys.set(key, state);
    }
    return state;
  }

  #noteLargest(state: KeyLeases, worstMicros: number, worstTokens: number): void {
    state.largestMicros = Math.max(state.largestMicros, worstMicros);
    state.largestTokens = Math.max(state.largestTokens, worstTokens);
  }

  #install(state: KeyLeases, lease: BudgetLease): void {
    this.#retire(state);
    state.current = lease;
    this.#sweep ??= setInterval(() => this.#sweepEnded(), Math.max(50, this.options.leaseMs / 2)).unref();
  }

  #retire(state: KeyLeases): void {
    const lease = state.current;
    if (lease === undefined) return;
    state.current = undefined;
    lease.retired = true;
    if (lease.done) this.#settleLease(lease);
    else this.#retired.add(lease);
  }

  #settleLease(lease: BudgetLease): void {
    if (!lease.unbudgeted) this.settle(lease);
  }

  /** Leases that ended with no call to notice: settled, so idle budgets hold nothing. */
  #sweepEnded(): void {
    const now = performance.now();
    for (const [key, state] of this.#keys) {
      if (state.current !== undefined && now >= state.current.usableUntil) this.#retire(state);
      if (state.current === undefined && !state.asking) this.#keys.delete(key);
    }
    if (this.#keys.size === 0 && this.#retired.size === 0) {
      clearInterval(this.#sweep);
      this.#sweep = undefined;
    }
  }

  /** Asks for the next lease in the background; a lease too small to be worth it is not asked. */
  #askLease(context: GatewayCallContext, state: KeyLeases): void {
    const now = performance.now();
    if (now < state.scarceUntil) return;
    const unbudgeted = state.current?.unbudgeted === true;
    // Enough for the calls of a lease's time at the rate since the last ask (over at least a tenth of a second), with room to spare.
    const perMillisecond = state.calls / Math.max(100, now - state.lastAskAt);
    const calls = Math.min(this.options.maximumCalls, Math.max(this.options.minimumCalls, Math.ceil(perMillisecond * this.options.leaseMs * 1.5)));
    state.calls = 0;
    state.lastAskAt = now;
    let micros = unbudgeted ? 0 : calls * state.largestMicros;
    let tokens = unbudgeted ? 0 : calls * state.largestTokens;
    if (state.leftMicros !== null) micros = Math.min(micros, Math.floor(state.leftMicros * this.options.shareOfLeft));
    if (state.leftTokens !== null) tokens = Math.min(tokens, Math.floor(state.leftTokens * this.options.shareOfLeft));
    if (!unbudgeted && (micros < 2 * state.largestMicros || tokens < 2 * state.largestTokens)) {
      state.scarceUntil = now + this.options.leaseMs;
      return;
    }
    state.asking = true;
    const reservationId = createId();
    const asked = this.ask(context, reservationId, micros, tokens)
      .then((grant) => {
        if (!grant.granted) {
          state.leftMicros = grant.availableMicros;
          state.leftTokens = grant.availableTokens;
          state.scarceUntil = performance.now() + this.options.leaseMs;
          return;
        }
        if (grant.budgetCount === 0) {
          this.#install(state, new BudgetLease(undefined, 0, 0, now + this.options.leaseMs, context));
          return;
        }
        const lease = new BudgetLease(reservationId, grant.grantedMicros, grant.grantedTokens, now + this.options.leaseMs, context);
        state.leftMicros = grant.leftMicros === null ? null : grant.leftMicros - grant.grantedMicros;
        state.leftTokens = grant.leftTokens === null ? null : grant.leftTokens - grant.grantedTokens;
        // A budget appeared under a "none applies" lease, or the grant is too small to carve: settle it unused.
        if (unbudgeted || grant.grantedMicros < micros || grant.grantedTokens < tokens) {
          lease.retired = true;
          this.settle(lease);
          if (unbudgeted) this.#retire(state);
          return;
        }
        this.#install(state, lease);
      }, this.onAskFailure)
      .finally(() => {
        state.asking = false;
        this.#asks.delete(asked);
      });
    this.#asks.add(asked);
  }
}
