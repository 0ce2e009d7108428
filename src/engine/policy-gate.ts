import type { ApprovalEscalation } from '../contracts/approval.js';
import type { PolicyEffect } from '../core/combine-policy-effects.js';
import type { Principal } from '../core/principal.js';

export type { PolicyEffect } from '../core/combine-policy-effects.js';

/** The approval a `require_approval` decision asks for. */
export interface PolicyApprovalRequest {
  gate: string;
  reason: string;
  reasonCategory: 'security' | 'compliance' | 'cost' | 'optimization' | 'other';
  /** Default from the reason category. */
  timeoutSeconds?: number | undefined;
  /** Escalation keeps the gate open for the named role with the same timeout again, then rejects. */
  timeoutOutcome: 'approve' | 'reject' | ApprovalEscalation;
}

/** What the gate answers (DESIGN.md, "Governance"): deny beats require_approval beats allow. */
export interface PolicyGateDecision {
  effect: PolicyEffect;
  reason?: string;
  /** The policy that decided (for deny and require_approval). */
  policy?: { id: string; name: string };
  /** With require_approval. */
  approval?: PolicyApprovalRequest;
}

/** @deprecated the name before policies existed; use PolicyGateDecision. */
export type PolicyDecision = PolicyGateDecision;

/** What a run about to be created looks like to `run.create` policies. */
export interface RunCreateFacts {
  tenantId: string;
  principal: Principal;
  workflow: string;
  workflowVersion: number;
  projectId: string | null;
  priority: number;
  input: Record<string, unknown>;
  /** The run's labels (`dataClassification`, `region`, …). */
  metadata: Record<string, unknown>;
}

/** The node about to execute, for `step.before` policies. */
export interface StepFactsRequest {
  runId: string;
  tenantId: string;
  workflow: string;
  node: string;
  attempt: number;
}

/**
 * Where policies plug in: before a run is enqueued (`run.create`) and before each node
 * (`step.before`). The governance module implements it with CEL policies (CelPolicyGate).
 */
export interface PolicyGate {
  beforeRunCreate(facts: RunCreateFacts): Promise<PolicyGateDecision>;
  /** Before each node execution; a deny fails the run with `POLICY_DENIED` (not retried), require_approval pauses it at a gate. */
  beforeStep(facts: StepFactsRequest): Promise<PolicyGateDecision>;
}

/** The gate of a process without policies (tests of other parts, the in-process `design` API). */
export const allowAllPolicies: PolicyGate = {
  beforeRunCreate: async () => ({ effect: 'allow' }),
  beforeStep: async () => ({ effect: 'allow' }),
};
