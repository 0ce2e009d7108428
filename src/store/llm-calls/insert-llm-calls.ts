import type { Queryable } from '../queryable.js';

/** One attempt against one provider: one row of the cost ledger. */
export interface LlmCallRecord {
  id: string;
  tenantId: string;
  projectId: string | null;
  runId: string | null;
  stepId: string | null;
  agent: string | null;
  userId: string | null;
  callId: string;
  attempt: number;
  provider: string;
  model: string;
  responseModel: string | null;
  streamed: boolean;
  status: 'succeeded' | 'failed' | 'aborted';
  errorKind: string | null;
  errorMessage: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Null when the model has no price (unknown, not free). */
  costMicros: number | null;
  priceVersion: string;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  isFallback: boolean;
  previousProvider: string | null;
  providerRequestId: string | null;
  startedAt: Date;
  endedAt: Date;
}

/** The runs whose logs grew, with their new last seq (the caller announces them). */
export type AppendedRunEvents = { runId: string; lastSeq: number }[];

const columns = `id uuid, tenant_id uuid, project_id text, run_id uuid, step_id uuid, agent text, user_id text, call_id uuid,
  attempt integer, provider text, model text, response_model text, streamed boolean, status text, error_kind text,
  error_message text, input_tokens integer, output_tokens integer, cache_read_tokens integer, cache_write_tokens integer,
  reasoning_tokens integer, cost_micros bigint, price_version text, latency_ms double precision,
  time_to_first_token_ms double precision, is_fallback boolean, previous_provider text, provider_request_id text,
  started_at timestamptz, ended_at timestamptz`;

const names = columns
  .split(',')
  .map((column) => column.trim().split(/\s+/)[0])
  .join(', ');

/**
 * Writes ledger rows in one statement (idempotent: a row already written is skipped), and for rows of a run: adds their tokens and cost to the
 * run's and the step's totals and appends one `llm-call` event per row to the run's log (seq from
 * `runs.last_event_seq`, as every append does). Rows whose run no longer exists keep no run id.
 * Asynchronous commit: the ledger is written after the answer went out, off the caller's path; a
 * crash between commit and flush loses at most the last few ms of rows (the attempt's budget
 * reservation was settled separately).
 */
export async function insertLlmCalls(database: Queryable, records: readonly LlmCallRecord[]): Promise<AppendedRunEvents> {
  if (records.length === 0) return [];
  const rows = records.map((record) => ({
    id: record.id,
    tenant_id: record.tenantId,
    project_id: record.projectId,
    run_id: record.runId,
    step_id: record.stepId,
    agent: record.agent,
    user_id: record.userId,
    call_id: record.callId,
    attempt: record.attempt,
    provider: record.provider,
    model: record.model,
    response_model: record.responseModel,
    streamed: record.streamed,
    status: record.status,
    error_kind: record.errorKind,
    error_message: record.errorMessage,
    input_tokens: record.inputTokens,
    output_tokens: record.outputTokens,
    cache_read_tokens: record.cacheReadTokens,
    cache_write_tokens: record.cacheWriteTokens,
    reasoning_tokens: record.reasoningTokens,
    cost_micros: record.costMicros,
    price_version: record.priceVersion,
    latency_ms: record.latencyMs,
    time_to_first_token_ms: record.timeToFirstTokenMs,
    is_fallback: record.isFallback,
    previous_provider: record.previousProvider,
    provider_request_id: record.providerRequestId,
    started_at: record.startedAt.toISOString(),
    ended_at: record.endedAt.toISOString(),
  }));
  // Named: each connection parses and plans the 4 KB statement once, not on every batch.
  const { rows: appended } = await database.query<{ run_id: string; last_seq: number }>({
    name: 'insert-llm-calls',
    text: `WITH commit_setting AS MATERIALIZED (
       SELECT set_config('synchronous_commit', 'off', true)
     ), input AS MATERIALIZED (
       SELECT x.*, (EXISTS (SELECT 1 FROM runs WHERE runs.id = x.run_id)) AS run_exists
       FROM commit_setting, jsonb_to_recordset($1::jsonb) AS x(${columns})
     ), inserted AS (
       INSERT INTO llm_calls (${names})
       SELECT id, tenant_id, project_id, CASE WHEN run_exists THEN run_id END, step_id, agent, user_id, call_id, attempt, provider,
              model, response_model, streamed, status, error_kind, error_message, input_tokens, output_tokens, cache_read_tokens,
              cache_write_tokens, reasoning_tokens, cost_micros, price_version, latency_ms, time_to_first_token_ms, is_fallback,
              previous_provider, provider_request_id, started_at, ended_at
       FROM input
       -- A retried batch whose first write did commit inserts nothing again, and adds nothing twice.
       ON CONFLICT (id) DO NOTHING
       RETURNING *, input_tokens + output_tokens + cache_read_tokens + cache_write_tokens AS tokens
     ), per_run AS (
       SELECT run_id, sum(tokens) AS tokens, coalesce(sum(cost_micros), 0) AS cost, count(*)::integer AS events
       FROM inserted WHERE run_id IS NOT NULL GROUP BY run_id
     ), per_step AS (
       SELECT step_id, sum(tokens) AS tokens, coalesce(sum(cost_micros), 0) AS cost FROM inserted WHERE step_id IS NOT NULL GROUP BY step_id
     ), step_totals AS (
       UPDATE steps SET tokens = steps.tokens + per_step.tokens, cost_micros = steps.cost_micros + per_step.cost
       FROM per_step WHERE steps.id = per_step.step_id
     ), run_totals AS (
       UPDATE runs SET tokens = runs.tokens + per_run.tokens, cost_micros = runs.cost_micros + per_run.cost,
              last_event_seq = runs.last_event_seq + per_run.events, updated_at = now()
       FROM per_run WHERE runs.id = per_run.run_id
       RETURNING runs.id, runs.last_event_seq, per_run.events
     ), events AS (
       INSERT INTO run_events (run_id, seq, type, data)
       SELECT input.run_id,
              run_totals.last_event_seq - run_totals.events + row_number() OVER (PARTITION BY input.run_id ORDER BY input.ended_at, input.id),
              'llm-call',
              jsonb_build_object(
                'callId', input.call_id, 'attempt', input.attempt, 'stepId', input.step_id, 'agent', input.agent,
                'provider', input.provider, 'model', input.model, 'status', input.status, 'errorKind', input.error_kind,
                'inputTokens', input.input_tokens, 'outputTokens', input.output_tokens, 'cacheReadTokens', input.cache_read_tokens,
                'cacheWriteTokens', input.cache_write_tokens, 'costMicros', input.cost_micros, 'latencyMs', input.latency_ms,
                'timeToFirstTokenMs', input.time_to_first_token_ms, 'isFallback', input.is_fallback, 'previousProvider', input.previous_provider)
       FROM inserted AS input JOIN run_totals ON run_totals.id = input.run_id
     )
     SELECT id AS run_id, last_event_seq AS last_seq FROM run_totals`,
    values: [JSON.stringify(rows)],
  });
  return appended.map((row) => ({ runId: row.run_id, lastSeq: row.last_seq }));
}
