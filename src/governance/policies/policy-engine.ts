import type pg from 'pg';
import type { Logger } from 'pino';
import { createId } from '../../store/ids/create-id.js';
import { notificationChannels } from '../../store/notification-channels.js';
import { BatchWriter } from '../../gateway/batch-writer.js';
import { policyDecisionStore, type NewPolicyDecision } from '../../store/policies/policy-decision-store.js';
import { policyStore, type PolicyRow } from '../../store/policies/policy-store.js';
import type { PolicyPhase, PolicyInputs } from './policy-input.js';
import type { PolicyDecision } from './policy-set-decision.js';
import { PolicySet } from './policy-set.js';

/** A decision with the policies behind it, recorded (with its violations) under `decisionId`. */
export interface EnforcedDecision {
  decisionId: string;
  decision: PolicyDecision;
  /** The enforce-mode policies that produced the effect, highest priority first. */
  deciding: PolicyRow[];
}

interface TenantPolicies {
  rows: Map<string, PolicyRow>;
  /** One set per project seen (`''`: runs in no project): tenant-wide policies plus that project's. */
  sets: Map<string, PolicySet>;
  phases: Set<string>;
  loadedAt: number;
}

interface NotificationSource {
  subscribe(channel: typeof notificationChannels.policiesChanged | 'reconnect', handler: (payload: string) => void): Promise<() => void>;
}

/**
 * Decides each phase for a tenant with its enabled policies, and records every decision that
 * evaluated at least one policy (with a violation per deny or require_approval match). A
 * tenant's policies are compiled once and cached; a change anywhere (`policiesChanged`) evicts
 * them in every process. A phase without policies costs a map lookup: nothing is recorded.
 */
export class PolicyEngine {
  readonly #tenants = new Map<string, TenantPolicies>();
  #unsubscribe: Array<() => void> = [];
  /**
   * Allow decisions, the common case, are written in batches off the request's path (20 ms
   * linger); deny and require_approval decisions are written before the caller hears of them, so
   * their violations are there the moment the run is refused or held.
   */
  readonly #allowDecisions: BatchWriter<NewPolicyDecision>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    private readonly cacheMs = 30_000,
  ) {
    this.#allowDecisions = new BatchWriter(
      (batch) => policyDecisionStore.insert(pool, batch),
      (error, batch) => logger.error({ error: (error as Error).message, decisions: batch.length }, 'recording policy decisions failed'),
      500,
      3,
      20,
    );
  }

  /** Waits until every decision so far is written. */
  drain(): Promise<void> {
    return this.#allowDecisions.drain();
  }

  async start(notifications: NotificationSource | undefined): Promise<void> {
    if (!notifications) return;
    this.#unsubscribe.push(await notifications.subscribe(notificationChannels.policiesChanged, (tenantId) => this.#tenants.delete(tenantId)));
    this.#unsubscribe.push(await notifications.subscribe('reconnect', () => this.#tenants.clear()));
  }

  /** Stops listening and writes the decisions still queued. */
  async close(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    await this.drain();
  }

  /** After a policy of `tenantId` changed: this process forgets at once, the others on NOTIFY. */
  async announceChange(tenantId: string): Promise<void> {
    this.#tenants.delete(tenantId);
    await this.pool.query('SELECT pg_notify($1, $2)', [notificationChannels.policiesChanged, tenantId]);
  }

  /**
   * Without waiting: false when the tenant's cached policies have none for the phase, true when
   * they have, undefined when not cached (ask `hasPolicies`). The LLM gateway's hot path uses it
   * to skip even a promise for tenants without `llm.before` policies.
   */
  cachedHasPolicies(tenantId: string, phase: PolicyPhase): boolean | undefined {
    const cached = this.#tenants.get(tenantId);
    if (!cached || Date.now() - cached.loadedAt >= this.cacheMs) return undefined;
    return cached.phases.has(phase);
  }

  /** Whether the tenant has an enabled policy for the phase (callers skip building the input otherwise). */
  async hasPolicies(tenantId: string, phase: PolicyPhase): Promise<boolean> {
    return (await this.#load(tenantId)).phases.has(phase);
  }

  /** Undefined when the tenant has no enabled policy for the phase (the action is allowed, nothing recorded). */
  async decide<Phase extends PolicyPhase>(tenantId: string, phase: Phase, input: PolicyInputs[Phase], context: { projectId: string | null; runId: string | null; stepId: string | null }): Promise<EnforcedDecision | undefined> {
    const policies = await this.#load(tenantId);
    if (!policies.phases.has(phase)) return undefined;
    const set = this.#setFor(policies, context.projectId);
    const decision = set.decide(phase, input);
    if (decision.evaluatedPolicyIds.length === 0) return undefined;
    const decisionId = createId();
    const rowOf = (id: string) => policies.rows.get(id);
    const violations = decision.matched
      .filter((match) => match.effect !== 'allow')
      .map((match) => ({ id: createId(), policyId: match.policyId, policyName: rowOf(match.policyId)?.name ?? match.policyId, effect: match.effect as 'deny' | 'require_approval', mode: match.mode, severity: rowOf(match.policyId)?.severity ?? 'medium' }));
    const record: NewPolicyDecision = {
        id: decisionId,
        tenantId,
        phase,
        effect: decision.effect,
        shadowEffect: decision.shadowEffect,
        policyIds: [...decision.evaluatedPolicyIds],
        matched: decision.matched.map((match) => ({ ...match })),
        errors: decision.errors.map((error) => ({ ...error })),
        inputHash: decision.inputHash,
        latencyMicros: decision.latencyMicros,
        runId: context.runId,
        stepId: context.stepId,
        violations,
    };
    if (decision.effect === 'allow' && violations.length === 0) this.#allowDecisions.add(record);
    else await policyDecisionStore.insert(this.pool, [record]);
    if (decision.errors.length > 0) this.logger.warn({ tenant_id: tenantId, phase, errors: decision.errors }, 'policies failed to evaluate (counted as matched when they deny or require approval)');
    const deciding = decision.deciding.map(rowOf).filter((row): row is PolicyRow => row !== undefined);
    return { decisionId, decision, deciding };
  }

  async #load(tenantId: string): Promise<TenantPolicies> {
    const cached = this.#tenants.get(tenantId);
    if (cached && Date.now() - cached.loadedAt < this.cacheMs) return cached;
    const rows = await policyStore.listEnabled(this.pool, tenantId);
    const loaded: TenantPolicies = { rows: new Map(rows.map((row) => [row.id, row])), sets: new Map(), phases: new Set(rows.map((row) => row.phase)), loadedAt: Date.now() };
    this.#tenants.set(tenantId, loaded);
    return loaded;
  }

  #setFor(policies: TenantPolicies, projectId: string | null): PolicySet {
    const key = projectId ?? '';
    let set = policies.sets.get(key);
    if (!set) {
      set = new PolicySet([...policies.rows.values()].filter((row) => row.project_id === null || row.project_id === projectId));
      policies.sets.set(key, set);
    }
    return set;
  }
}
