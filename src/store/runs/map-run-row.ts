import type { Run } from '../../contracts/run.js';
import type { SerializedError } from '../../core/app-error.js';
import type { RunStatus } from '../../core/run-status.js';

/** A `runs` row as node-postgres returns it. */
export interface RunRow {
  id: string;
  tenant_id: string;
  workflow: string;
  workflow_version: number;
  status: RunStatus;
  priority: number;
  attempt: number;
  max_attempts: number;
  run_after: Date;
  lease_owner: string | null;
  lease_owner_key: number | null;
  lease_expires_at: Date | null;
  timeout_seconds: number | null;
  deadline_at: Date | null;
  cancel_requested_at: Date | null;
  input: Record<string, unknown>;
  output: unknown;
  error: SerializedError | null;
  tokens: number;
  cost_micros: number;
  idempotency_key: string | null;
  request_hash: string | null;
  parent_run_id: string | null;
  project_id: string | null;
  metadata: Record<string, unknown>;
  last_event_seq: number;
  created_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  updated_at: Date;
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

/** Maps a row to the API's `Run`. */
export function mapRunRow(row: RunRow): Run {
  return {
    id: row.id,
    workflow: row.workflow,
    workflowVersion: row.workflow_version,
    status: row.status,
    priority: row.priority,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    input: row.input,
    output: row.output ?? null,
    error: (row.error as Run['error']) ?? null,
    idempotencyKey: row.idempotency_key,
    parentRunId: row.parent_run_id,
    projectId: row.project_id,
    metadata: row.metadata ?? {},
    timeoutSeconds: row.timeout_seconds,
    tokens: row.tokens,
    costMicros: row.cost_micros,
    runAfter: row.run_after.toISOString(),
    cancelRequestedAt: iso(row.cancel_requested_at),
    createdAt: row.created_at.toISOString(),
    startedAt: iso(row.started_at),
    endedAt: iso(row.ended_at),
    updatedAt: row.updated_at.toISOString(),
  };
}
