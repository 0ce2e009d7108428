import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/gateway/create-gateway.js';
import type { LanguageModelStreamPart } from '../../src/gateway/language-model.js';
import { createBuiltinModel } from '../../src/gateway/providers/builtin/create-builtin-model.js';
import { createOpenAiModel } from '../../src/gateway/providers/openai/create-openai-model.js';
import { saveBudget } from '../../src/store/budgets/save-budget.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import type { MockProviderServer } from '../../src/testing/mock-providers/mock-provider-scenario.js';
import { startOpenAiMockServer } from '../../src/testing/mock-providers/openai-mock-server.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';

const silentLogger = createTestLogger();

const tenantId = '00000000-0000-0000-0000-000000000001';

interface LedgerRow {
  call_id: string;
  attempt: number;
  provider: string;
  model: string;
  status: string;
  error_kind: string | null;
  is_fallback: boolean;
  previous_provider: string | null;
  cost_micros: number | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  streamed: boolean;
}

describe('LLM gateway', () => {
  let database: TestDatabase;
  let mock: MockProviderServer;
  let gateway: Gateway;

  beforeAll(async () => {
    database = await createTestDatabase();
    mock = await startOpenAiMockServer();
    gateway = createGateway({ pool: database.pool, logger: silentLogger, options: { retryBaseDelayMs: 5, breakerFailureThreshold: 100 } });
  });
  afterAll(async () => {
    await gateway?.drain();
    await mock?.close();
    await database?.drop();
  });

  const openai = () => createOpenAiModel({ modelId: 'gpt-4o-mini', baseUrl: mock.baseUrl, apiKey: 'sk-test-0123456789abcdefghij', timeoutMs: 2_000 });
  const ask = { messages: [{ role: 'user' as const, content: 'Classify this transaction.' }], maxOutputTokens: 100 };

  async function ledgerOf(callFilter: string, values: unknown[]): Promise<LedgerRow[]> {
    await gateway.drain();
    const { rows } = await database.pool.query<LedgerRow>(`SELECT * FROM llm_calls WHERE ${callFilter} ORDER BY ended_at, attempt`, values);
    return rows;
  }

  it('records one priced ledger row for a successful call, cached tokens counted once', async () => {
    mock.enqueue({ kind: 'reply', text: 'legitimate', usage: { inputTokens: 200, cacheReadTokens: 1000, outputTokens: 10 } });
    const result = await gateway.bind({ tenantId, agent: 'classifier' }, [openai()]).doGenerate(ask);
    expect(result.text).toBe('legitimate');
    const rows = await ledgerOf(`agent = 'classifier'`, []);
    expect(rows).toHaveLength(1);
    // gpt-4o-mini: $0.15 input, $0.075 cached, $0.60 output per million → 30 + 75 + 6 µ$.
    expect(rows[0]).toMatchObject({ status: 'succeeded', attempt: 1, is_fallback: false, input_tokens: 200, cache_read_tokens: 1000, output_tokens: 10, cost_micros: 111 });
  });

  it('retries a 500, then fails over to the next provider; the ledger shows every attempt', async () => {
    mock.enqueue({ kind: 'error', status: 500, message: 'boom' }, { kind: 'error', status: 500, message: 'boom' }, { kind: 'error', status: 500, message: 'boom' });
    const result = await gateway.bind({ tenantId, agent: 'failover' }, [openai(), createBuiltinModel()]).doGenerate(ask);
    expect(result.text).toContain('built-in model');
    const rows = await ledgerOf(`agent = 'failover'`, []);
    expect(rows.map((row) => [row.provider, row.attempt, row.status, row.is_fallback, row.previous_provider])).toEqual([
      ['openai', 1, 'failed', false, null],
      ['openai', 2, 'failed', false, null],
      ['openai', 3, 'failed', false, null],
      ['builtin', 4, 'succeeded', true, 'openai'],
    ]);
    expect(new Set(rows.map((row) => row.call_id)).size).toBe(1);
  });

  it('opens the breaker after consecutive failures, serves from the next provider, then closes after one half-open probe', async () => {
    const isolated = createGateway({ pool: database.pool, logger: silentLogger, options: { maxRetries: 0, breakerFailureThreshold: 2, breakerHalfOpenAfterMs: 300 } });
    const chain = [openai(), createBuiltinModel()];
    mock.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    await isolated.bind({ tenantId, agent: 'breaker' }, chain).doGenerate(ask);
    await isolated.bind({ tenantId, agent: 'breaker' }, chain).doGenerate(ask);
    expect(isolated.breakers().find((breaker) => breaker.provider === 'openai')?.state).toBe('open');
    const before = mock.requests.length;
    await isolated.bind({ tenantId, agent: 'breaker' }, chain).doGenerate(ask);
    expect(mock.requests.length).toBe(before); // open: not even tried
    await new Promise((resolve) => setTimeout(resolve, 350));
    mock.enqueue({ kind: 'reply', text: 'recovered', partDelayMs: 0 });
    const probe = await isolated.bind({ tenantId, agent: 'breaker' }, chain).doGenerate(ask);
    expect(probe.text).toBe('recovered');
    expect(isolated.breakers().find((breaker) => breaker.provider === 'openai')?.state).toBe('closed');
    await isolated.drain();
  });

  it('clamps max_tokens to what the budget can still pay, and refuses with BUDGET_EXCEEDED (402) below a minimal answer', async () => {
    const runLike = 'budget-test-workflow';
    // gpt-4o-mini output: 0.6 µ$ per token. A budget of 40 µ$ leaves room for the prompt and a few dozen tokens.
    await saveBudget(database.pool, { tenantId, scope: 'workflow', scopeId: runLike, period: 'total', limitMicros: 40 });
    mock.enqueue({ kind: 'reply', text: 'short', usage: { inputTokens: 10, outputTokens: 5 } });
    await gateway.bind({ tenantId, workflow: runLike, agent: 'budgeted' }, [openai()]).doGenerate({ ...ask, maxOutputTokens: 1_000 });
    const sent = mock.requests.at(-1)?.body as { max_completion_tokens: number };
    expect(sent.max_completion_tokens).toBeLessThan(1_000);
    expect(sent.max_completion_tokens).toBeGreaterThanOrEqual(16);

    await saveBudget(database.pool, { tenantId, scope: 'workflow', scopeId: runLike, period: 'total', limitMicros: 5 });
    const refusal = await gateway
      .bind({ tenantId, workflow: runLike, agent: 'budgeted' }, [openai()])
      .doGenerate(ask)
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'BUDGET_EXCEEDED', status: 402 });
    await gateway.drain();
    const { rows } = await database.pool.query<{ spent: string; reserved: string; ledger: string }>(
      `SELECT w.spent_micros AS spent, w.reserved_micros AS reserved,
              (SELECT sum(cost_micros) FROM llm_calls WHERE agent = 'budgeted') AS ledger
       FROM budget_windows w JOIN budgets b ON b.id = w.budget_id WHERE b.scope_id = $1`,
      [runLike],
    );
    expect(Number(rows[0]?.reserved)).toBe(0);
    expect(Number(rows[0]?.spent)).toBe(Number(rows[0]?.ledger));
    expect(Number(rows[0]?.spent)).toBeGreaterThan(0);
  });

  it('streams through the gateway; a stream cut after its first part is an error to the caller, recorded as failed, with no failover', async () => {
    mock.enqueue({ kind: 'cut', afterParts: 2, text: 'The stream is cut in the middle of this sentence.' });
    const stream = await gateway.bind({ tenantId, agent: 'streamer' }, [openai(), createBuiltinModel()]).doStream(ask);
    const parts: LanguageModelStreamPart[] = [];
    const failure = await (async () => {
      for await (const part of stream) parts.push(part);
    })().catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', details: { provider: 'openai', kind: 'stream_cut' } });
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    const rows = await ledgerOf(`agent = 'streamer'`, []);
    expect(rows.map((row) => [row.provider, row.status, row.error_kind, row.streamed])).toEqual([['openai', 'failed', 'stream_cut', true]]);
  });

  it('fails a stream over when it fails before its first part', async () => {
    mock.enqueue({ kind: 'error', status: 503 }, { kind: 'error', status: 503 }, { kind: 'error', status: 503 });
    const stream = await gateway.bind({ tenantId, agent: 'stream-failover' }, [openai(), createBuiltinModel()]).doStream(ask);
    const parts: LanguageModelStreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts.at(-1)?.type).toBe('finish');
    const rows = await ledgerOf(`agent = 'stream-failover'`, []);
    expect(rows.map((row) => [row.provider, row.status])).toEqual([
      ['openai', 'failed'],
      ['openai', 'failed'],
      ['openai', 'failed'],
      ['builtin', 'succeeded'],
    ]);
  });
});
