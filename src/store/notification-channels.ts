/**
 * LISTEN/NOTIFY channels. Payloads stay small (PostgreSQL caps them at 8,000 bytes): subscribers
 * read the rows themselves.
 */
export const notificationChannels = {
  /** A run became claimable. Empty payload; one NOTIFY per enqueue batch, not per row. */
  runQueued: 'agentbus_run_queued',
  /** Events were appended: `runId:lastSeq[,runId:lastSeq…]`. */
  runEvents: 'agentbus_run_events',
  /** A running run was asked to cancel: the run id. */
  runCancel: 'agentbus_run_cancel',
  /** A credential stopped being valid (a key revoked, a user changed or disabled): `key:<prefix>` or `user:<id>`. */
  credentialsChanged: 'agentbus_credentials_changed',
  /** A tenant's policies changed: the tenant id. */
  policiesChanged: 'agentbus_policies_changed',
} as const;
