/** A policy decision (DESIGN.md, "Governance"): deny beats require_approval beats allow. */
export type PolicyEffect = 'allow' | 'deny' | 'require_approval';

export interface PolicyDecision {
  effect: PolicyEffect;
  reason?: string;
}

/**
 * Where policies plug in: before a run is enqueued (`run.create`) and before each node
 * (`step.before`). The governance module implements it with CEL policies; until then every
 * action is allowed.
 */
export interface PolicyGate {
  beforeRunCreate(input: { tenantId: string; workflow: string; input: Record<string, unknown> }): Promise<PolicyDecision>;
  /** Before each node execution; a deny fails the run with `POLICY_DENIED` (not retried). */
  beforeStep(input: { runId: string; workflow: string; node: string; attempt: number }): Promise<PolicyDecision>;
}

/** The gate used until policies exist. */
export const allowAllPolicies: PolicyGate = {
  beforeRunCreate: async () => ({ effect: 'allow' }),
  beforeStep: async () => ({ effect: 'allow' }),
};
