import type pg from 'pg';
import { AppError } from '../../core/app-error.js';
import { createId } from '../../store/ids/create-id.js';
import { reserveBudget, type BudgetGrant, type BudgetReservationRequest } from '../../store/budgets/reserve-budget.js';
import { settleThenReserveBudget } from '../../store/budgets/settle-then-reserve-budget.js';
import { settleBudgetReservations, type SoftThresholdCrossing } from '../../store/budgets/settle-budget-reservations.js';
import { BatchWriter } from '../batch-writer.js';
import type { GatewayCallContext } from '../gateway-call-context.js';
import type { ModelPrice } from '../pricing/price-table.js';
import type { LeaseCarve } from './budget-lease.js';
import { BudgetLeases, budgetsKey, type BudgetLeaseOptions } from './budget-leases.js';

/** A call's hold on its budgets, and the output it may produce within it. */
export interface BudgetHold {
  /** Undefined when no budget applies: nothing to settle. */
  reservationId: string | undefined;
  /** The request's max output tokens, lowered to what the budgets can pay for. */
  maxOutputTokens: number;
  /** Carved from a lease (no reservation of its own): settled into the lease. */
  carve?: LeaseCarve;
}

export interface BudgetKeeperOptions {
  /** Output tokens reserved for a request that sets no maximum. */
  defaultMaxOutputTokens: number;
  /** A call that cannot afford this many output tokens is refused rather than clamped to nothing. */
  minimumOutputTokens: number;
  reservationTtlSeconds: number;
  /**
   * How long a settlement waits for the next reservation on the same budgets to carry it (one round
   * trip instead of two) before it is written on its own.
   */
  settlementLingerMs: number;
  leases: BudgetLeaseOptions;
}

/** A settlement waiting to be written, with the call it settles. */
interface PendingSettlement {
  reservationId: string;
  actualMicros: number | null;
  actualTokens: number;
  context: GatewayCallContext;
}

/**
 * Reserves before a call, settles after (DESIGN.md, "LLM gateway"). The reservation is the worst
 * case: the estimated prompt plus the maximum output at this model's prices, on every budget that
 * applies (tenant, project, workflow, run), all or nothing in one statement. When a budget has
 * less left, the call goes ahead with `max_tokens` clamped to what is left, so even the worst case
 * stays inside the limit; below a minimum useful answer it is refused with BUDGET_EXCEEDED (402,
 * not retryable: SDKs retry 429s, and a spent budget does not refill in seconds). Settling charges
 * the real cost and releases the rest, batched off the caller's path, exactly once per reservation.
 */
export class BudgetKeeper {
  readonly #settlements: BatchWriter<PendingSettlement>;
  readonly #leases: BudgetLeases;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: BudgetKeeperOptions,
    private readonly onCrossings: (crossings: SoftThresholdCrossing[], contexts: Map<string, GatewayCallContext>) => Promise<void>,
    private readonly onFailure: (error: unknown) => void,
  ) {
    this.#settlements = new BatchWriter(
      async (batch) => {
        const crossings = await settleBudgetReservations(pool, batch);
        await this.#report(crossings, batch);
      },
      (error) => onFailure(error),
      500,
      3,
      options.settlementLingerMs,
    );
    this.#leases = new BudgetLeases(
      options.leases,
      (context, reservationId, micros, tokens) => this.#reserve(context, this.#request(context, reservationId, micros, micros, tokens, tokens)),
      (lease) => this.#settlements.add({ reservationId: lease.reservationId as string, actualMicros: lease.spentMicros, actualTokens: lease.spentTokens, context: lease.context }),
      onFailure,
    );
  }

  #request(context: GatewayCallContext, reservationId: string, worstMicros: number, minimumMicros: number, worstTokens: number, minimumTokens: number): BudgetReservationRequest {
    return {
      reservationId,
      tenantId: context.tenantId,
      projectId: context.projectId,
      workflow: context.workflow,
      runId: context.runId,
      worstMicros,
      minimumMicros,
      worstTokens,
      minimumTokens,
      ttlSeconds: this.options.reservationTtlSeconds,
    };
  }

  async #report(crossings: SoftThresholdCrossing[], batch: readonly PendingSettlement[]): Promise<void> {
    if (crossings.length > 0) await this.onCrossings(crossings, new Map(batch.map((item) => [item.reservationId, item.context])));
  }

  /**
   * Reserves; settlements still waiting in the queue for the same budgets (same tenant, project,
   * workflow and run: an agent's previous call, or the calls before this one on a busy endpoint) go
   * in the same statement, settled first. Should that statement fail, they go back to the queue and
   * the reservation is asked alone.
   */
  async #reserve(context: GatewayCallContext, request: BudgetReservationRequest): Promise<BudgetGrant> {
    const key = budgetsKey(context);
    const carried = this.#settlements.take((item) => budgetsKey(item.context) === key);
    if (carried.length === 0) return reserveBudget(this.pool, request);
    let settled;
    try {
      settled = await settleThenReserveBudget(this.pool, carried, request);
    } catch {
      // Nothing of it was committed: the settlements go back to the queue, the reservation is asked alone.
      for (const item of carried) this.#settlements.add(item);
      return reserveBudget(this.pool, request);
    }
    void this.#report(settled.crossings, carried).catch((error: unknown) => this.onFailure(error));
    return settled.grant;
  }

  /**
   * Holds the worst case of a call to a model with `price` (undefined: unpriced, so only token
   * budgets can hold it). Throws BUDGET_EXCEEDED when a budget cannot pay for a minimal answer.
   */
  async reserve(context: GatewayCallContext, price: ModelPrice | undefined, promptTokens: number, requestedMaxOutputTokens: number | undefined): Promise<BudgetHold> {
    const maxOutput = requestedMaxOutputTokens ?? this.options.defaultMaxOutputTokens;
    const minimumOutput = Math.min(maxOutput, this.options.minimumOutputTokens);
    const promptMicros = price ? (promptTokens * price.input) / 1_000_000 : 0;
    const outputMicrosPerToken = price ? price.output / 1_000_000 : 0;
    const worstMicros = promptMicros + maxOutput * outputMicrosPerToken;
    const worstTokens = promptTokens + maxOutput;
    const carve = this.#leases.carve(context, worstMicros, worstTokens);
    if (carve) return { reservationId: undefined, maxOutputTokens: maxOutput, carve };
    const ask = (reservationId: string) => this.#reserve(context, this.#request(context, reservationId, worstMicros, promptMicros + minimumOutput * outputMicrosPerToken, worstTokens, promptTokens + minimumOutput));
    let reservationId = createId();
    let grant = await ask(reservationId);
    const isShort = (answer: BudgetGrant) => !answer.granted || (answer.budgetCount > 0 && (answer.grantedMicros < Math.ceil(worstMicros) || answer.grantedTokens < Math.ceil(worstTokens)));
    const retiredLeases = isShort(grant) && this.#leases.retireTenant(context.tenantId);
    if (isShort(grant) && (retiredLeases || this.#settlements.pending > 0)) {
      // Calls that already ended may still hold their worst case until their batched settlement is
      // written (an agent's next call often starts within that moment), and this process's leases
      // hold money for calls to come: write and release them, then ask again, rather than refuse
      // or clamp against money that is no longer needed.
      if (grant.granted) await settleBudgetReservations(this.pool, [{ reservationId, actualMicros: 0, actualTokens: 0 }]);
      await this.#settlements.drain();
      reservationId = createId();
      grant = await ask(reservationId);
    }
    if (!grant.granted) {
      throw new AppError('BUDGET_EXCEEDED', `The ${grant.refusedScope} budget cannot pay for this call (${describeLeft(grant.availableMicros, grant.availableTokens)} left).`, {
        budgetId: grant.refusedBy,
        scope: grant.refusedScope,
        availableMicros: grant.availableMicros,
        availableTokens: grant.availableTokens,
      });
    }
    if (!isShort(grant)) this.#leases.afterGrant(context, grant, worstMicros, worstTokens);
    if (grant.budgetCount === 0) return { reservationId: undefined, maxOutputTokens: maxOutput };
    const affordableByMoney = outputMicrosPerToken > 0 ? Math.floor((grant.grantedMicros - promptMicros) / outputMicrosPerToken) : maxOutput;
    const affordableByTokens = grant.grantedTokens - promptTokens;
    return { reservationId, maxOutputTokens: Math.max(minimumOutput, Math.min(maxOutput, affordableByMoney, affordableByTokens)) };
  }

  /** Charges what the call really cost (null: unknown price) and releases the rest; batched, exactly once. */
  settle(hold: BudgetHold, context: GatewayCallContext, actualMicros: number | null, actualTokens: number): void {
    if (hold.carve) this.#leases.finish(hold.carve, actualMicros, actualTokens);
    if (hold.reservationId === undefined) return;
    this.#settlements.add({ reservationId: hold.reservationId, actualMicros, actualTokens, context });
  }

  /** Ends every lease (settled now, or when its last call finishes) and writes every settlement so far. */
  async drain(): Promise<void> {
    await this.#leases.retireAll();
    await this.#settlements.drain();
  }
}

function describeLeft(micros: number | null, tokens: number | null): string {
  const parts = [micros === null ? undefined : `$${(micros / 1_000_000).toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}`, tokens === null ? undefined : `${tokens} tokens`].filter(Boolean);
  return parts.join(' and ') || 'nothing';
}
