// Claim throughput and pickup latency of the run queue alone: the real worker (one fetcher,
// NOTIFY wake-ups, batched SKIP LOCKED claims), with a no-op executor instead of LangGraph.
// Usage: npm run bench:queue   (DATABASE_URL to measure a server of your own)
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { startEngine, type Engine } from '../src/engine/start-engine.js';
import type { RunExecutor } from '../src/engine/run-executor.js';
import { createLogger } from '../src/observability/create-logger.js';
import { createDatabasePool } from '../src/store/create-database-pool.js';
import { createId } from '../src/store/ids/create-id.js';
import type { RunFinisher } from '../src/engine/run-finisher.js';
import { insertRun } from '../src/store/runs/insert-run.js';
import { builtInWorkflows } from '../src/workflows/built-in-workflows.js';
import { openBenchDatabase, type BenchDatabase } from './bench-database.js';
import { formatDistribution, formatMilliseconds, judgeTarget, printHeader, printProgress, printResults, type ReportLine } from './bench-report.js';
import { summarize } from './percentiles.js';
import { profileQueries, type QueryProfile } from './query-profile.js';
import { startWaitEventSampler, type WaitShare } from './wait-event-sampler.js';

const concurrency = 10;
const backlogRuns = 5_000;
const steadyRate = 200;
const steadySeconds = 10;
const throughputTarget = 1_500;
const pickupTargets = { p50: 5, p99: 25 };
/** Bounds each phase: a queue that stalls must end the benchmark, not hang it. */
const phaseTimeoutMs = 120_000;

const workflow = 'demo-steps';
const workflowVersion = 1;
const runInput = { steps: 1, delayMs: 0, failFirstAttempts: 0 };
const maxAttempts = 3;

/** Counts finished runs so the benchmark learns "all done" without polling the database. */
class CompletionCounter {
  #finished = 0;
  #waiters: { target: number; resolve: () => void }[] = [];

  get finished(): number {
    return this.#finished;
  }

  add(): void {
    this.#finished += 1;
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.#finished < waiter.target) return true;
      waiter.resolve();
      return false;
    });
  }

  /** Resolves once `target` runs have finished in total, or rejects after `timeoutMs`. */
  async reach(target: number, timeoutMs: number): Promise<void> {
    if (this.#finished >= target) return;
    const reached = new Promise<void>((resolve) => this.#waiters.push({ target, resolve }));
    const controller = new AbortController();
    const timeout = sleep(timeoutMs, undefined, { signal: controller.signal }).then(() => {
      throw new Error(`only ${this.#finished} of ${target} runs finished within ${timeoutMs / 1000} s`);
    });
    try {
      await Promise.race([reached, timeout]);
    } finally {
      controller.abort();
      timeout.catch(() => undefined);
    }
  }
}

function classifyQueueStatement(sql: string): string {
  if (sql.includes('INSERT INTO runs')) return 'enqueue (insertRun)';
  if (sql.startsWith('autovacuum:')) return 'autovacuum (cleaning up the queue tables)';
  if (sql.includes('candidates AS MATERIALIZED')) return 'claim';
  if (sql.includes("pg_notify('agentbus_run_events', payload)")) return 'announce (NOTIFY)';
  if (sql.includes('min(run_after)')) return 'next-due lookup';
  if (sql.includes("'run-ended'")) return 'finish';
  if (sql.includes('pg_locks')) return 'lost-run sweep';
  if (/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(sql)) return 'transaction control';
  return 'other (approval timer, leases, listener, reads)';
}

/** The request hash insert-run.ts stores, so the bulk rows look exactly like enqueued ones. */
function requestHashOf(input: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify([workflow, input, 0, maxAttempts, null, null])).digest('hex');
}

/**
 * Enqueues `count` runs in one statement, mirroring insert-run.ts: the row (last_event_seq = 1)
 * and its `run-queued` event. No NOTIFY: nothing listens yet, the worker claims on start.
 */
async function insertBacklog(pool: pg.Pool, count: number): Promise<void> {
  const ids = Array.from({ length: count }, () => createId());
  await pool.query(
    `WITH run AS (
       INSERT INTO runs (id, workflow, workflow_version, status, priority, max_attempts, timeout_seconds, input,
                         idempotency_key, request_hash, parent_run_id, last_event_seq)
       SELECT id, $2, $3, 'queued', 0, $4, NULL, $5::jsonb, NULL, $6, NULL, 1 FROM unnest($1::uuid[]) AS id
       RETURNING id, attempt, run_after
     )
     INSERT INTO run_events (run_id, seq, type, data)
     SELECT id, 1, 'run-queued', jsonb_build_object('reason', 'created', 'attempt', attempt, 'runAfter', run_after) FROM run`,
    [ids, workflow, workflowVersion, maxAttempts, JSON.stringify(runInput), requestHashOf(runInput)],
  );
}

function describeProfile(profile: QueryProfile, runs: number): ReportLine[] {
  return profile
    .tallies()
    .slice(0, 4)
    .map(([kind, tally]) => [
      `    ${kind}`,
      `${tally.count} (${(tally.count / runs).toFixed(2)} per run), mean ${formatMilliseconds(tally.totalMs / tally.count)} round trip`,
    ]);
}

function describeWaits(shares: readonly WaitShare[]): ReportLine[] {
  return shares.slice(0, 5).map((share) => [`    ${share.wait}`, `${(share.share * 100).toFixed(0)} % of samples, in ${share.kind}`]);
}

async function main(): Promise<void> {
  const database = await openBenchDatabase();
  let engine: Engine | undefined;
  // The engine gets its own pool, profiled from its first connection; the benchmark's inserts and
  // reads use the other one, as an API process would.
  const enginePool = createDatabasePool({ connectionString: database.connectionString, maxConnections: 20, applicationName: 'agentbus-bench-engine' });
  const profile = profileQueries(enginePool, classifyQueueStatement);
  try {
    printHeader('queue (claim throughput, pickup latency)', database.serverVersion, [
      ['database', `${database.source}; ${database.commitSettings}`],
      ['engine', `real RunWorker, no-op executor, concurrency ${concurrency}, poll 1000 ms, sweep 250 ms`],
      ['phase a', `${backlogRuns} runs queued before the worker starts`],
      ['phase b', `${steadyRate} runs/s for ${steadySeconds} s, one insertRun each`],
    ]);

    const completions = new CompletionCounter();
    // The executor ends each run through the engine's RunFinisher, exactly as the workflow
    // runtime does, so the figures are the queue's own (claim, finish, events) without LangGraph.
    const createExecutor = (finisher: RunFinisher): RunExecutor => ({
      async execute(run, leaseOwnerKey) {
        await finisher.finish(run.id, leaseOwnerKey, { status: 'succeeded' });
        completions.add();
      },
    });

    printProgress(`phase a: inserting ${backlogRuns} runs in one statement`);
    const insertStartedAt = performance.now();
    await insertBacklog(database.pool, backlogRuns);
    const insertMs = performance.now() - insertStartedAt;
    await database.pool.query('ANALYZE runs');

    printProgress('phase a: starting the engine and draining the backlog');
    const backlogSampler = await startWaitEventSampler(database.connectionString, classifyQueueStatement);
    const drainStartedAt = performance.now();
    engine = await startEngine(
      { pool: enginePool, connectionString: database.connectionString, logger: createLogger({ level: 'warn', pretty: false, destination: 2 }), workflows: builtInWorkflows, createExecutor },
      { runWorker: true, concurrency, pollIntervalMs: 1_000, leaseSeconds: 30, sweepIntervalMs: 250, approvalTimerMs: 1_000, durability: 'sync', workerName: `${hostname()}:${process.pid}` },
    );
    const engineStartMs = performance.now() - drainStartedAt;
    await completions.reach(backlogRuns, phaseTimeoutMs);
    const drainMs = performance.now() - drainStartedAt;
    const backlogProfile = describeProfile(profile, backlogRuns);
    const backlogWaits = describeWaits(await backlogSampler.stop());
    const span = await database.pool.query<{ span_ms: number; succeeded: number }>(
      `SELECT (extract(epoch FROM max(ended_at) - min(started_at)) * 1000)::float8 AS span_ms,
              count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded
       FROM runs`,
    );
    const databaseSpanMs = span.rows[0]?.span_ms ?? Number.NaN;
    const throughput = backlogRuns / (drainMs / 1_000);

    printProgress(`phase b: ${steadyRate} runs/s for ${steadySeconds} s`);
    profile.reset();
    const steadySampler = await startWaitEventSampler(database.connectionString, classifyQueueStatement);
    const steadyRuns = steadyRate * steadySeconds;
    const intervalMs = 1_000 / steadyRate;
    const inserts: Promise<string>[] = [];
    const scheduleStartedAt = performance.now();
    for (let index = 0; index < steadyRuns; index += 1) {
      // Each insert has a due time on a fixed grid, so a late timer catches up instead of drifting.
      const waitMs = scheduleStartedAt + index * intervalMs - performance.now();
      if (waitMs > 0) await sleep(waitMs);
      inserts.push(
        insertRun(database.pool, { workflow, workflowVersion, input: runInput, priority: 0, maxAttempts }).then((inserted) => inserted.row.id),
      );
    }
    const steadyIds = await Promise.all(inserts);
    const achievedRate = steadyRuns / ((performance.now() - scheduleStartedAt) / 1_000);
    await completions.reach(backlogRuns + steadyRuns, phaseTimeoutMs);
    const steadyProfile = describeProfile(profile, steadyRuns);
    const steadyWaits = describeWaits(await steadySampler.stop());
    const pickups = await database.pool.query<{ pickup_ms: number; second: number }>(
      `SELECT (extract(epoch FROM started_at - created_at) * 1000)::float8 AS pickup_ms,
              floor(extract(epoch FROM created_at - min(created_at) OVER ()))::int AS second
       FROM runs WHERE id = ANY($1::uuid[])`,
      [steadyIds],
    );
    const pickup = summarize(pickups.rows.map((row) => row.pickup_ms));
    // Per-second medians show whether latency is steady or made of stalls (a slow WAL flush
    // holds every NOTIFY-carrying commit behind it).
    const perSecond = new Map<number, number[]>();
    for (const row of pickups.rows) perSecond.set(row.second, [...(perSecond.get(row.second) ?? []), row.pickup_ms]);
    const secondMedians = [...perSecond.entries()].sort(([left], [right]) => left - right).map(([, samples]) => summarize(samples).p50);

    await engine.stop(5_000);
    engine = undefined;

    printResults([
      ['phase a: backlog', `${backlogRuns} runs (bulk insert took ${formatMilliseconds(insertMs)})`],
      ['  engine start', formatMilliseconds(engineStartMs)],
      ['  drain time', `${formatMilliseconds(drainMs)} from startEngine() to the last finished run`],
      ['  database span', `${formatMilliseconds(databaseSpanMs)} first started_at → last ended_at (${span.rows[0]?.succeeded ?? 0} succeeded)`],
      ['  throughput', `${throughput.toFixed(0)} runs/s claimed and completed (${(backlogRuns / (databaseSpanMs / 1_000)).toFixed(0)} runs/s by the database span)`],
      ['  statements', 'engine pool, by total time:'],
      ...backlogProfile,
      ['  backends', 'what active PostgreSQL backends were doing (sampled every 50 ms):'],
      ...backlogWaits,
      ['phase b: steady', `${steadyRuns} runs at ${achievedRate.toFixed(1)} runs/s achieved`],
      ['  pickup latency', `${formatDistribution(pickup, ['p50', 'p95', 'p99', 'max'])}  (started_at − created_at)`],
      ['  p50 per second', secondMedians.map((median) => median.toFixed(1)).join(' ') + ' ms'],
      ['  statements', 'engine pool, by total time:'],
      ...steadyProfile,
      ['  backends', 'what active PostgreSQL backends were doing (sampled every 50 ms):'],
      ...steadyWaits,
      ['targets', ''],
      ['  throughput ≥ 1,500 runs/s', `${throughput.toFixed(0)} runs/s: ${judgeTarget(throughput, throughputTarget, 'atLeast')}`],
      ['  pickup p50 ≤ 5 ms', `${formatMilliseconds(pickup.p50)}: ${judgeTarget(pickup.p50, pickupTargets.p50, 'atMost')}`],
      ['  pickup p99 ≤ 25 ms', `${formatMilliseconds(pickup.p99)}: ${judgeTarget(pickup.p99, pickupTargets.p99, 'atMost')}`],
    ]);
  } finally {
    await engine?.stop(1_000).catch(() => undefined);
    await enginePool.end().catch(() => undefined);
    await closeQuietly(database);
  }
}

async function closeQuietly(database: BenchDatabase): Promise<void> {
  await database.close().catch((error: unknown) => process.stderr.write(`closing the bench database failed: ${(error as Error).message}\n`));
}

main().catch((error: unknown) => {
  process.stderr.write(`queue benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
