import type pg from 'pg';
import { estimatePromptTokens } from '../../gateway/estimate-tokens.js';
import type { LlmPolicyCheck, LlmPolicyVerdict } from '../../gateway/llm-policy-check.js';
import { loadRunFacts, loadTightestBudget } from '../../store/policies/load-policy-facts.js';
import type { PolicyEngine } from './policy-engine.js';
import { createPolicyInput } from './policy-input.js';

const allow: LlmPolicyVerdict = { effect: 'allow' };

/**
 * `llm.before` for the gateway: the call's provider, model, agent, user, token estimate and worst
 * case cost, with its run and tightest budget. A tenant without `llm.before` policies costs a map
 * lookup (no promise, no query).
 */
export function createLlmPolicyCheck(pool: pg.Pool, engine: PolicyEngine, defaultMaxOutputTokens: number): LlmPolicyCheck {
  async function check(facts: Parameters<LlmPolicyCheck>[0]): Promise<LlmPolicyVerdict> {
    const { context, model, request, price } = facts;
    if (!(await engine.hasPolicies(context.tenantId, 'llm.before'))) return allow;
    const run = context.runId ? await loadRunFacts(pool, context.runId) : undefined;
    const projectId = context.projectId ?? run?.projectId ?? null;
    const inputTokens = estimatePromptTokens(request);
    const maxOutputTokens = request.maxOutputTokens ?? defaultMaxOutputTokens;
    // Prices are micro-USD per million tokens.
    const estimatedCostUsd = price ? (inputTokens * price.input + maxOutputTokens * price.output) / 1e12 : 0;
    const input = createPolicyInput('llm.before', {
      tenant: { id: context.tenantId },
      principal: context.principal ?? { kind: 'local', id: 'system', role: 'owner' },
      run: run
        ? { id: context.runId ?? '', workflow: context.workflow ?? '', workflowVersion: run.workflowVersion, projectId: projectId ?? '', priority: run.priority, costUsd: run.costMicros / 1e6, tokens: run.tokens, input: run.input }
        : { projectId: projectId ?? '' },
      budget: await loadTightestBudget(pool, context.tenantId, projectId, context.workflow ?? ''),
      llm: { provider: model.provider, model: model.modelId, agent: context.agent ?? '', userId: context.userId ?? '', maxOutputTokens, estimatedInputTokens: inputTokens, estimatedCostUsd, streamed: facts.streamed },
    });
    const enforced = await engine.decide(context.tenantId, 'llm.before', input, { projectId, runId: context.runId ?? null, stepId: context.stepId ?? null });
    if (!enforced || enforced.decision.effect === 'allow') return allow;
    const policy = enforced.deciding[0];
    return { effect: enforced.decision.effect, reason: policy?.description || policy?.expression || 'llm.before policy', ...(policy ? { policy: { id: policy.id, name: policy.name } } : {}) };
  }
  return (facts) => (engine.cachedHasPolicies(facts.context.tenantId, 'llm.before') === false ? allow : check(facts));
}
