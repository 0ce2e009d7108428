// Crash recovery: time from `kill -9` of the worker process holding a run to that run running
// again in another worker process (liveness-lock sweep, requeue, NOTIFY, claim).
// Usage: npm run bench:recovery   (DATABASE_URL to measure a server of your own)
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isAppError } from '../src/core/app-error.js';
import { cancelRun } from '../src/store/runs/cancel-run.js';
import { insertRun } from '../src/store/runs/insert-run.js';
import { workerLockNamespace } from '../src/store/runs/sweep-lost-runs.js';
import { openBenchDatabase, type BenchDatabase } from './bench-database.js';
import { formatDistribution, formatMilliseconds, judgeTarget, printHeader, printProgress, printResults } from './bench-report.js';
import { summarize } from './percentiles.js';

const repetitions = 20;
const sweepIntervalMs = 250;
const pollIntervalMs = 5;
const targets = { p50: 500, p99: 2_000 };
/** Bounds every wait: a worker that never starts or a run never recovered ends the benchmark. */
const waitTimeoutMs = 60_000;
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One worker child process and the tail of its output, shown if something goes wrong. */
interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  outputTail: string[];
  exited: boolean;
}

/** One measured kill. */
interface Recovery {
  recoveryMs: number;
  detectionMs: number;
  pickupMs: number;
}

class WorkerFleet {
  readonly #workers = new Map<number, WorkerProcess>();

  constructor(private readonly databaseUrl: string) {}

  get alive(): WorkerProcess[] {
    return [...this.#workers.values()].filter((worker) => !worker.exited);
  }

  find(pid: number): WorkerProcess | undefined {
    return this.#workers.get(pid);
  }

  spawnWorker(): WorkerProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
      cwd: repositoryRoot,
      env: { ...process.env, DATABASE_URL: this.databaseUrl, AGENTBUS_CONCURRENCY: '1', AGENTBUS_SWEEP_INTERVAL_MS: String(sweepIntervalMs), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) {
      throw new Error('could not spawn a worker process');
    }
    const worker: WorkerProcess = { child, pid: child.pid, outputTail: [], exited: false };
    const remember = (chunk: Buffer) => {
      worker.outputTail.push(...chunk.toString().split('\n').filter((line) => line.trim() !== ''));
      worker.outputTail.splice(0, Math.max(0, worker.outputTail.length - 20));
    };
    child.stdout?.on('data', remember);
    child.stderr?.on('data', remember);
    child.on('exit', () => (worker.exited = true));
    this.#workers.set(worker.pid, worker);
    return worker;
  }

  /** Output of every worker, for an error message. */
  describe(): string {
    return [...this.#workers.values()].map((worker) => `worker ${worker.pid}${worker.exited ? ' (exited)' : ''}:\n    ${worker.outputTail.join('\n    ')}`).join('\n');
  }

  /** Asks every live worker to stop (SIGTERM), then kills what is still alive after 5 s. */
  async stopAll(): Promise<void> {
    const alive = this.alive;
    for (const worker of alive) worker.child.kill('SIGTERM');
    const deadline = performance.now() + 5_000;
    while (this.alive.length > 0 && performance.now() < deadline) await sleep(20);
    this.killAllNow();
  }

  /** Synchronous, so it also works from a process `exit` handler. */
  killAllNow(): void {
    for (const worker of this.alive) worker.child.kill('SIGKILL');
  }
}

/** Worker processes whose liveness lock is held in the bench database, i.e. ready to claim. */
async function countLiveWorkers(database: BenchDatabase): Promise<number> {
  const { rows } = await database.pool.query<{ live: number }>(
    `SELECT count(*)::int AS live FROM pg_locks
     WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND objsubid = 2 AND granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [workerLockNamespace],
  );
  return rows[0]?.live ?? 0;
}

async function waitFor<T>(description: string, fleet: WorkerFleet, probe: () => Promise<T | undefined>, intervalMs: number): Promise<T> {
  const deadline = performance.now() + waitTimeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) {
      throw new Error(`timed out after ${waitTimeoutMs / 1000} s waiting for ${description}\n${fleet.describe()}`);
    }
    await sleep(intervalMs);
  }
}

async function waitForLiveWorkers(database: BenchDatabase, fleet: WorkerFleet, count: number): Promise<void> {
  await waitFor(`${count} live workers`, fleet, async () => ((await countLiveWorkers(database)) === count ? true : undefined), 50);
}

async function measureOneKill(database: BenchDatabase, fleet: WorkerFleet): Promise<Recovery> {
  const { row } = await insertRun(database.pool, { workflow: 'demo-steps', workflowVersion: 1, input: { steps: 50, delayMs: 100, failFirstAttempts: 0 }, priority: 0, maxAttempts: 5 });
  const runId = row.id;
  const holder = await waitFor(
    'the run to be running with 2 node-start events',
    fleet,
    async () => {
      const { rows } = await database.pool.query<{ status: string; lease_owner: string | null; node_starts: number }>(
        `SELECT status, lease_owner, (SELECT count(*)::int FROM run_events WHERE run_id = $1 AND type = 'node-start') AS node_starts
         FROM runs WHERE id = $1`,
        [runId],
      );
      const state = rows[0];
      return state?.status === 'running' && state.node_starts >= 2 ? state.lease_owner : undefined;
    },
    pollIntervalMs,
  );
  // lease_owner is `host:pid#workerKey`.
  const pid = Number(/:(\d+)#\d+$/.exec(holder ?? '')?.[1]);
  const victim = fleet.find(pid);
  if (!victim || victim.exited) {
    throw new Error(`the run is held by "${holder}", which is not one of our live workers`);
  }

  // The kill time comes from the database clock, like the recovery events it is compared with.
  const before = await database.pool.query<{ killed_at: string; last_seq: number }>(
    `SELECT clock_timestamp()::text AS killed_at, (SELECT max(seq) FROM run_events WHERE run_id = $1) AS last_seq`,
    [runId],
  );
  victim.child.kill('SIGKILL');
  const { killed_at: killedAt, last_seq: lastSeq } = before.rows[0] ?? { killed_at: '', last_seq: 0 };

  const recovery = await waitFor(
    'the run to start again in another worker',
    fleet,
    async () => {
      const { rows } = await database.pool.query<{ recovery_ms: number; detection_ms: number | null; pickup_ms: number | null }>(
        `SELECT (extract(epoch FROM started.created_at - $3::timestamptz) * 1000)::float8 AS recovery_ms,
                (extract(epoch FROM queued.created_at - $3::timestamptz) * 1000)::float8 AS detection_ms,
                (extract(epoch FROM started.created_at - queued.created_at) * 1000)::float8 AS pickup_ms
         FROM run_events AS started
         LEFT JOIN LATERAL (
           SELECT created_at FROM run_events
           WHERE run_id = $1 AND type = 'run-queued' AND seq > $2 AND seq < started.seq
           ORDER BY seq LIMIT 1) AS queued ON true
         WHERE started.run_id = $1 AND started.type = 'run-started' AND started.seq > $2
         ORDER BY started.seq LIMIT 1`,
        [runId, lastSeq, killedAt],
      );
      return rows[0];
    },
    pollIntervalMs,
  );

  // Leave two idle workers for the next kill: cancel this run and replace the killed process.
  // The run may already have finished on the survivor; only a still-running one needs cancelling.
  await cancelRun(database.pool, runId, 'recovery-bench').catch((error: unknown) => {
    if (!isAppError(error) || error.code !== 'RUN_NOT_CANCELLABLE') throw error;
  });
  fleet.spawnWorker();
  await waitFor(
    'the recovered run to end after cancellation',
    fleet,
    async () => {
      const { rows } = await database.pool.query<{ ended: boolean }>('SELECT ended_at IS NOT NULL AS ended FROM runs WHERE id = $1', [runId]);
      return rows[0]?.ended === true ? true : undefined;
    },
    20,
  );
  await waitForLiveWorkers(database, fleet, 2);
  return { recoveryMs: recovery.recovery_ms, detectionMs: recovery.detection_ms ?? Number.NaN, pickupMs: recovery.pickup_ms ?? Number.NaN };
}

async function main(): Promise<void> {
  const database = await openBenchDatabase();
  const fleet = new WorkerFleet(database.connectionString);
  // Even if this process dies on an error the finally block cannot see, no worker outlives it.
  const killOnExit = () => fleet.killAllNow();
  process.on('exit', killOnExit);
  try {
    printHeader('crash recovery (kill -9 of a worker process)', database.serverVersion, [
      ['database', `${database.source}; ${database.commitSettings}`],
      ['workers', `2 × \`node --import tsx src/cli/main.ts worker\`, concurrency 1, sweep every ${sweepIntervalMs} ms`],
      ['workload', `${repetitions} kills of the worker holding a demo-steps run (50 steps × 100 ms), polled every ${pollIntervalMs} ms`],
    ]);
    printProgress('starting 2 worker processes');
    fleet.spawnWorker();
    fleet.spawnWorker();
    await waitForLiveWorkers(database, fleet, 2);

    const recoveries: Recovery[] = [];
    for (let repetition = 1; repetition <= repetitions; repetition += 1) {
      const recovery = await measureOneKill(database, fleet);
      recoveries.push(recovery);
      printProgress(`kill ${repetition}/${repetitions}: running again after ${formatMilliseconds(recovery.recoveryMs)} (detected ${formatMilliseconds(recovery.detectionMs)}, picked up ${formatMilliseconds(recovery.pickupMs)} later)`);
    }

    const recovery = summarize(recoveries.map((sample) => sample.recoveryMs));
    const detection = summarize(recoveries.map((sample) => sample.detectionMs));
    const pickup = summarize(recoveries.map((sample) => sample.pickupMs));
    printResults([
      ['kill → running again', formatDistribution(recovery, ['p50', 'p95', 'p99', 'max'])],
      ['  kill → requeued', `${formatDistribution(detection, ['min', 'p50', 'max'])}  (sweeper noticed the lost liveness lock)`],
      ['  requeued → claimed', `${formatDistribution(pickup, ['min', 'p50', 'max'])}  (NOTIFY, claim by the other worker)`],
      ['targets', ''],
      ['  p50 ≤ 0.5 s', `${formatMilliseconds(recovery.p50)}: ${judgeTarget(recovery.p50, targets.p50, 'atMost')}`],
      ['  p99 ≤ 2 s', `${formatMilliseconds(recovery.p99)}: ${judgeTarget(recovery.p99, targets.p99, 'atMost')}`],
    ]);
  } finally {
    await fleet.stopAll();
    process.off('exit', killOnExit);
    await database.close().catch((error: unknown) => process.stderr.write(`closing the bench database failed: ${(error as Error).message}\n`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`recovery benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
