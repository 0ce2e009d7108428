// Per-node overhead of the workflow runtime (step row, node-start/node-end events, LangGraph
// checkpoint) on no-op `demo-steps` nodes, for each checkpoint durability.
// Usage: npm run bench:steps   (DATABASE_URL to measure a server of your own)
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEngine, type Engine, type EngineOptions } from '../src/engine/start-engine.js';
import { createLogger } from '../src/observability/create-logger.js';
import { checkpointSchema } from '../src/store/checkpoint-schema.js';
import { createDatabasePool } from '../src/store/create-database-pool.js';
import { inTransaction } from '../src/store/queryable.js';
import { insertRun } from '../src/store/runs/insert-run.js';
import { builtInWorkflows } from '../src/workflows/built-in-workflows.js';
import { openBenchDatabase, type BenchDatabase } from './bench-database.js';
import { formatDistribution, formatMilliseconds, judgeTarget, printHeader, printProgress, printResults, type ReportLine } from './bench-report.js';
import { summarize, type Distribution } from './percentiles.js';
import { profileQueries } from './query-profile.js';
import { startWaitEventSampler } from './wait-event-sampler.js';

const measuredRuns = 200;
/** Runs executed first and not measured, so JIT compilation and cold caches do not count. */
const warmUpRuns = 10;
const stepsPerRun = 20;
const durabilities = ['sync', 'async'] as const;
const perNodeTargetMs = 5;
/** Bounds each durability's runs: a stalled engine must end the benchmark, not hang it. */
const phaseTimeoutMs = 300_000;

type Durability = (typeof durabilities)[number];

interface DurabilityFigures {
  durability: Durability;
  wallMs: number;
  failedRuns: number;
  perNodeFromRuns: Distribution;
  nodeStartGaps: Distribution;
  nodeBodies: Distribution;
  nodeProcessCpuMs: number;
  statements: ReportLine[];
  waits: ReportLine[];
}

function classifyRuntimeStatement(sql: string): string {
  if (sql.includes("'node-start'")) return 'startStep (step row + node-start)';
  if (sql.includes("'node-end'")) return 'finishStep (step row + node-end)';
  // SingleStatementPostgresSaver.put writes blobs and the checkpoint row in one statement.
  if (sql.includes('checkpoint_blobs (')) return 'checkpoint put (blobs + checkpoint)';
  if (sql.includes('checkpoint_writes (')) return 'checkpoint writes upsert';
  if (sql.includes('checkpoints (')) return 'checkpoint upsert';
  if (/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(sql)) return 'BEGIN/COMMIT (checkpointer)';
  if (/^\s*select\s+thread_id/i.test(sql)) return 'checkpoint read';
  if (sql.includes('candidates AS MATERIALIZED')) return 'claim';
  if (sql.includes('pg_notify')) return 'announce (NOTIFY)';
  if (sql.includes("'run-ended'")) return 'finish run';
  return 'other';
}

/** Enqueues `count` runs in one transaction: the engine sees them all at once, at the commit. */
async function enqueueRuns(database: BenchDatabase, count: number): Promise<string[]> {
  return inTransaction(database.pool, async (client) => {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const inserted = await insertRun(client, { workflow: 'demo-steps', workflowVersion: 1, input: { steps: stepsPerRun, delayMs: 0, failFirstAttempts: 0 }, priority: 0, maxAttempts: 1 });
      ids.push(inserted.row.id);
    }
    return ids;
  });
}

/** Waits until every run has ended, polling gently (every 200 ms) to leave the engine alone. */
async function waitForRuns(database: BenchDatabase, runIds: readonly string[]): Promise<void> {
  const deadline = performance.now() + phaseTimeoutMs;
  for (;;) {
    const { rows } = await database.pool.query<{ ended: number }>('SELECT count(*)::int AS ended FROM runs WHERE id = ANY($1::uuid[]) AND ended_at IS NOT NULL', [runIds]);
    const ended = rows[0]?.ended ?? 0;
    if (ended === runIds.length) return;
    if (performance.now() > deadline) throw new Error(`only ${ended} of ${runIds.length} runs ended within ${phaseTimeoutMs / 1000} s`);
    await sleep(200);
  }
}

async function measureDurability(database: BenchDatabase, durability: Durability): Promise<DurabilityFigures> {
  // A clean slate per durability, so the second one does not pay for the first one's rows.
  await database.pool.query('TRUNCATE runs CASCADE');
  await database.pool.query(`TRUNCATE ${checkpointSchema}.checkpoints, ${checkpointSchema}.checkpoint_blobs, ${checkpointSchema}.checkpoint_writes`);
  const enginePool = createDatabasePool({ connectionString: database.connectionString, maxConnections: 20, applicationName: 'agentbus-bench-engine' });
  const profile = profileQueries(enginePool, classifyRuntimeStatement);
  const options: EngineOptions = {
    runWorker: true,
    concurrency: 1,
    pollIntervalMs: 1_000,
    leaseSeconds: 30,
    sweepIntervalMs: 250,
    approvalTimerMs: 1_000,
    durability,
    workerName: `${hostname()}:${process.pid}`,
  };
  let engine: Engine | undefined;
  try {
    engine = await startEngine({ pool: enginePool, connectionString: database.connectionString, logger: createLogger({ level: 'warn', pretty: false, destination: 2 }), workflows: builtInWorkflows }, options);
    printProgress(`${durability}: ${warmUpRuns} warm-up runs`);
    await waitForRuns(database, await enqueueRuns(database, warmUpRuns));

    printProgress(`${durability}: ${measuredRuns} runs × ${stepsPerRun} steps`);
    profile.reset();
    const sampler = await startWaitEventSampler(database.connectionString, classifyRuntimeStatement);
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    const runIds = await enqueueRuns(database, measuredRuns);
    await waitForRuns(database, runIds);
    const wallMs = performance.now() - startedAt;
    const cpu = process.cpuUsage(cpuBefore);
    const shares = await sampler.stop();
    await engine.stop(5_000);
    engine = undefined;

    const nodes = measuredRuns * stepsPerRun;
    const runs = await database.pool.query<{ per_node_ms: number; status: string }>(
      `SELECT (extract(epoch FROM ended_at - started_at) * 1000 / $2)::float8 AS per_node_ms, status FROM runs WHERE id = ANY($1::uuid[])`,
      [runIds, stepsPerRun],
    );
    const gaps = await database.pool.query<{ gap_ms: number }>(
      `SELECT gap_ms FROM (
         SELECT (extract(epoch FROM created_at - lag(created_at) OVER (PARTITION BY run_id ORDER BY seq)) * 1000)::float8 AS gap_ms
         FROM run_events WHERE type = 'node-start' AND run_id = ANY($1::uuid[])) AS gaps
       WHERE gap_ms IS NOT NULL`,
      [runIds],
    );
    const bodies = await database.pool.query<{ duration_ms: number }>('SELECT duration_ms FROM steps WHERE run_id = ANY($1::uuid[]) AND duration_ms IS NOT NULL', [runIds]);
    return {
      durability,
      wallMs,
      failedRuns: runs.rows.filter((row) => row.status !== 'succeeded').length,
      perNodeFromRuns: summarize(runs.rows.map((row) => row.per_node_ms)),
      nodeStartGaps: summarize(gaps.rows.map((row) => row.gap_ms)),
      nodeBodies: summarize(bodies.rows.map((row) => row.duration_ms)),
      nodeProcessCpuMs: (cpu.user + cpu.system) / 1_000 / nodes,
      statements: profile
        .tallies()
        .filter(([, tally]) => tally.count >= nodes / 10)
        .map(([kind, tally]) => [`    ${kind}`, `${(tally.count / nodes).toFixed(2)} per node, mean ${formatMilliseconds(tally.totalMs / tally.count)} round trip, ${formatMilliseconds(tally.totalMs / nodes)} per node`]),
      waits: shares.slice(0, 5).map((share) => [`    ${share.wait}`, `${(share.share * 100).toFixed(0)} % of samples, in ${share.kind}`]),
    };
  } finally {
    await engine?.stop(1_000).catch(() => undefined);
    await enginePool.end().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const database = await openBenchDatabase();
  try {
    printHeader('workflow runtime per-node overhead', database.serverVersion, [
      ['database', `${database.source}; ${database.commitSettings}`],
      ['workload', `${measuredRuns} demo-steps runs × ${stepsPerRun} no-op nodes (delayMs 0), concurrency 1, after ${warmUpRuns} warm-up runs`],
      ['durabilities', durabilities.join(', ')],
    ]);
    const figures: DurabilityFigures[] = [];
    for (const durability of durabilities) {
      figures.push(await measureDurability(database, durability));
    }
    const lines: ReportLine[] = [];
    for (const figure of figures) {
      lines.push(
        [`durability ${figure.durability}`, `${measuredRuns} runs in ${formatMilliseconds(figure.wallMs)}${figure.failedRuns > 0 ? `, ${figure.failedRuns} NOT succeeded` : ''}`],
        ['  per node, from runs', `${formatDistribution(figure.perNodeFromRuns, ['p50', 'p95', 'max'])}  ((ended_at − started_at) / ${stepsPerRun})`],
        ['  node-start gaps', `${formatDistribution(figure.nodeStartGaps, ['p50', 'p95', 'p99', 'max'])}`],
        ['  node bodies', `${formatDistribution(figure.nodeBodies, ['p50', 'p95'])}  (steps.duration_ms)`],
        ['  node process CPU', `${formatMilliseconds(figure.nodeProcessCpuMs)} per node (LangGraph, pg driver, engine)`],
        ['  statements', 'engine pool, by total time:'],
        ...figure.statements,
        ['  backends', 'what active PostgreSQL backends were doing (sampled every 50 ms):'],
        ...figure.waits,
      );
    }
    lines.push(['targets', '']);
    for (const figure of figures) {
      lines.push([`  ${figure.durability}: gap p50 ≤ ${perNodeTargetMs} ms`, `${formatMilliseconds(figure.nodeStartGaps.p50)}: ${judgeTarget(figure.nodeStartGaps.p50, perNodeTargetMs, 'atMost')}`]);
    }
    printResults(lines);
  } finally {
    await database.close().catch((error: unknown) => process.stderr.write(`closing the bench database failed: ${(error as Error).message}\n`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`steps benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
