import type { Principal } from '../core/principal.js';

/** Who a call is for and on whose account: every budget, limit and ledger row is attributed by it. */
export interface GatewayCallContext {
  tenantId: string;
  projectId?: string | undefined;
  workflow?: string | undefined;
  runId?: string | undefined;
  stepId?: string | undefined;
  /** The agent (node) that asked, e.g. `constraint-extraction`. */
  agent?: string | undefined;
  userId?: string | undefined;
  /** Who asked, for `llm.before` policies: the API caller of the OpenAI-compatible endpoint; absent for a run's own calls. */
  principal?: Pick<Principal, 'kind' | 'id' | 'role'> | undefined;
  /** Told of each attempt as it ends (the OpenAI-compatible endpoint reports attempts, provider and cost in headers). */
  onAttempt?: ((attempt: AttemptReport) => void) | undefined;
  /** Told which provider's stream reached the caller (its first part was read), before any part is handed over. */
  onStreamOpened?: ((served: { provider: string; model: string; attempt: number; latencyMs: number }) => void) | undefined;
}

/** One ended attempt of a call, as its caller may want to know it. */
export interface AttemptReport {
  attempt: number;
  provider: string;
  model: string;
  status: 'succeeded' | 'failed' | 'aborted';
  /** Null: the model has no price. */
  costMicros: number | null;
  isFallback: boolean;
  /** Time spent waiting on the provider for this attempt. */
  latencyMs: number;
}
