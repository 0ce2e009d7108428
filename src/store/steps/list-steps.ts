import type { Step } from '../../contracts/step.js';
import type { SerializedError } from '../../core/app-error.js';
import type { StepStatus } from '../../core/step-status.js';
import type { Queryable } from '../queryable.js';

interface StepRow {
  id: string;
  run_id: string;
  node: string;
  step_index: number;
  attempt: number;
  status: StepStatus;
  started_at: Date;
  ended_at: Date | null;
  duration_ms: number | null;
  tokens: number;
  cost_micros: number;
  error: SerializedError | null;
}

/** A run's steps in execution order. */
export async function listSteps(database: Queryable, runId: string): Promise<Step[]> {
  const { rows } = await database.query<StepRow>(
    `SELECT id, run_id, node, step_index, attempt, status, started_at, ended_at, duration_ms, tokens, cost_micros, error
     FROM steps WHERE run_id = $1 ORDER BY started_at, id`,
    [runId],
  );
  return rows.map((row) => ({
    id: row.id,
    runId: row.run_id,
    node: row.node,
    stepIndex: row.step_index,
    attempt: row.attempt,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    durationMs: row.duration_ms,
    tokens: row.tokens,
    costMicros: row.cost_micros,
    error: (row.error as Step['error']) ?? null,
  }));
}
