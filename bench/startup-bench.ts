// Start-up time of `agentbus serve` with the embedded PostgreSQL: from spawning the process to
// `/readyz` answering 200, on a fresh data directory (initdb included) and on an existing one.
// Usage: npm run bench:startup   (always the embedded database: DATABASE_URL is removed for the child)
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '../src/store/embedded/free-port.js';
import { binaryNodeFlags, ensureBuilt, postgresVersion, repositoryRoot, stopOrphanPostgres, waitForExit } from './agentbus-process.js';
import { formatDistribution, formatMilliseconds, judgeTarget, printHeader, printProgress, printResults, type ReportLine } from './bench-report.js';
import { summarize } from './percentiles.js';

const restarts = 5;
const readyPollMs = 10;
const targets = { firstStartMs: 5_000, restartMs: 1_500 };
/** Bounds each start and each stop: a server that never gets ready ends the benchmark. */
const startTimeoutMs = 60_000;
const stopTimeoutMs = 30_000;

/** One start of `agentbus serve`: when it was ready, and when each progress line appeared. */
interface StartMeasurement {
  readyMs: number;
  stopMs: number;
  /** Progress lines of the server (stderr) with the milliseconds since spawn they arrived at. */
  milestones: { atMs: number; line: string }[];
}


async function isReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    // Not listening yet (connection refused) or not answering yet.
    return false;
  }
}


async function startAndStop(dataDirectory: string): Promise<StartMeasurement> {
  const port = await findFreePort();
  const environment: NodeJS.ProcessEnv = { ...process.env, AGENTBUS_DATA_DIR: dataDirectory };
  delete environment.DATABASE_URL;
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...binaryNodeFlags(), 'bin/agentbus.js', 'serve', '--port', String(port)], { cwd: repositoryRoot, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  const milestones: StartMeasurement['milestones'] = [];
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    const atMs = performance.now() - spawnedAt;
    for (const line of chunk.toString().split('\n').filter((text) => text.trim() !== '')) {
      output.push(line);
      // Progress lines start with "…" (a step) or "✓" (ready); the rest is the welcome banner.
      if (/^[…✓✗]/.test(line)) milestones.push({ atMs, line });
    }
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString().trim()));
  try {
    let readyMs: number | undefined;
    while (readyMs === undefined) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`agentbus serve exited before it was ready:\n${output.slice(-20).join('\n')}`);
      }
      if (performance.now() - spawnedAt > startTimeoutMs) {
        throw new Error(`agentbus serve was not ready within ${startTimeoutMs / 1000} s:\n${output.slice(-20).join('\n')}`);
      }
      if (await isReady(port)) {
        readyMs = performance.now() - spawnedAt;
        break;
      }
      await sleep(readyPollMs);
    }
    const stopStartedAt = performance.now();
    child.kill('SIGTERM');
    if (!(await waitForExit(child, stopTimeoutMs))) {
      throw new Error(`agentbus serve did not exit within ${stopTimeoutMs / 1000} s of SIGTERM`);
    }
    return { readyMs, stopMs: performance.now() - stopStartedAt, milestones };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
    await stopOrphanPostgres(dataDirectory);
  }
}


/** The server's progress lines as "+N ms line", to show where a start spends its time. */
function describeMilestones(measurement: StartMeasurement): ReportLine[] {
  return measurement.milestones.map(({ atMs, line }) => [`    +${formatMilliseconds(atMs)}`, line.replace(/ in \d+ ms$/, '').slice(0, 90)]);
}


async function main(): Promise<void> {
  await ensureBuilt();
  const builtAt = (await stat(path.join(repositoryRoot, 'dist', 'cli', 'main.js'))).mtime;
  const folder = await mkdtemp(path.join(os.tmpdir(), 'agentbus-startup-'));
  try {
    // As root, PostgreSQL runs as `postgres`, which must be able to enter the data directory's parent.
    await chmod(folder, 0o755);
    const dataDirectory = path.join(folder, 'pg');
    printHeader('agentbus serve start-up (spawn → /readyz 200)', await postgresVersion(), [
      ['database', 'embedded (AGENTBUS_DATA_DIR in a fresh temporary folder, no DATABASE_URL)'],
      ['build', `dist/ built ${builtAt.toISOString()} (rebuild with npm run build if src/ changed since)`],
      ['workload', `1 first start (initdb), then ${restarts} restarts on the same data directory; /readyz polled every ${readyPollMs} ms`],
    ]);

    printProgress('first start on a fresh data directory');
    const first = await startAndStop(dataDirectory);
    const restartsMeasured: StartMeasurement[] = [];
    for (let restart = 1; restart <= restarts; restart += 1) {
      printProgress(`restart ${restart}/${restarts}`);
      restartsMeasured.push(await startAndStop(dataDirectory));
    }
    const restart = summarize(restartsMeasured.map((measurement) => measurement.readyMs));
    const stops = summarize([first, ...restartsMeasured].map((measurement) => measurement.stopMs));
    const typicalRestart = [...restartsMeasured].sort((left, right) => left.readyMs - right.readyMs)[Math.floor(restartsMeasured.length / 2)];
    printResults([
      ['milestones', 'when each progress line of the server arrived, since spawn (before the first: Node loading modules)'],
      ['first start', `${formatMilliseconds(first.readyMs)} to /readyz 200 (fresh data directory)`],
      ...describeMilestones(first),
      ['restarts', `${formatDistribution(restart, ['min', 'p50', 'max'])}; milestones of the median one:`],
      ...(typicalRestart ? describeMilestones(typicalRestart) : []),
      ['SIGTERM → exit', formatDistribution(stops, ['p50', 'max'])],
      ['targets', ''],
      ['  first start ≤ 5 s', `${formatMilliseconds(first.readyMs)}: ${judgeTarget(first.readyMs, targets.firstStartMs, 'atMost')}`],
      ['  restart p50 ≤ 1.5 s', `${formatMilliseconds(restart.p50)}: ${judgeTarget(restart.p50, targets.restartMs, 'atMost')}`],
      ['  restart max ≤ 1.5 s', `${formatMilliseconds(restart.max)}: ${judgeTarget(restart.max, targets.restartMs, 'atMost')}`],
    ]);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`startup benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
