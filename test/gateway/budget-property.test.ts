import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/app-error.js';
import { createGateway, type Gateway } from '../../src/gateway/create-gateway.js';
import { upperBoundPromptTokens } from '../../src/gateway/estimate-tokens.js';
import type { GatewayCallContext } from '../../src/gateway/gateway-call-context.js';
import type { LanguageModel, LanguageModelRequest, LanguageModelStreamPart, LanguageModelUsage } from '../../src/gateway/language-model.js';
import { findModelPrice, priceTable } from '../../src/gateway/pricing/price-table.js';
import { isProviderError, ProviderError, type ProviderErrorKind } from '../../src/gateway/provider-error.js';
import { saveBudget } from '../../src/store/budgets/save-budget.js';
import { settleBudgetReservations } from '../../src/store/budgets/settle-budget-reservations.js';
import { createId } from '../../src/store/ids/create-id.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';

const tenantId = '00000000-0000-0000-0000-000000000001';
const logger = createTestLogger();

/** What the scripted provider does on one attempt; shares are percentages of what the request allows. */
interface AttemptScript {
  outcome: 'succeed' | 'fail' | 'cut';
  errorKind: ProviderErrorKind;
  /** Streams: how the cut shows (a thrown `stream_cut`, or the stream ending without its finish part). */
  cutBy: 'error' | 'early-end';
  cutAfterParts: number;
  parts: number;
  delayMs: number;
  inputShare: number;
  cacheReadShare: number;
  outputShare: number;
}

/** One caller's call: the provider's attempts in order (the last repeats), and how the caller behaves. */
interface CallScript {
  streamed: boolean;
  promptCharacters: number;
  maxOutputTokens: number | undefined;
  chainLength: number;
  attempts: AttemptScript[];
  abortAfterMs: number | undefined;
  stopReadingAfterParts: number | undefined;
  /** A stream handed back unread: closed at once (`return()` before any `next()`), or left alone until the abort. */
  unread: 'close' | 'abort' | undefined;
}

/** `usual` `weight` times as often as `unusual`. */
function mostly<T>(usual: fc.Arbitrary<T>, weight: number, unusual: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight, arbitrary: usual }, { weight: 1, arbitrary: unusual });
}

const attemptArbitrary: fc.Arbitrary<AttemptScript> = fc.record({
  outcome: mostly<AttemptScript['outcome']>(fc.constant('succeed'), 3, fc.constantFrom('fail', 'cut')),
  errorKind: fc.constantFrom<ProviderErrorKind>('server_error', 'rate_limited', 'network', 'bad_request', 'authentication'),
  cutBy: fc.constantFrom('error', 'early-end'),
  cutAfterParts: fc.integer({ min: 0, max: 4 }),
  parts: fc.integer({ min: 1, max: 5 }),
  delayMs: fc.integer({ min: 0, max: 5 }),
  inputShare: fc.integer({ min: 0, max: 100 }),
  cacheReadShare: fc.integer({ min: 0, max: 100 }),
  outputShare: fc.integer({ min: 0, max: 100 }),
});

const callArbitrary: fc.Arbitrary<CallScript> = fc.record({
  streamed: fc.boolean(),
  promptCharacters: fc.integer({ min: 1, max: 600 }),
  // Mostly small answers, so several calls fit the budget at once; sometimes the 4,096-token default.
  maxOutputTokens: mostly<number | undefined>(fc.integer({ min: 1, max: 600 }), 5, fc.constant(undefined)),
  chainLength: fc.integer({ min: 1, max: 2 }),
  attempts: fc.array(attemptArbitrary, { minLength: 1, maxLength: 3 }),
  abortAfterMs: mostly<number | undefined>(fc.constant(undefined), 3, fc.integer({ min: 0, max: 20 })),
  stopReadingAfterParts: mostly<number | undefined>(fc.constant(undefined), 3, fc.integer({ min: 0, max: 4 })),
  unread: mostly<'close' | 'abort' | undefined>(fc.constant(undefined), 6, fc.constantFrom('close' as const, 'abort' as const)),
});

/** A limit spread evenly up to `max` (fast-check's bias would make most limits tiny), sometimes one too small for any call. */
const limitArbitrary = (max: number, tiny: number) => mostly(fc.noBias(fc.integer({ min: 0, max })), 4, fc.integer({ min: 0, max: tiny }));

// gpt-4o-mini costs 0.15 µ$ per input token and 0.6 µ$ per output token: a few hundred to a few
// thousand µ$ is a handful of calls, so most runs clamp max_tokens and refuse some calls.
const budgetArbitrary = fc
  .record({
    limitMicros: mostly<number | null>(limitArbitrary(5_000, 60), 4, fc.constant(null)),
    limitTokens: mostly<number | null>(fc.constant(null), 2, limitArbitrary(20_000, 400)),
  })
  .filter((limits) => limits.limitMicros !== null || limits.limitTokens !== null);

/** Waits `ms`, as a provider would, failing with `aborted` once the caller's signal fires. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  const aborted = () => new ProviderError('the caller aborted the request', { kind: 'aborted', provider: 'openai' });
  if (signal?.aborted) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Usage a real provider could report for `request`. The assumptions the budget's clamping relies
 * on: the output never exceeds the (clamped) `maxOutputTokens`, and the prompt — input, cache
 * reads and cache writes together — never exceeds `upperBoundPromptTokens`, the bound the gateway
 * reserves on (half a token per byte; ordinary text tokenizes well under it). A cut or abandoned
 * stream is charged `estimateTextTokens` of the text it produced, capped at `maxOutputTokens`.
 */
function usageFor(attempt: AttemptScript, request: LanguageModelRequest): LanguageModelUsage {
  const promptBound = upperBoundPromptTokens(request);
  const inputTokens = Math.floor((promptBound * attempt.inputShare) / 100);
  const cacheReadTokens = Math.floor(((promptBound - inputTokens) * attempt.cacheReadShare) / 100);
  const outputTokens = Math.floor(((request.maxOutputTokens ?? 0) * attempt.outputShare) / 100);
  return { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens: promptBound - inputTokens - cacheReadTokens, reasoningTokens: 0 };
}

async function* streamParts(attempt: AttemptScript, usage: LanguageModelUsage, signal: AbortSignal | undefined): AsyncGenerator<LanguageModelStreamPart> {
  // Eight characters a token: more than the gateway's estimate, which its cap must absorb.
  const partCharacters = Math.floor((usage.outputTokens * 8) / attempt.parts);
  const partsBeforeEnd = attempt.outcome === 'cut' ? Math.min(attempt.cutAfterParts, attempt.parts) : attempt.parts;
  for (let part = 0; part < partsBeforeEnd; part += 1) {
    await pause(attempt.delayMs, signal);
    yield { type: 'text-delta', text: 'x'.repeat(partCharacters) };
  }
  await pause(attempt.delayMs, signal);
  if (attempt.outcome === 'cut') {
    if (attempt.cutBy === 'error') throw new ProviderError('connection reset mid-stream', { kind: 'stream_cut', provider: 'openai' });
    return;
  }
  yield { type: 'finish', usage, finishReason: 'stop' };
}

/** An in-process gpt-4o-mini that plays the call's attempts in order, attempt by attempt across the chain. */
function createScriptedModel(script: CallScript, attemptsMade: { count: number }): LanguageModel {
  const nextAttempt = () => script.attempts[Math.min(attemptsMade.count++, script.attempts.length - 1)] as AttemptScript;
  // A generated answer cannot be cut part-way: there a cut is a connection lost before the response.
  const failure = (attempt: AttemptScript) => {
    const kind = attempt.outcome === 'cut' ? 'network' : attempt.errorKind;
    return new ProviderError(`scripted ${kind}`, { kind, provider: 'openai' });
  };
  return {
    provider: 'openai',
    modelId: 'gpt-4o-mini',
    async doGenerate(request) {
      const attempt = nextAttempt();
      await pause(attempt.delayMs, request.signal);
      if (attempt.outcome !== 'succeed') throw failure(attempt);
      const usage = usageFor(attempt, request);
      return { text: 'x'.repeat(usage.outputTokens * 4), toolCalls: [], usage, finishReason: 'stop' };
    },
    async doStream(request) {
      const attempt = nextAttempt();
      await pause(attempt.delayMs, request.signal);
      if (attempt.outcome === 'fail') throw failure(attempt);
      return streamParts(attempt, usageFor(attempt, request), request.signal);
    },
  };
}

/** Makes one call as the script says; a refusal, a provider failure or the caller's own abort is an expected outcome. */
async function makeCall(gateway: Gateway, context: GatewayCallContext, script: CallScript): Promise<void> {
  const controller = new AbortController();
  const timer = script.abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), script.abortAfterMs);
  const attemptsMade = { count: 0 };
  const chain = Array.from({ length: script.chainLength }, () => createScriptedModel(script, attemptsMade));
  const model = gateway.bind(context, chain);
  const request: LanguageModelRequest = { messages: [{ role: 'user', content: 'p'.repeat(script.promptCharacters) }], maxOutputTokens: script.maxOutputTokens, signal: controller.signal };
  try {
    if (!script.streamed) {
      await model.doGenerate(request);
      return;
    }
    const stream = await model.doStream(request);
    if (script.unread === 'close') {
      await stream[Symbol.asyncIterator]().return?.();
      return;
    }
    if (script.unread === 'abort') {
      controller.abort();
      return;
    }
    let partsRead = 0;
    for await (const _part of stream) {
      partsRead += 1;
      if (script.stopReadingAfterParts !== undefined && partsRead > script.stopReadingAfterParts) break;
    }
  } catch (error) {
    const expected = (isAppError(error) && ['BUDGET_EXCEEDED', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_RATE_LIMITED', 'VALIDATION_FAILED', 'REQUEST_ABORTED'].includes(error.code)) || isProviderError(error) || error === controller.signal.reason;
    if (!expected) throw error;
  } finally {
    clearTimeout(timer);
  }
}

interface WindowTotals {
  committedMicros: number;
  committedTokens: number;
}

/** Reads the budget's window every millisecond until stopped, keeping the highest spent plus reserved seen. */
function sampleWindow(database: TestDatabase, budgetId: string): { stop(): Promise<WindowTotals> } {
  const peak = { committedMicros: 0, committedTokens: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await database.pool.query<{ micros: string; tokens: string }>(
        'SELECT spent_micros + reserved_micros AS micros, spent_tokens + reserved_tokens AS tokens FROM budget_windows WHERE budget_id = $1',
        [budgetId],
      );
      for (const row of rows) {
        peak.committedMicros = Math.max(peak.committedMicros, Number(row.micros));
        peak.committedTokens = Math.max(peak.committedTokens, Number(row.tokens));
      }
      await sleep(1);
    }
  })();
  loop.catch(() => undefined);
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

interface BudgetState {
  spent_micros: string;
  reserved_micros: string;
  spent_tokens: string;
  reserved_tokens: string;
}

async function loadWindow(database: TestDatabase, budgetId: string): Promise<{ spentMicros: number; reservedMicros: number; spentTokens: number; reservedTokens: number }> {
  const { rows } = await database.pool.query<BudgetState>('SELECT spent_micros, reserved_micros, spent_tokens, reserved_tokens FROM budget_windows WHERE budget_id = $1', [budgetId]);
  const row = rows[0];
  return { spentMicros: Number(row?.spent_micros ?? 0), reservedMicros: Number(row?.reserved_micros ?? 0), spentTokens: Number(row?.spent_tokens ?? 0), reservedTokens: Number(row?.reserved_tokens ?? 0) };
}

/** Asserts `committed` stays inside whichever limits the budget sets. */
function expectWithinLimits(committed: WindowTotals, limits: { limitMicros: number | null; limitTokens: number | null }, where: string): void {
  if (limits.limitMicros !== null) expect(committed.committedMicros, `${where}: spent + reserved µ$`).toBeLessThanOrEqual(limits.limitMicros);
  if (limits.limitTokens !== null) expect(committed.committedTokens, `${where}: spent + reserved tokens`).toBeLessThanOrEqual(limits.limitTokens);
}

describe('the gateway budget under concurrent calls', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(12);
    // Outside observers sample the window between statements and can miss a short-lived state; these
    // triggers see every row version the budget functions write and every reservation they make.
    await database.pool.query(`
      CREATE TABLE property_window_states (budget_id uuid NOT NULL, committed_micros bigint NOT NULL, committed_tokens bigint NOT NULL);
      CREATE TABLE property_reservations (id uuid PRIMARY KEY, budget_ids uuid[] NOT NULL);
      CREATE FUNCTION property_record_window_state() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO property_window_states VALUES (NEW.budget_id, NEW.spent_micros + NEW.reserved_micros, NEW.spent_tokens + NEW.reserved_tokens);
        RETURN NULL;
      END $$;
      CREATE FUNCTION property_record_reservation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO property_reservations VALUES (NEW.id, NEW.budget_ids);
        RETURN NULL;
      END $$;
      CREATE TRIGGER property_window_states AFTER INSERT OR UPDATE ON budget_windows FOR EACH ROW EXECUTE FUNCTION property_record_window_state();
      CREATE TRIGGER property_reservations AFTER INSERT ON budget_reservations FOR EACH ROW EXECUTE FUNCTION property_record_reservation();
    `);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('prices the scripted model, so every call reserves money', () => {
    expect(findModelPrice(priceTable, 'openai', 'gpt-4o-mini')).toBeDefined();
  });

  /**
   * Runs `waves` of concurrent calls (each wave after the previous one ended) against a fresh
   * budget and checks the invariants; returns the attempts made and the reservations written.
   */
  async function checkBudget(limits: { limitMicros: number | null; limitTokens: number | null }, waves: CallScript[][], budgetLeaseMs: number): Promise<{ attempts: number; reservations: number }> {
    const workflow = `budget-property-${createId()}`;
    const budgetId = await saveBudget(database.pool, { tenantId, scope: 'workflow', scopeId: workflow, period: 'total', ...limits });
    const gateway = createGateway({ pool: database.pool, logger, options: { retryBaseDelayMs: 1, breakerFailureThreshold: 1_000_000, budgetLeaseMs } });
    const context: GatewayCallContext = { tenantId, workflow, agent: workflow };

    const sampler = sampleWindow(database, budgetId);
    let sampled: WindowTotals;
    try {
      for (const wave of waves) await Promise.all(wave.map((call) => makeCall(gateway, context, call)));
      await gateway.drain();
    } finally {
      sampled = await sampler.stop();
    }
    expectWithinLimits(sampled, limits, 'sampled while calls ran');

    const { rows: states } = await database.pool.query<{ micros: string | null; tokens: string | null }>(
      'SELECT max(committed_micros) AS micros, max(committed_tokens) AS tokens FROM property_window_states WHERE budget_id = $1',
      [budgetId],
    );
    expectWithinLimits({ committedMicros: Number(states[0]?.micros ?? 0), committedTokens: Number(states[0]?.tokens ?? 0) }, limits, 'every window state written');

    const window = await loadWindow(database, budgetId);
    expect(window.reservedMicros).toBe(0);
    expect(window.reservedTokens).toBe(0);
    expectWithinLimits({ committedMicros: window.spentMicros, committedTokens: window.spentTokens }, limits, 'after the calls');
    const { rows: unsettled } = await database.pool.query('SELECT id FROM budget_reservations WHERE $1 = ANY(budget_ids)', [budgetId]);
    expect(unsettled).toEqual([]);

    const { rows: ledger } = await database.pool.query<{ attempts: string; unpriced: string; cost: string | null; tokens: string | null }>(
      `SELECT count(*) AS attempts, count(*) FILTER (WHERE cost_micros IS NULL) AS unpriced, sum(cost_micros) AS cost,
              sum(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens) AS tokens
       FROM llm_calls WHERE agent = $1`,
      [workflow],
    );
    const { rows: reservations } = await database.pool.query<{ id: string }>('SELECT id FROM property_reservations WHERE $1 = ANY(budget_ids)', [budgetId]);
    expect(Number(ledger[0]?.unpriced)).toBe(0);
    // The spend equals the ledger's sum: reservations released unused (asked again after earlier
    // settlements were written, made ahead of a call that never made an attempt, leases) charged nothing.
    expect(window.spentMicros).toBe(Number(ledger[0]?.cost ?? 0));
    expect(window.spentTokens).toBe(Number(ledger[0]?.tokens ?? 0));

    // Settling the same reservations again must charge nothing: each settles exactly once.
    await settleBudgetReservations(
      database.pool,
      reservations.map((reservation) => ({ reservationId: reservation.id, actualMicros: 1_000_000, actualTokens: 1_000_000 })),
    );
    expect(await loadWindow(database, budgetId)).toEqual(window);
    return { attempts: Number(ledger[0]?.attempts), reservations: reservations.length };
  }

  it('keeps spent plus reserved within a hard limit under N concurrent calls with random usage, aborts and failures; settles every reservation exactly once; the ledger sums to the spend', async () => {
    await fc.assert(
      fc.asyncProperty(budgetArbitrary, fc.array(callArbitrary, { minLength: 5, maxLength: 30 }), async (limits, calls) => {
        const { attempts, reservations } = await checkBudget(limits, [calls], 0);
        // Without leases: one reservation per attempt (no breaker opens here), plus the ones released unused.
        expect(reservations).toBeGreaterThanOrEqual(attempts);
      }),
      { numRuns: 40 },
    );
  });

  it('holds the same with budget leases: waves of calls carving from leases that end, are renewed and settle while calls are in flight', async () => {
    // Limits from a few calls' worth to hundreds, so that some runs lease and some are too tight to.
    const roomyBudget = fc
      .record({ limitMicros: mostly<number | null>(limitArbitrary(40_000, 2_000), 4, fc.constant(null)), limitTokens: mostly<number | null>(fc.constant(null), 2, limitArbitrary(80_000, 4_000)) })
      .filter((limits) => limits.limitMicros !== null || limits.limitTokens !== null);
    await fc.assert(
      fc.asyncProperty(roomyBudget, fc.array(fc.array(callArbitrary, { minLength: 1, maxLength: 10 }), { minLength: 2, maxLength: 5 }), async (limits, waves) => {
        await checkBudget(limits, waves, 15);
      }),
      { numRuns: 30 },
    );
  });

  it('carries calls on leases when the budget has room: far fewer reservations than attempts', async () => {
    const succeeding: AttemptScript = { outcome: 'succeed', errorKind: 'server_error', cutBy: 'error', cutAfterParts: 0, parts: 2, delayMs: 1, inputShare: 50, cacheReadShare: 0, outputShare: 50 };
    const call = (streamed: boolean): CallScript => ({ streamed, promptCharacters: 200, maxOutputTokens: 50, chainLength: 1, attempts: [succeeding], abortAfterMs: undefined, stopReadingAfterParts: undefined, unread: undefined });
    const waves = Array.from({ length: 6 }, (_, wave) => Array.from({ length: 10 }, (_, index) => call((wave + index) % 2 === 0)));
    const { attempts, reservations } = await checkBudget({ limitMicros: 10_000_000, limitTokens: null }, waves, 200);
    expect(attempts).toBe(60);
    // The first wave reserves call by call; the later ones carve from a lease or two.
    expect(reservations).toBeLessThan(attempts / 2);
  });
});
