import type pg from 'pg';
import type { PolicyGate, PolicyGateDecision } from '../../engine/policy-gate.js';
import { forecastRunCostUsd, loadRunFacts, loadTightestBudget } from '../../store/policies/load-policy-facts.js';
import type { PolicyRow } from '../../store/policies/policy-store.js';
import type { EnforcedDecision, PolicyEngine } from './policy-engine.js';
import { createPolicyInput } from './policy-input.js';

/** `dataClassification` or `region`: the run's label, else its input's field, else its input's `constraints`. */
function inputFact(input: Record<string, unknown>, field: string, metadata: Record<string, unknown> = {}): string {
  const label = metadata[field];
  if (typeof label === 'string') return label;
  const direct = input[field];
  if (typeof direct === 'string') return direct;
  const constraints = input.constraints;
  const nested = typeof constraints === 'object' && constraints !== null ? (constraints as Record<string, unknown>)[field] : undefined;
  return typeof nested === 'string' ? nested : '';
}

function toGateDecision(enforced: EnforcedDecision | undefined): PolicyGateDecision {
  if (!enforced || enforced.decision.effect === 'allow') return { effect: 'allow' };
  const policy: PolicyRow | undefined = enforced.deciding[0];
  const decision: PolicyGateDecision = { effect: enforced.decision.effect, ...(policy ? { policy: { id: policy.id, name: policy.name }, reason: policy.description || `policy "${policy.name}" (${policy.expression})` } : {}) };
  if (enforced.decision.effect === 'require_approval') {
    const config = policy?.approval;
    decision.approval = {
      gate: `policy:${policy?.name ?? 'unknown'}`,
      reason: policy?.description || `Policy "${policy?.name ?? 'unknown'}" requires an approval (${policy?.expression ?? ''}).`,
      reasonCategory: config?.reasonCategory ?? 'other',
      timeoutSeconds: config?.timeoutSeconds,
      // Escalation keeps the gate open for the named role (admins unless the policy names owners), then rejects.
      timeoutOutcome: config?.timeoutOutcome === 'escalate' ? { decision: 'escalate', escalateTo: config.escalateTo ?? 'admin' } : config?.timeoutOutcome === 'approve' ? 'approve' : 'reject',
    };
  }
  return decision;
}

/** A value loaded at most once per `ttlMs` per key (bounded: cleared when it grows past 10,000 keys). */
function cachedLoader<T>(ttlMs: number, load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const entries = new Map<string, { value: Promise<T>; at: number }>();
  return (key) => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value;
    if (entries.size > 10_000) entries.clear();
    const value = load(key);
    entries.set(key, { value, at: now });
    value.catch(() => entries.delete(key));
    return value;
  };
}

/**
 * The policy gate of a server: CEL policies per tenant, with facts loaded only for phases that
 * have policies. The cost forecast (a mean over past runs) is cached for 30 s and the budget
 * figures for 1 s per scope: both are inputs to a decision, not the budget's enforcement (the
 * gateway reserves every call), and reading them per request doubled the cost of creating a run.
 */
export function createCelPolicyGate(pool: pg.Pool, engine: PolicyEngine): PolicyGate {
  const forecasts = cachedLoader(30_000, (key) => {
    const [tenantId = '', workflow = ''] = key.split('\n');
    return forecastRunCostUsd(pool, tenantId, workflow);
  });
  const budgets = cachedLoader(1_000, (key) => {
    const [tenantId = '', projectId = '', workflow = ''] = key.split('\n');
    return loadTightestBudget(pool, tenantId, projectId === '' ? null : projectId, workflow);
  });
  return {
    async beforeRunCreate(facts) {
      if (!(await engine.hasPolicies(facts.tenantId, 'run.create'))) return { effect: 'allow' };
      const [estimatedCostUsd, budget] = await Promise.all([forecasts(`${facts.tenantId}\n${facts.workflow}`), budgets(`${facts.tenantId}\n${facts.projectId ?? ''}\n${facts.workflow}`)]);
      const input = createPolicyInput('run.create', {
        tenant: { id: facts.tenantId },
        principal: { kind: facts.principal.kind, id: facts.principal.id, role: facts.principal.role },
        run: {
          workflow: facts.workflow,
          workflowVersion: facts.workflowVersion,
          projectId: facts.projectId ?? '',
          priority: facts.priority,
          estimatedCostUsd,
          dataClassification: inputFact(facts.input, 'dataClassification', facts.metadata),
          region: inputFact(facts.input, 'region', facts.metadata),
          input: facts.input,
        },
        budget,
      });
      return toGateDecision(await engine.decide(facts.tenantId, 'run.create', input, { projectId: facts.projectId, runId: null, stepId: null }));
    },

    async beforeStep(facts) {
      if (!(await engine.hasPolicies(facts.tenantId, 'step.before'))) return { effect: 'allow' };
      const run = await loadRunFacts(pool, facts.runId);
      if (!run) return { effect: 'allow' };
      const input = createPolicyInput('step.before', {
        tenant: { id: facts.tenantId },
        // A step runs on behalf of the run, not of a caller: the principal is the system.
        principal: { kind: 'local', id: 'system', role: 'owner' },
        run: {
          id: facts.runId,
          workflow: facts.workflow,
          workflowVersion: run.workflowVersion,
          projectId: run.projectId ?? '',
          priority: run.priority,
          costUsd: run.costMicros / 1e6,
          tokens: run.tokens,
          dataClassification: inputFact(run.input, 'dataClassification', run.metadata),
          region: inputFact(run.input, 'region', run.metadata),
          input: run.input,
        },
        step: { node: facts.node, attempt: facts.attempt, index: run.steps, confidence: run.confidence ?? 1 },
      });
      return toGateDecision(await engine.decide(facts.tenantId, 'step.before', input, { projectId: run.projectId, runId: facts.runId, stepId: null }));
    },
  };
}
