// What the benchmarks that spawn the real `agentbus` binary share: a fresh build, waiting for a
// child to exit, stopping a PostgreSQL a killed child left running, and the server's version.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadPostgresBinaries } from '../src/store/embedded/postgres-binaries.js';
import { readPostmasterPidFile } from '../src/store/embedded/postmaster-pid-file.js';
import { printProgress } from './bench-report.js';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Node flags of `bin/agentbus.js`'s shebang (`#!/usr/bin/env -S node <flags>`), which `npx
 * agentbus` runs with: a benchmark spawning `node bin/agentbus.js` passes them to measure the
 * server as installed.
 */
export function binaryNodeFlags(): string[] {
  const [shebang = ''] = readFileSync(path.join(repositoryRoot, 'bin', 'agentbus.js'), 'utf8').split('\n', 1);
  const words = shebang.replace(/^#!/, '').trim().split(/\s+/);
  const node = words.indexOf('node');
  return node === -1 ? [] : words.slice(node + 1);
}

/** Builds dist/ when it is missing (the binary runs the compiled code). */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(path.join(repositoryRoot, 'dist', 'cli', 'main.js'))) {
    return;
  }
  printProgress('dist/ is missing: running npm run build');
  const build = spawn('npm', ['run', 'build'], { cwd: repositoryRoot, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => build.on('exit', resolve));
  if (code !== 0) {
    throw new Error(`npm run build failed (exit ${code})`);
  }
}

/** True when the child exited within `timeoutMs`. */
export async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const exited = new Promise<true>((resolve) => child.once('exit', () => resolve(true)));
  return Promise.race([exited, sleep(timeoutMs, false)]);
}

/** A process killed on an error leaves its detached PostgreSQL running: stop it. */
export async function stopOrphanPostgres(dataDirectory: string): Promise<void> {
  const running = await readPostmasterPidFile(dataDirectory).catch(() => undefined);
  if (!running) return;
  try {
    process.kill(running.pid, 'SIGINT');
  } catch {
    return;
  }
  for (let waited = 0; waited < 10_000; waited += 50) {
    try {
      process.kill(running.pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
}

/** The embedded PostgreSQL's version line. */
export async function postgresVersion(): Promise<string> {
  const binaries = await loadPostgresBinaries();
  const { stdout } = await promisify(execFile)(binaries.postgres, ['--version']);
  return `${stdout.trim()} (embedded binaries)`;
}
