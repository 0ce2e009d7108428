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
}
