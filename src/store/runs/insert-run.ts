import { createHash } from 'node:crypto';
import { AppError } from '../../core/app-error.js';
import { createId } from '../ids/create-id.js';
import { notificationChannels } from '../notification-channels.js';
import type { Queryable } from '../queryable.js';
import type { RunRow } from './map-run-row.js';

/** A run to enqueue. */
export interface NewRun {
  /** Default: the default tenant (the column's default). */
  tenantId?: string | undefined;
  projectId?: string | null | undefined;
  metadata?: Record<string, unknown> | undefined;
  workflow: string;
  workflowVersion: number;
  input: Record<string, unknown>;
  priority: number;
  maxAttempts: number;
  timeoutSeconds?: number | undefined;
  idempotencyKey?: string | undefined;
  parentRunId?: string | undefined;
}

/** The enqueued run, and whether it was created now or found by its idempotency key. */
export interface InsertedRun {
  row: RunRow;
  created: boolean;
}

/**
 * Enqueues a run: the row, its `run-queued` event (seq 1) and one NOTIFY in a single statement.
 * With an idempotency key, a second request with the same body returns the first run; with a
 * different body it is an `IDEMPOTENCY_KEY_REUSED` error.
 */
export async function insertRun(database: Queryable, run: NewRun): Promise<InsertedRun> {
  const requestHash = createHash('sha256')
    .update(JSON.stringify([run.workflow, run.input, run.priority, run.maxAttempts, run.timeoutSeconds ?? null, run.parentRunId ?? null, run.projectId ?? null, run.metadata ?? {}]))
    .digest('hex');
  const { rows } = await database.query<RunRow>(
    `WITH run AS (
       INSERT INTO runs (id, tenant_id, project_id, metadata, workflow, workflow_version, status, priority, max_attempts, timeout_seconds, input,
                         idempotency_key, request_hash, parent_run_id, last_event_seq)
       VALUES ($1, coalesce($11::uuid, '00000000-0000-0000-0000-000000000001'), $12, $13, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, $10, 1)
       ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING *
     ), event AS (
       INSERT INTO run_events (run_id, seq, type, data)
       SELECT id, 1, 'run-queued', jsonb_build_object('reason', 'created', 'attempt', attempt, 'runAfter', run_after)
       FROM run
     )
     SELECT run.*, pg_notify('${notificationChannels.runQueued}', ''), pg_notify('${notificationChannels.runEvents}', run.id || ':1') FROM run`,
    [createId(), run.workflow, run.workflowVersion, run.priority, run.maxAttempts, run.timeoutSeconds ?? null, JSON.stringify(run.input), run.idempotencyKey ?? null, requestHash, run.parentRunId ?? null, run.tenantId ?? null, run.projectId ?? null, JSON.stringify(run.metadata ?? {})],
  );
  if (rows[0]) {
    return { row: rows[0], created: true };
  }
  const existing = await database.query<RunRow>(
    `SELECT * FROM runs WHERE tenant_id = coalesce($2::uuid, '00000000-0000-0000-0000-000000000001') AND idempotency_key = $1`,
    [run.idempotencyKey, run.tenantId ?? null],
  );
  const row = existing.rows[0];
  if (!row) {
    throw new Error('idempotent insert found neither a new nor an existing run');
  }
  if (row.request_hash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key.', { runId: row.id });
  }
  return { row, created: false };
}
