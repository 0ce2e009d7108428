import type pg from 'pg';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../core/app-error.js';
import { computeRetryDelayMs } from '../core/retry-backoff.js';
import { createId } from '../store/ids/create-id.js';
import { appendBudgetWarnings, type BudgetWarning } from '../store/budgets/append-budget-warnings.js';
import type { AppendedRunEvents } from '../store/llm-calls/insert-llm-calls.js';
import { BudgetKeeper, type BudgetHold } from './budget/budget-keeper.js';
import { defaultBudgetLeaseOptions } from './budget/budget-leases.js';
import { estimatePromptTokens, upperBoundPromptTokens } from './estimate-tokens.js';
import type { GatewayCallContext } from './gateway-call-context.js';
import { toGatewayError } from './gateway-errors.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { emptyUsage, type LanguageModel, type LanguageModelRequest, type LanguageModelResult, type LanguageModelStreamPart, type LanguageModelUsage } from './language-model.js';
import { LedgerWriter } from './ledger/ledger-writer.js';
import { relayStream, type AttemptOutcome, type OpenedStream } from './relay-stream.js';
import { costOfUsage, findModelPrice, priceTable as vendoredPriceTable, type PriceTable } from './pricing/price-table.js';
import { isProviderError } from './provider-error.js';
import type { LlmPolicyCheck } from './llm-policy-check.js';
import type { RateLimitGate, RateLimitPass } from './rate-limit-gate.js';
import { BreakerRegistry, ProviderUnavailableError, type BreakerSnapshot } from './resilience/breaker-registry.js';

export interface GatewayOptions {
  /** Retries of one provider before failing over to the next (on retryable errors). */
  maxRetries: number;
  retryBaseDelayMs: number;
  /** A `Retry-After` longer than this fails over at once instead of waiting. */
  maxRetryAfterMs: number;
  /** Whether a model without a price may be called (its cost is recorded as unknown). */
  allowUnpricedModels: boolean;
  defaultMaxOutputTokens: number;
  breakerFailureThreshold: number;
  breakerHalfOpenAfterMs: number;
  /** How long a budget lease carves calls (BudgetLeases); 0: every call reserves its own. */
  budgetLeaseMs: number;
}

export const defaultGatewayOptions: GatewayOptions = {
  maxRetries: 2,
  retryBaseDelayMs: 250,
  maxRetryAfterMs: 20_000,
  allowUnpricedModels: false,
  defaultMaxOutputTokens: 4_096,
  breakerFailureThreshold: 5,
  breakerHalfOpenAfterMs: 30_000,
  budgetLeaseMs: defaultBudgetLeaseOptions.leaseMs,
};

export interface GatewayDependencies {
  pool: pg.Pool;
  logger: Logger;
  rateLimits?: RateLimitGate;
  priceTable?: PriceTable;
  /** Runs whose event logs grew (`llm-call`, `budget-warning`): the caller announces them to live streams. */
  onRunEvents?: (appended: AppendedRunEvents) => void;
  options?: Partial<GatewayOptions>;
  metrics?: GatewayMetrics;
  /** `llm.before` policies, asked once per call before its rate limit and budget. */
  policyCheck?: LlmPolicyCheck | undefined;
}

/** The LLM gateway of one process: every model call of Agent Bus goes through `bind(…)`. */
export interface Gateway {
  /** A model that calls `chain` in failover order under the context's budgets, limits and ledger. */
  bind(context: GatewayCallContext, chain: readonly LanguageModel[]): LanguageModel;
  breakers(): BreakerSnapshot[];
  /** Waits until every ledger row and budget settlement so far is written. */
  drain(): Promise<void>;
}

/** What one attempt is, for its ledger row. */
interface AttemptInfo {
  callId: string;
  attempt: number;
  isFallback: boolean;
  previousProvider: string | null;
  streamed: boolean;
}

/**
 * Composes the gateway's wrappers in one place, outermost first: rate limit (once per call) →
 * failover down the chain → retries with backoff and jitter honouring Retry-After → circuit
 * breaker per provider and model → budget reservation per attempt (clamping max_tokens) → the
 * provider, with one ledger row per attempt and the budget settled to actual usage after it.
 * A stream fails over or retries only until its first part reached the caller; after that a cut or
 * stall is thrown to the caller as an error, never ended as a short success.
 */
export function createGateway(dependencies: GatewayDependencies): Gateway {
  const { pool, logger } = dependencies;
  const options = { ...defaultGatewayOptions, ...dependencies.options };
  const table = dependencies.priceTable ?? vendoredPriceTable;
  const onRunEvents = dependencies.onRunEvents ?? (() => undefined);
  const breakers = new BreakerRegistry({ failureThreshold: options.breakerFailureThreshold, halfOpenAfterMs: options.breakerHalfOpenAfterMs }, (snapshot) =>
    logger.warn({ provider: snapshot.provider, model: snapshot.model, state: snapshot.state }, 'circuit breaker changed state'),
  );
  const ledger = new LedgerWriter(pool, onRunEvents, (error, lost) => logger.error({ error: (error as Error).message, rows: lost }, 'writing the LLM call ledger failed'));
  const budgets = new BudgetKeeper(
    pool,
    { defaultMaxOutputTokens: options.defaultMaxOutputTokens, minimumOutputTokens: 16, reservationTtlSeconds: 900, settlementLingerMs: 5, leases: { ...defaultBudgetLeaseOptions, leaseMs: options.budgetLeaseMs } },
    async (crossings, contexts) => {
      const warnings: BudgetWarning[] = [];
      for (const crossing of crossings) {
        logger.warn({ budget_id: crossing.budgetId, scope: crossing.scope, spent_micros: crossing.spentMicros, limit_micros: crossing.limitMicros }, 'budget passed its soft threshold');
        const runId = contexts.get(crossing.reservationId)?.runId;
        if (runId === undefined) continue;
        const { reservationId, scope, periodStart, ...figures } = crossing;
        void reservationId;
        warnings.push({ runId, data: { ...figures, scope: scope as BudgetWarning['data']['scope'], periodStart: periodStart.toISOString() } });
      }
      // The settlement is committed: a failed append must not make the batch writer settle again.
      await appendBudgetWarnings(pool, warnings).then(onRunEvents, (error: unknown) => logger.error({ error: (error as Error).message }, 'appending budget-warning events failed'));
    },
    (error) => logger.error({ error: (error as Error).message }, 'settling budget reservations failed; the sweeper releases them at expiry'),
  );

  function record(context: GatewayCallContext, model: LanguageModel, info: AttemptInfo, outcome: AttemptOutcome & { startedAt: Date; latencyMs: number; timeToFirstTokenMs: number | null }): number | null {
    const price = findModelPrice(table, model.pricedAs ?? model.provider, model.modelId);
    const costMicros = price ? costOfUsage(price, outcome.usage) : null;
    const error = outcome.error;
    ledger.record({
      id: createId(),
      tenantId: context.tenantId,
      projectId: context.projectId ?? null,
      runId: context.runId ?? null,
      stepId: context.stepId ?? null,
      agent: context.agent ?? null,
      userId: context.userId ?? null,
      callId: info.callId,
      attempt: info.attempt,
      provider: model.provider,
      model: model.modelId,
      responseModel: outcome.responseModelId ?? null,
      streamed: info.streamed,
      status: outcome.status,
      errorKind: error === undefined ? null : isProviderError(error) ? error.kind : isAppError(error) ? error.code : 'error',
      errorMessage: error === undefined ? null : (error as Error).message.slice(0, 500),
      ...outcome.usage,
      costMicros,
      priceVersion: table.version,
      latencyMs: outcome.latencyMs,
      timeToFirstTokenMs: outcome.timeToFirstTokenMs,
      isFallback: info.isFallback,
      previousProvider: info.previousProvider,
      providerRequestId: outcome.providerRequestId ?? null,
      startedAt: outcome.startedAt,
      endedAt: new Date(),
    });
    dependencies.metrics?.recordAttempt({ provider: model.provider, model: model.modelId, status: outcome.status, ...outcome.usage, costMicros, latencyMs: outcome.latencyMs });
    context.onAttempt?.({ attempt: info.attempt, provider: model.provider, model: model.modelId, status: outcome.status, costMicros, isFallback: info.isFallback, latencyMs: outcome.latencyMs });
    return costMicros;
  }

  async function hold(context: GatewayCallContext, model: LanguageModel, request: LanguageModelRequest): Promise<BudgetHold> {
    const price = findModelPrice(table, model.pricedAs ?? model.provider, model.modelId);
    if (!price && !options.allowUnpricedModels) {
      throw new AppError('POLICY_DENIED', `${model.provider}/${model.modelId} has no price in the price table (version ${table.version}), and unpriced models are not allowed (AGENTBUS_ALLOW_UNPRICED_MODELS).`, { reason: 'unpriced_model', provider: model.provider, model: model.modelId });
    }
    return budgets.reserve(context, price, upperBoundPromptTokens(request), request.maxOutputTokens);
  }

  /** The first attempt's reservation, asked for before it is needed; later attempts reserve their own. */
  function prefetchHold(context: GatewayCallContext, model: LanguageModel | undefined, request: LanguageModelRequest): HoldPrefetch {
    let prefetched = model ? hold(context, model, request) : undefined;
    prefetched?.catch(() => undefined);
    return {
      take(attemptModel) {
        if (prefetched === undefined || attemptModel !== model) return hold(context, attemptModel, request);
        const taken = prefetched;
        prefetched = undefined;
        return taken;
      },
      release() {
        if (prefetched === undefined) return;
        const unused = prefetched;
        prefetched = undefined;
        void unused.then((budgetHold) => settle(context, budgetHold, 0, emptyUsage), () => undefined);
      },
    };
  }

  const tokensOf = (usage: LanguageModelUsage) => usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;

  function settle(context: GatewayCallContext, budgetHold: BudgetHold, costMicros: number | null, usage: LanguageModelUsage): void {
    budgets.settle(budgetHold, context, costMicros, tokensOf(usage));
  }

  /** Runs `attempt` down the chain with retries; `attempt` records its own ledger row. */
  async function callWithFailover<T>(context: GatewayCallContext, chain: readonly LanguageModel[], request: LanguageModelRequest, streamed: boolean, attempt: (model: LanguageModel, info: AttemptInfo) => Promise<T>): Promise<T> {
    if (chain.length === 0) throw new AppError('UPSTREAM_UNAVAILABLE', 'No model is configured for this call.');
    const callId = createId();
    let attemptNumber = 0;
    let previousProvider: string | null = null;
    let lastError: unknown;
    for (const [index, model] of chain.entries()) {
      for (let retry = 0; retry <= options.maxRetries; retry += 1) {
        request.signal?.throwIfAborted();
        try {
          attemptNumber += 1;
          return await attempt(model, { callId, attempt: attemptNumber, isFallback: index > 0, previousProvider, streamed });
        } catch (error) {
          lastError = error;
          if (error instanceof ProviderUnavailableError) {
            attemptNumber -= 1; // the breaker refused before any request: no attempt was made
            break;
          }
          if (!isProviderError(error)) throw error; // budgets, policies, the caller's abort
          if (error.kind === 'aborted') throw toGatewayError(error);
          if (!error.retryable) {
            // A misconfigured provider, or one answering garbage, is down for us: fail over.
            if (error.kind === 'authentication' || error.kind === 'invalid_response') break;
            throw toGatewayError(error);
          }
          if (retry === options.maxRetries) break;
          const delayMs = error.retryAfterMs ?? computeRetryDelayMs(retry + 1, { baseDelayMs: options.retryBaseDelayMs, maxDelayMs: 8_000 });
          if (delayMs > options.maxRetryAfterMs) break;
          await sleep(delayMs, request.signal);
        }
      }
      previousProvider = model.provider;
    }
    throw toGatewayError(lastError);
  }

  return {
    breakers: () => breakers.snapshots(),
    async drain() {
      await Promise.all([ledger.drain(), budgets.drain()]);
    },
    bind(context, chain) {
      const first = chain[0];
      return {
        provider: first?.provider ?? 'none',
        modelId: first?.modelId ?? 'none',

        async doGenerate(request) {
          await checkPolicies(request, false);
          const { pass, holds } = await admitAndHold(request);
          let result: LanguageModelResult | undefined;
          try {
            result = await callWithFailover(context, chain, request, false, async (model, info) => {
              const budgetHold = await holds.take(model);
              const startedAt = new Date();
              const started = performance.now();
              try {
                const answer = await breakers.execute(model.provider, model.modelId, () => model.doGenerate({ ...request, maxOutputTokens: budgetHold.maxOutputTokens }));
                const latencyMs = performance.now() - started;
                const cost = record(context, model, info, { status: 'succeeded', usage: answer.usage, responseModelId: answer.responseModelId, providerRequestId: answer.providerRequestId, startedAt, latencyMs, timeToFirstTokenMs: null });
                settle(context, budgetHold, cost, answer.usage);
                return answer;
              } catch (error) {
                if (!(error instanceof ProviderUnavailableError)) {
                  // A failed request is billed for nothing we know of; an aborted one may have used its prompt.
                  const status = isProviderError(error) && error.kind === 'aborted' ? 'aborted' : 'failed';
                  record(context, model, info, { status, usage: emptyUsage, error, startedAt, latencyMs: performance.now() - started, timeToFirstTokenMs: null, providerRequestId: isProviderError(error) ? error.providerRequestId : undefined });
                }
                settle(context, budgetHold, 0, emptyUsage);
                throw error;
              }
            });
            return result;
          } finally {
            holds.release();
            pass?.settle(result ? tokensOf(result.usage) : 0);
          }
        },

        async doStream(request) {
          await checkPolicies(request, true);
          const { pass, holds } = await admitAndHold(request);
          let opened: OpenedStream;
          try {
            opened = await callWithFailover(context, chain, request, true, (model, info) => openStream(model, info, request, holds));
          } catch (error) {
            pass?.settle(0);
            throw error;
          } finally {
            holds.release();
          }
          return relayStream(opened, (usage) => pass?.settle(tokensOf(usage)));
        },
      };

      /** `llm.before`: a deny (or a require_approval, which a model call cannot wait for) ends the call before it costs anything. */
      async function checkPolicies(request: LanguageModelRequest, streamed: boolean): Promise<void> {
        if (!dependencies.policyCheck || !first) return;
        const verdict = await dependencies.policyCheck({ context, model: first, request, price: findModelPrice(table, first.pricedAs ?? first.provider, first.modelId), streamed });
        if (verdict.effect === 'allow') return;
        const named = verdict.policy ? `Policy "${verdict.policy.name}"` : 'A policy';
        const message =
          verdict.effect === 'deny'
            ? `${named} denied this LLM call: ${verdict.reason}`
            : `${named} requires an approval for this LLM call, and a model call cannot wait for one (put the gate on the step with a step.before policy): ${verdict.reason}`;
        throw new AppError('POLICY_DENIED', message, { phase: 'llm.before', ...(verdict.policy ? { policyId: verdict.policy.id, policyName: verdict.policy.name } : {}) });
      }

      /**
       * The rate limit and the first model's budget reservation, asked at once: two round trips
       * in parallel instead of one after the other. When the rate limit refuses, the reservation
       * it overlapped is released unused.
       */
      async function admitAndHold(request: LanguageModelRequest): Promise<{ pass: RateLimitPass | undefined; holds: HoldPrefetch }> {
        const holds = prefetchHold(context, first, request);
        try {
          return { pass: await admit(context, request), holds };
        } catch (error) {
          holds.release();
          throw error;
        }
      }

      /**
       * Opens a stream and reads its first part: until then a failure may still be retried or
       * failed over, because nothing has reached the caller.
       */
      async function openStream(model: LanguageModel, info: AttemptInfo, request: LanguageModelRequest, holds: HoldPrefetch): Promise<OpenedStream> {
        const budgetHold = await holds.take(model);
        const startedAt = new Date();
        const started = performance.now();
        // Settled by `finish` when the stream ends (also when the breaker's work failed before awaiting it).
        const breakerOutcome = deferred();
        let iterator: AsyncIterator<LanguageModelStreamPart> | undefined;
        const opening = deferred();
        // The breaker sees the whole stream as one call: a cut or stall mid-way counts as a failure.
        const breakerCall = breakers.execute(model.provider, model.modelId, async () => {
          iterator = (await model.doStream({ ...request, maxOutputTokens: budgetHold.maxOutputTokens }))[Symbol.asyncIterator]();
          opening.resolve();
          await breakerOutcome.promise;
        });
        breakerCall.catch((error: unknown) => opening.reject(error));
        const finish = (outcome: AttemptOutcome & { firstPartAt: number | null }) => {
          const cost = record(context, model, info, { ...outcome, startedAt, latencyMs: performance.now() - started, timeToFirstTokenMs: outcome.firstPartAt === null ? null : outcome.firstPartAt - started });
          settle(context, budgetHold, cost, outcome.usage);
          if (outcome.status === 'failed') breakerOutcome.reject(outcome.error);
          else breakerOutcome.resolve();
        };
        try {
          await opening.promise;
          const first = await (iterator as AsyncIterator<LanguageModelStreamPart>).next();
          context.onStreamOpened?.({ provider: model.provider, model: model.modelId, attempt: info.attempt, latencyMs: performance.now() - started });
          return { model, iterator: iterator as AsyncIterator<LanguageModelStreamPart>, first, firstPartAt: performance.now(), promptTokens: estimatePromptTokens(request), maxOutputTokens: budgetHold.maxOutputTokens, finish, signal: request.signal };
        } catch (error) {
          if (!(error instanceof ProviderUnavailableError)) {
            const aborted = isProviderError(error) && error.kind === 'aborted';
            finish({ status: aborted ? 'aborted' : 'failed', usage: emptyUsage, error, firstPartAt: null, providerRequestId: isProviderError(error) ? error.providerRequestId : undefined });
            await breakerCall.catch(() => undefined);
          } else {
            settle(context, budgetHold, 0, emptyUsage);
          }
          throw error;
        }
      }
    },
  };

  async function admit(context: GatewayCallContext, request: LanguageModelRequest) {
    if (!dependencies.rateLimits) return undefined;
    const verdict = await dependencies.rateLimits.admit(context, estimatePromptTokens(request) + (request.maxOutputTokens ?? options.defaultMaxOutputTokens));
    if (!verdict.allowed) {
      if (verdict.retryAfterMs === null) {
        throw new AppError('REQUEST_EXCEEDS_RATE_LIMIT', `This call alone needs more than the rate limit allows (${verdict.limit}); lower max_tokens or shorten the prompt.`, { limit: verdict.limit });
      }
      throw new AppError('RATE_LIMITED', `Rate limit reached (${verdict.limit}); retry in ${Math.ceil(verdict.retryAfterMs / 1000)} s.`, { limit: verdict.limit, retryAfterMs: verdict.retryAfterMs });
    }
    return verdict.pass;
  }
}

/** A reservation made ahead of the first attempt: `take` hands it to that attempt, `release` frees it if no attempt took it. */
interface HoldPrefetch {
  take(model: LanguageModel): Promise<BudgetHold>;
  release(): void;
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
