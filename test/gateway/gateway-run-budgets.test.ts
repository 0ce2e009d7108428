// End-to-end: budgets on mlops-architect runs whose agents call a mock OpenAI server (provider A,
// Anthropic behind it) through the real gateway. A hard limit ends the run as budget_exceeded
// without any agent hiding the refusal behind its built-in engine; a soft threshold warns once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/contracts/run-event.js';
import { saveBudget } from '../../src/store/budgets/save-budget.js';
import { startGatewayRunHarness, tenantId, type GatewayRunHarness } from './gateway-run-harness.js';

let harness: GatewayRunHarness;

beforeAll(async () => {
  harness = await startGatewayRunHarness();
});

afterAll(async () => {
  await harness?.close();
});

// Budgets on the workflow apply to every later run of it: each test removes its own.
afterEach(async () => {
  await harness.database.pool.query(`DELETE FROM budgets WHERE scope = 'workflow' AND scope_id = 'mlops-architect'`);
});

interface BudgetWindow {
  spent_micros: string;
  reserved_micros: string;
  soft_warned_at: Date | null;
}

async function windowOf(budgetId: string): Promise<BudgetWindow | undefined> {
  const { rows } = await harness.database.pool.query<BudgetWindow>('SELECT spent_micros, reserved_micros, soft_warned_at FROM budget_windows WHERE budget_id = $1', [budgetId]);
  return rows[0];
}

const warningsOf = (events: RunEvent[]) => events.flatMap((event) => (event.type === 'budget-warning' ? [event.data] : []));

const cardsOf = (events: RunEvent[]) => events.flatMap((event) => (event.type === 'reason-card' ? [event.data] : []));
// How an agent's card says the model failed because the budget refused (its fallback reason).
const fellBackOnBudget = /Fallback: .*(BUDGET_EXCEEDED|budget cannot pay)/;

describe('budgets on runs', () => {
  it('ends the run as budget_exceeded at the hard limit, without an agent falling back to its built-in engine', async () => {
    // A call reserves its worst case (a generous upper bound of the prompt, the JSON schema
    // included, plus its output) until it settles just after it ends. 620 µ$ pay for the intake's
    // first call (at least 578 µ$ reserved for about 60 µ$ spent) but not for its correction round
    // (at least 606 µ$), whether or not the first call was settled when the second reserves.
    const limitMicros = 620;
    const budgetId = await saveBudget(harness.database.pool, { tenantId, scope: 'workflow', scopeId: 'mlops-architect', period: 'total', limitMicros });
    const gatewayUnderTest = await harness.useGateway();
    const { openai, anthropic } = gatewayUnderTest;

    const run = await harness.runArchitect(gatewayUnderTest);
    expect(run.status, JSON.stringify(run.error)).toBe('budget_exceeded');
    expect(run.error).toMatchObject({ code: 'BUDGET_EXCEEDED', details: { budgetId, scope: 'workflow' } });
    const events = await harness.eventsOf(run.id);
    const ended = events.find((event) => event.type === 'run-ended');
    expect(ended?.data).toMatchObject({ status: 'budget_exceeded', error: { code: 'BUDGET_EXCEEDED' } });

    // Calls went out until the budget could not pay for the next one: that one was never sent,
    // has no ledger row, and was not failed over to B (a spent budget is not a provider failure).
    const rows = await harness.ledgerOf(run.id);
    expect(rows.map((row) => [row.agent, row.provider, row.status])).toEqual([['intake', 'openai', 'succeeded']]);
    expect(openai.requests).toHaveLength(rows.length);
    expect(anthropic.requests).toHaveLength(0);
    expect(events.filter((event) => event.type === 'llm-call')).toHaveLength(rows.length);

    // The budget was never exceeded, and nothing stays reserved.
    const window = await windowOf(budgetId);
    expect(Number(window?.spent_micros)).toBeLessThanOrEqual(limitMicros);
    expect(Number(window?.spent_micros)).toBe(run.costMicros);
    expect(Number(window?.reserved_micros)).toBe(0);

    // The intake's first answer did not follow the schema; asking again was refused, and the agent
    // did not answer with its built-in engine instead (as it does when a model fails): its step
    // failed with the budget's error, wrote no reason card, and no node ran after it.
    const { rows: steps } = await harness.database.pool.query<{ node: string; status: string; code: string | null }>(`SELECT node, status, error->>'code' AS code FROM steps WHERE run_id = $1`, [run.id]);
    expect(steps).toEqual([{ node: 'intake', status: 'failed', code: 'BUDGET_EXCEEDED' }]);
    expect(cardsOf(events)).toEqual([]);
  });

  it('stops the other agents of a parallel step when one of them meets the hard limit: nothing is sent after the run ended', async () => {
    // The cost critic asks claude-opus-4-1, whose smallest call costs more than the budget has left
    // after the planner (about 660 µ$ spent): it is refused at once and the run ends. The other two
    // ask gpt-4o-mini, and the rest of the budget pays for the worst case of all of their calls.
    const limitMicros = 12_000;
    const budgetId = await saveBudget(harness.database.pool, { tenantId, scope: 'workflow', scopeId: 'mlops-architect', period: 'total', limitMicros });
    const gatewayUnderTest = await harness.useGateway({ agentChains: { cost_critic: ['anthropic/claude-opus-4-1'] } });
    const { openai, anthropic } = gatewayUnderTest;
    // The intake's and the planner's answers come at once; the other critics' take a moment, so
    // their first calls are still out when the cost critic is refused.
    openai.enqueue({ kind: 'reply' }, { kind: 'reply' }, { kind: 'reply' }, { kind: 'reply' });
    openai.setFallback({ kind: 'reply', delayMs: 600 });

    const run = await harness.runArchitect(gatewayUnderTest);
    expect(run.status, JSON.stringify(run.error)).toBe('budget_exceeded');
    expect(anthropic.requests).toHaveLength(0);
    const { rows: ending } = await harness.database.pool.query<{ ended_at: Date }>('SELECT ended_at FROM runs WHERE id = $1', [run.id]);
    const endedAt = ending[0]?.ended_at as Date;
    // Time for the critics' calls that were out when the run ended to come back (600 ms) and for
    // whatever the critics would do next: a waiting time, not a measured one.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await gatewayUnderTest.llm.gateway.drain();

    const { rows: late } = await harness.database.pool.query<{ agent: string }>('SELECT agent FROM llm_calls WHERE run_id = $1 AND started_at > $2', [run.id, endedAt]);
    expect(late, 'LLM calls started after the run ended').toEqual([]);
    // The intake's two, the planner's two, and at most the first of each of the other two critics.
    expect(openai.requests.length, 'requests sent to A').toBeLessThanOrEqual(6);
    const window = await windowOf(budgetId);
    expect(Number(window?.spent_micros)).toBeLessThanOrEqual(limitMicros);
    expect(Number(window?.reserved_micros)).toBe(0);
    expect(cardsOf(await harness.eventsOf(run.id)).filter((card) => fellBackOnBudget.test(card.reasoning))).toEqual([]);
  });

  it('appends exactly one budget-warning event when a run crosses its budget’s soft threshold, and none for the next run', async () => {
    const limitMicros = 100_000;
    // 1,000 µ$: crossed part-way through a run (a run costs a few thousand µ$ here).
    const budgetId = await saveBudget(harness.database.pool, { tenantId, scope: 'workflow', scopeId: 'mlops-architect', period: 'total', limitMicros, softThreshold: 0.01 });
    const gatewayUnderTest = await harness.useGateway();

    const run = await harness.runArchitect(gatewayUnderTest);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    expect(run.costMicros).toBeGreaterThan(1_000);
    const warnings = warningsOf(await harness.eventsOf(run.id));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ budgetId, scope: 'workflow', scopeId: 'mlops-architect', limitMicros, limitTokens: null });
    expect(warnings[0]?.spentMicros).toBeGreaterThanOrEqual(1_000);
    expect(warnings[0]?.spentMicros).toBeLessThanOrEqual(run.costMicros);
    const window = await windowOf(budgetId);
    expect(window?.soft_warned_at).not.toBeNull();
    expect(Number(window?.spent_micros)).toBe(run.costMicros);

    // Once per budget and period: the next run spends past the threshold too, and is not warned again.
    const next = await harness.runArchitect(gatewayUnderTest);
    expect(next.status, JSON.stringify(next.error)).toBe('succeeded');
    expect(warningsOf(await harness.eventsOf(next.id))).toEqual([]);
    expect(Number((await windowOf(budgetId))?.spent_micros)).toBe(run.costMicros + next.costMicros);
  });
});
