// The product's main job, timed: `agentbus design "<fraud-detection request>" --yes --json` with the
// embedded PostgreSQL and the built-in agents, from spawning the CLI to the zip written and unpacked
// (the JSON result on stdout) and to the process exit. p50 over 10 runs, after one warm-up run that
// creates the database. Then the same design against a running `agentbus serve` (AGENTBUS_URL), which
// leaves out starting Node, PostgreSQL and the engine.
// Usage: npm run bench:architect   (always the embedded database: DATABASE_URL is removed for the child)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '../src/store/embedded/free-port.js';
import { loadSharedExamples } from '../src/testing/load-shared-examples.js';
import { binaryNodeFlags, ensureBuilt, postgresVersion, repositoryRoot, stopOrphanPostgres, waitForExit } from './agentbus-process.js';
import { formatDistribution, formatMilliseconds, judgeTarget, printHeader, printProgress, printResults, type ReportLine } from './bench-report.js';
import { summarize } from './percentiles.js';

const measuredRuns = 10;
const targetMs = 3_000;
/** Bounds each design: a CLI that hangs ends the benchmark. */
const designTimeoutMs = 120_000;

/** One design: how long it took, and when each progress line of the CLI appeared. */
interface DesignMeasurement {
  /** Spawn → the JSON result on stdout, printed once the zip is written and unpacked. */
  resultMs: number;
  /** Spawn → process exit (includes stopping the embedded PostgreSQL). */
  totalMs: number;
  files: number;
  zipBytes: number;
  milestones: { atMs: number; line: string }[];
}

async function design(dataDirectory: string, outputDirectory: string, request: string, serverUrl?: string): Promise<DesignMeasurement> {
  const environment: NodeJS.ProcessEnv = { ...process.env, AGENTBUS_DATA_DIR: dataDirectory, NO_COLOR: '1' };
  delete environment.DATABASE_URL;
  delete environment.AGENTBUS_URL;
  if (serverUrl) environment.AGENTBUS_URL = serverUrl;
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...binaryNodeFlags(), 'bin/agentbus.js', 'design', request, '--yes', '--json', '--out', outputDirectory], { cwd: repositoryRoot, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  const milestones: DesignMeasurement['milestones'] = [];
  const stderr: string[] = [];
  let stdout = '';
  let resultMs: number | undefined;
  child.stderr?.on('data', (chunk: Buffer) => {
    const atMs = performance.now() - spawnedAt;
    for (const line of chunk.toString().split('\n').filter((text) => text.trim() !== '')) {
      stderr.push(line);
      milestones.push({ atMs, line });
    }
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    resultMs ??= performance.now() - spawnedAt;
    stdout += chunk.toString();
  });
  try {
    if (!(await waitForExit(child, designTimeoutMs))) {
      // Say which half hung: following the run (no result yet) or exiting after printing it.
      const stage = resultMs === undefined ? 'no result was printed' : `the result was printed after ${formatMilliseconds(resultMs)} but the process did not exit`;
      throw new Error(`agentbus design did not finish within ${designTimeoutMs / 1000} s (${stage}):\n${stderr.slice(-20).join('\n')}`);
    }
    const totalMs = performance.now() - spawnedAt;
    if (child.exitCode !== 0) throw new Error(`agentbus design exited ${child.exitCode}:\n${stderr.slice(-20).join('\n')}`);
    const result = JSON.parse(stdout) as { artifact: string; outputDir: string };
    if (!existsSync(result.artifact)) throw new Error(`the zip ${result.artifact} was not written`);
    return { resultMs: resultMs ?? totalMs, totalMs, files: await countFiles(result.outputDir), zipBytes: (await stat(result.artifact)).size, milestones };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
      await stopOrphanPostgres(dataDirectory);
    }
  }
}

/** `agentbus serve` on the same data directory, for the designs that skip the process start. */
async function startServer(dataDirectory: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await findFreePort();
  const environment: NodeJS.ProcessEnv = { ...process.env, AGENTBUS_DATA_DIR: dataDirectory };
  delete environment.DATABASE_URL;
  const child = spawn(process.execPath, [...binaryNodeFlags(), 'bin/agentbus.js', 'serve', '--port', String(port)], { cwd: repositoryRoot, env: environment, stdio: ['ignore', 'ignore', 'ignore'] });
  const url = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`agentbus serve exited ${child.exitCode}`);
    if (performance.now() - startedAt > designTimeoutMs) throw new Error('agentbus serve did not get ready');
    const ready = await fetch(`${url}/readyz`).then((response) => response.ok, () => false);
    if (ready) break;
    await sleep(50);
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 30_000))) child.kill('SIGKILL');
      await stopOrphanPostgres(dataDirectory);
    },
  };
}

async function countFiles(folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}

/** The CLI's progress lines as "+N ms line", to show where a design spends its time. */
function describeMilestones(measurement: DesignMeasurement): ReportLine[] {
  return measurement.milestones.filter((_milestone, index, all) => index < 6 || index >= all.length - 6).map(({ atMs, line }) => [`    +${formatMilliseconds(atMs)}`, line.slice(0, 100)]);
}

async function main(): Promise<void> {
  await ensureBuilt();
  const request = loadSharedExamples().find((example) => example.id === 'fraud-realtime')?.text;
  if (!request) throw new Error('the shared examples have no fraud-realtime request');
  const folder = await mkdtemp(path.join(os.tmpdir(), 'agentbus-architect-'));
  try {
    // As root, PostgreSQL runs as `postgres`, which must be able to enter the data directory's parent.
    await chmod(folder, 0o755);
    const dataDirectory = path.join(folder, 'pg');
    printHeader('agentbus design (spawn → zip written and unpacked, process exited)', await postgresVersion(), [
      ['database', 'embedded (AGENTBUS_DATA_DIR in a fresh temporary folder, no DATABASE_URL), built-in agents, no model'],
      ['request', request],
      ['workload', `1 warm-up design (creates the database), then ${measuredRuns} designs, one at a time, each into a new --out folder`],
    ]);
    printProgress('warm-up design (initdb)');
    const warmUp = await design(dataDirectory, path.join(folder, 'out-warm-up'), request);
    const measured: DesignMeasurement[] = [];
    for (let run = 1; run <= measuredRuns; run += 1) {
      printProgress(`design ${run}/${measuredRuns}`);
      measured.push(await design(dataDirectory, path.join(folder, `out-${run}`), request));
    }
    const results = summarize(measured.map((measurement) => measurement.resultMs));
    const totals = summarize(measured.map((measurement) => measurement.totalMs));
    const typical = [...measured].sort((left, right) => left.resultMs - right.resultMs)[Math.floor(measured.length / 2)];

    printProgress(`starting agentbus serve for ${measuredRuns} designs against a running server`);
    const server = await startServer(dataDirectory);
    const againstServer: DesignMeasurement[] = [];
    try {
      for (let run = 1; run <= measuredRuns; run += 1) {
        printProgress(`design ${run}/${measuredRuns} against the server`);
        againstServer.push(await design(dataDirectory, path.join(folder, `out-server-${run}`), request, server.url));
      }
    } finally {
      await server.stop();
    }
    const served = summarize(againstServer.map((measurement) => measurement.resultMs));
    printResults([
      ['warm-up', `${formatMilliseconds(warmUp.totalMs)} (includes initdb)`],
      ['to zip written', formatDistribution(results, ['min', 'p50', 'p95', 'max'])],
      ['to exit', formatDistribution(totals, ['min', 'p50', 'p95', 'max'])],
      ['with serve running', `${formatDistribution(served, ['min', 'p50', 'p95', 'max'])} (AGENTBUS_URL: no process, database or engine start)`],
      ['output', `${typical?.files ?? 0} files, zip ${Math.round((typical?.zipBytes ?? 0) / 1024)} KiB`],
      ['milestones', 'first and last progress lines of the median design, since spawn:'],
      ...(typical ? describeMilestones(typical) : []),
      ['target', ''],
      ['  p50 ≤ 3 s (start → zip written)', `${formatMilliseconds(results.p50)}: ${judgeTarget(results.p50, targetMs, 'atMost')}`],
    ]);
  } finally {
    await stopOrphanPostgres(path.join(folder, 'pg'));
    await rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`architect benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
