// End-to-end: mlops-architect runs whose agents call mock OpenAI (provider A) and Anthropic
// (provider B) servers through the real gateway, with the ledger, run events and totals read back
// from PostgreSQL and the API. The mocks' default answers are not the JSON the agents ask for, so
// every agent ends on its built-in engine: what is checked is the gateway's behaviour around them.
// Budgets are in gateway-run-budgets.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/contracts/run-event.js';
import type { BreakerSnapshot } from '../../src/gateway/resilience/breaker-registry.js';
import { waitUntil } from '../../src/testing/wait-until.js';
import { startGatewayRunHarness, tenantId, type GatewayRunHarness, type LedgerRow } from './gateway-run-harness.js';

let harness: GatewayRunHarness;

beforeAll(async () => {
  harness = await startGatewayRunHarness();
});

afterAll(async () => {
  await harness?.close();
});

const breakerOf = (snapshots: BreakerSnapshot[], provider: string) => snapshots.find((snapshot) => snapshot.provider === provider);
const sum = (values: (number | null)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0);
const tokensOf = (row: LedgerRow) => row.input_tokens + row.output_tokens + row.cache_read_tokens + row.cache_write_tokens;
const reasonCardsOf = (events: RunEvent[]) => events.flatMap((event) => (event.type === 'reason-card' ? [event.data] : []));

/** The run's totals are the sums over its ledger rows (the gateway adds each row as it writes it). */
function expectTotalsMatchLedger(run: { tokens: number; costMicros: number }, rows: LedgerRow[]): void {
  expect(run.tokens).toBe(sum(rows.map(tokensOf)));
  expect(run.costMicros).toBe(sum(rows.map((row) => row.cost_micros)));
}

describe('gateway failover in runs', () => {
  it('opens the failing provider A’s breaker and lets B serve the run; A recovers through exactly one half-open probe', async () => {
    const halfOpenAfterMs = 500;
    const { llm, openai, anthropic } = await harness.useGateway({ gateway: { maxRetries: 1, breakerFailureThreshold: 4, breakerHalfOpenAfterMs: halfOpenAfterMs }, providerTimeoutMs: 800 });
    // The intake's first call: two 500s (a retry, then failover to B); its second call: two
    // timeouts, the fourth consecutive failure opening A. Probes later in the run get 500s.
    openai.enqueue({ kind: 'error', status: 500, message: 'upstream overloaded' }, { kind: 'error', status: 500, message: 'upstream overloaded' }, { kind: 'no-response' }, { kind: 'no-response' });
    openai.setFallback({ kind: 'error', status: 500, message: 'still down' });

    const run = await harness.runArchitect({ llm, openai, anthropic });
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');

    const rows = await harness.ledgerOf(run.id);
    const fromA = rows.filter((row) => row.provider === 'openai');
    const fromB = rows.filter((row) => row.provider === 'anthropic');
    expect(fromA.length + fromB.length).toBe(rows.length);
    // Every attempt reached its mock: no ledger row without a request, no request without a row.
    expect(fromA).toHaveLength(openai.requests.length);
    expect(fromB).toHaveLength(anthropic.requests.length);
    expect(fromA.every((row) => row.status === 'failed' && row.model === 'gpt-4o-mini')).toBe(true);
    expect(fromA.slice(0, 4).map((row) => [row.attempt, row.error_kind])).toEqual([
      [1, 'server_error'],
      [2, 'server_error'],
      [1, 'timeout'],
      [2, 'timeout'],
    ]);
    expect(fromA.slice(4).every((row) => row.error_kind === 'server_error')).toBe(true);
    expect(fromB.length).toBeGreaterThanOrEqual(6);
    for (const row of fromB) expect(row).toMatchObject({ status: 'succeeded', model: 'claude-haiku-4-5', is_fallback: true, previous_provider: 'openai', error_kind: null });
    expect(fromB.every((row) => row.cost_micros !== null && row.cost_micros > 0 && row.input_tokens > 0)).toBe(true);
    // The intake's first call: A, A again, then B, under one call id.
    const firstCall = rows.filter((row) => row.call_id === rows[0]?.call_id);
    expect(firstCall.map((row) => [row.provider, row.attempt, row.status])).toEqual([
      ['openai', 1, 'failed'],
      ['openai', 2, 'failed'],
      ['anthropic', 3, 'succeeded'],
    ]);
    expectTotalsMatchLedger(run, rows);
    expect(run.costMicros).toBeGreaterThan(0);

    const afterRun = llm.gateway.breakers();
    expect(breakerOf(afterRun, 'openai')).toMatchObject({ state: 'open' });
    expect(breakerOf(afterRun, 'openai')?.opened).toBeGreaterThanOrEqual(1);
    expect(breakerOf(afterRun, 'anthropic')).toMatchObject({ state: 'closed', opened: 0 });

    // A recovers. Once the breaker may let a probe through, the probe (held by A for 400 ms, within
    // A's 800 ms timeout) is the only request A gets: calls arriving while it is in flight are
    // refused and served by B.
    openai.setFallback(undefined);
    openai.enqueue({ kind: 'reply', text: 'recovered', delayMs: 400 });
    const openedAt = Date.parse(breakerOf(afterRun, 'openai')?.openedAt ?? '');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, openedAt + halfOpenAfterMs + 50 - Date.now())));
    const chain = llm.catalog.chainFor('mlops-architect', 'probe');
    const ask = { messages: [{ role: 'user' as const, content: 'Is provider A back?' }], maxOutputTokens: 50 };
    const requestsToA = openai.requests.length;
    const requestsToB = anthropic.requests.length;
    const probe = llm.gateway.bind({ tenantId, agent: 'half-open-probe' }, chain).doGenerate(ask);
    await waitUntil(async () => (openai.requests.length > requestsToA ? true : undefined), 5_000, 'the probe to reach A');
    expect(breakerOf(llm.gateway.breakers(), 'openai')?.state).toBe('half-open');
    const during = await Promise.all([1, 2, 3].map(() => llm.gateway.bind({ tenantId, agent: 'during-probe' }, chain).doGenerate(ask)));
    expect((await probe).text).toBe('recovered');
    expect(during.every((answer) => answer.text.startsWith('You said: '))).toBe(true);
    expect(openai.requests.length - requestsToA).toBe(1);
    expect(anthropic.requests.length - requestsToB).toBe(3);
    expect(breakerOf(llm.gateway.breakers(), 'openai')).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null });

    // Closed: the next call goes to A first again.
    const next = await llm.gateway.bind({ tenantId, agent: 'after-probe' }, chain).doGenerate(ask);
    expect(next.text.startsWith('You said: ')).toBe(true);
    expect(openai.requests.length - requestsToA).toBe(2);
    await llm.gateway.drain();
    const { rows: direct } = await harness.database.pool.query<LedgerRow>(`SELECT * FROM llm_calls WHERE agent IN ('half-open-probe', 'during-probe', 'after-probe') ORDER BY started_at`);
    expect(direct.map((row) => [row.agent, row.provider, row.status, row.is_fallback])).toEqual(
      expect.arrayContaining([
        ['half-open-probe', 'openai', 'succeeded', false],
        ['during-probe', 'anthropic', 'succeeded', true],
        ['after-probe', 'openai', 'succeeded', false],
      ]),
    );
    expect(direct).toHaveLength(5);
  });

  it('finishes the run on the built-in engines when every provider fails, each reason card naming the failure', async () => {
    const { llm, openai, anthropic } = await harness.useGateway({ gateway: { maxRetries: 1, breakerFailureThreshold: 3 } });
    openai.setFallback({ kind: 'error', status: 500, message: 'openai is down' });
    anthropic.setFallback({ kind: 'error', status: 401, message: 'invalid x-api-key' });

    const run = await harness.runArchitect({ llm, openai, anthropic });
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');

    const cards = reasonCardsOf(await harness.eventsOf(run.id)).filter((card) => card.inputs.model !== undefined);
    expect(cards.map((card) => card.agent).sort()).toEqual(['constraint-extraction', 'cost-critic', 'feasibility-critic', 'planner', 'policy-critic', 'rationale']);
    for (const card of cards) {
      expect(card.inputs).toMatchObject({ engine: 'builtin', model: 'openai/gpt-4o-mini' });
      // B was the last provider tried: its 401 is the failure the card names.
      expect(card.reasoning).toMatch(/Fallback: openai\/gpt-4o-mini failed \(.*Every provider failed; the last: anthropic answered HTTP 401: invalid x-api-key\); the built-in engine answered\./);
    }

    const rows = await harness.ledgerOf(run.id);
    expect(rows.every((row) => row.status === 'failed' && row.input_tokens === 0 && row.cost_micros === 0)).toBe(true);
    const fromA = rows.filter((row) => row.provider === 'openai');
    const fromB = rows.filter((row) => row.provider === 'anthropic');
    expect(fromA.length).toBeGreaterThanOrEqual(3);
    expect(fromA.every((row) => row.error_kind === 'server_error')).toBe(true);
    // A 401 is not retried (the same key fails again) and does not count against B's breaker.
    expect(fromB).toHaveLength(cards.length);
    expect(fromB.every((row) => row.error_kind === 'authentication' && row.is_fallback && row.previous_provider === 'openai')).toBe(true);
    expect(rows).toHaveLength(openai.requests.length + anthropic.requests.length);
    expectTotalsMatchLedger(run, rows);
    expect(breakerOf(llm.gateway.breakers(), 'openai')?.opened).toBeGreaterThanOrEqual(1);
    expect(breakerOf(llm.gateway.breakers(), 'anthropic')).toMatchObject({ state: 'closed', opened: 0 });
  });

  it('appends one llm-call event per attempt to the run’s log, matching the ledger', async () => {
    const { llm, openai, anthropic } = await harness.useGateway({ gateway: { maxRetries: 0 } });
    // The first call fails over from A to B; every later one is served by A.
    openai.enqueue({ kind: 'error', status: 503, message: 'try the next one' });

    const run = await harness.runArchitect({ llm, openai, anthropic });
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');

    const rows = await harness.ledgerOf(run.id);
    const events = await harness.eventsOf(run.id);
    const calls = events.flatMap((event) => (event.type === 'llm-call' ? [event.data] : []));
    expect(calls).toHaveLength(rows.length);
    expect(rows.length).toBe(openai.requests.length + anthropic.requests.length);
    const seqs = events.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((left, right) => left - right));
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const row of rows) {
      const event = calls.find((call) => call.callId === row.call_id && call.attempt === row.attempt);
      expect(event, `llm-call event of ${row.call_id}#${row.attempt}`).toMatchObject({
        stepId: row.step_id,
        agent: row.agent,
        provider: row.provider,
        model: row.model,
        status: row.status,
        errorKind: row.error_kind,
        costMicros: row.cost_micros,
        inputTokens: row.input_tokens,
        outputTokens: row.output_tokens,
        isFallback: row.is_fallback,
        previousProvider: row.previous_provider,
      });
    }
    expect(calls.slice(0, 2).map((call) => [call.provider, call.model, call.status, call.errorKind, call.isFallback])).toEqual([
      ['openai', 'gpt-4o-mini', 'failed', 'server_error', false],
      ['anthropic', 'claude-haiku-4-5', 'succeeded', null, true],
    ]);
    expect(calls.slice(2).every((call) => call.provider === 'openai' && call.status === 'succeeded' && (call.costMicros ?? 0) > 0)).toBe(true);
    expect(sum(calls.map((call) => call.costMicros))).toBe(run.costMicros);
    expectTotalsMatchLedger(run, rows);
  });
});
