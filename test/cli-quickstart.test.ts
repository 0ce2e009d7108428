import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPostmasterPidFile, isPostgresProcess } from '../src/store/embedded/postmaster-pid-file.js';

const execFileAsync = promisify(execFile);
const repositoryRoot = path.resolve(import.meta.dirname, '..');
const bin = path.join(repositoryRoot, 'bin', 'agentbus.js');
let folder: string;
let serve: ReturnType<typeof spawn> | undefined;
let serveOutput = '';
let baseUrl = '';

/** The environment a newcomer has: no DATABASE_URL, nothing configured. */
function newcomerEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, AGENTBUS_DATA_DIR: path.join(folder, '.agentbus', 'pg'), LOG_LEVEL: 'warn', ...extra };
  delete environment.DATABASE_URL;
  return environment;
}

beforeAll(async () => {
  // `npm test` builds first; when this file runs alone, build here so the real bin is tested.
  if (!existsSync(path.join(repositoryRoot, 'dist', 'cli', 'main.js'))) {
    await execFileAsync('npm', ['run', 'build'], { cwd: repositoryRoot });
  }
  folder = await mkdtemp(path.join(os.tmpdir(), 'agentbus-quickstart-'));
  await chmod(folder, 0o755);
});

afterAll(async () => {
  serve?.kill('SIGKILL');
  await rm(folder, { recursive: true, force: true });
});

describe('the README quickstart (npx agentbus serve, then run a workflow)', () => {
  it('serves on loopback with an embedded PostgreSQL and reports where it listens', async () => {
    serve = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: folder, env: newcomerEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    baseUrl = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        serveOutput += chunk.toString();
        const match = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(serveOutput.replace(/\x1b\[[0-9;]*m/g, ''));
        if (match?.[1]) resolve(match[1]);
      };
      serve?.stdout?.on('data', onData);
      serve?.stderr?.on('data', onData);
      serve?.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${serveOutput}`)));
    });
    expect(serveOutput).toContain('initialising a new PostgreSQL data directory');
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, migrations: true } });
  });

  it('runs hello-approval with --follow, renders its events live, and exits 0 when the gate times out to approve', async () => {
    const { stdout } = await execFileAsync(process.execPath, [bin, 'run', 'hello-approval', '--input', '{"name":"Ada","approvalTimeoutSeconds":1}', '--follow'], {
      cwd: folder,
      env: newcomerEnvironment({ AGENTBUS_URL: baseUrl }),
      timeout: 60_000,
    });
    const lines = stdout.split('\n');
    for (const expected of ['queued', '▶ greet', 'greeter: Hello, Ada!', '⏸ review', 'approvals decide', 'deadline passed', 'artifact greeting.txt', 'succeeded']) {
      expect(lines.some((line) => line.includes(expected)), `a line containing "${expected}" in:\n${stdout}`).toBe(true);
    }
    const list = await execFileAsync(process.execPath, [bin, 'runs', 'list', '--json'], { cwd: folder, env: newcomerEnvironment({ AGENTBUS_URL: baseUrl }) });
    expect((JSON.parse(list.stdout) as { items: { status: string }[] }).items[0]?.status).toBe('succeeded');
  });

  it('decides an approval from the CLI', async () => {
    const created = await execFileAsync(process.execPath, [bin, 'run', 'hello-approval', '--input', '{"name":"Grace"}', '--json'], { cwd: folder, env: newcomerEnvironment({ AGENTBUS_URL: baseUrl }) });
    const runId = (JSON.parse(created.stdout) as { id: string }).id;
    let approvalId: string | undefined;
    for (let attempt = 0; attempt < 100 && !approvalId; attempt += 1) {
      const listed = await execFileAsync(process.execPath, [bin, 'approvals', 'list', '--run', runId, '--json'], { cwd: folder, env: newcomerEnvironment({ AGENTBUS_URL: baseUrl }) });
      approvalId = (JSON.parse(listed.stdout) as { items: { id: string }[] }).items[0]?.id;
      if (!approvalId) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(approvalId).toBeDefined();
    await execFileAsync(process.execPath, [bin, 'approvals', 'decide', approvalId as string, '--reject', '--comment', 'not today'], { cwd: folder, env: newcomerEnvironment({ AGENTBUS_URL: baseUrl }) });
    const shown = await execFileAsync(process.execPath, [bin, 'runs', 'show', runId, '--follow'], { cwd: folder, env: newcomerEnvironment({ AGENTBUS_URL: baseUrl }), timeout: 30_000 }).catch((error: { stdout: string }) => error);
    expect(shown.stdout).toContain('publish-greeting: reject');
    expect(shown.stdout).toContain('"result":"discarded"');
  });

  it('explains a client mistake and an unreachable server without a stack trace', async () => {
    const unknown = await execFileAsync(process.execPath, [bin, 'run', 'no-such-workflow'], { cwd: folder, env: newcomerEnvironment({ AGENTBUS_URL: baseUrl }) }).catch((error: { code: number; stderr: string }) => error);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('WORKFLOW_NOT_FOUND');
    const offline = await execFileAsync(process.execPath, [bin, 'runs', 'list'], { cwd: folder, env: newcomerEnvironment({ AGENTBUS_URL: 'http://127.0.0.1:9' }) }).catch((error: { code: number; stderr: string }) => error);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain('Cannot reach Agent Bus');
    expect(offline.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops gracefully on SIGTERM and stops its embedded PostgreSQL', async () => {
    const pidFile = await readPostmasterPidFile(path.join(folder, '.agentbus', 'pg'));
    expect(pidFile).toBeDefined();
    const exited = new Promise<number | null>((resolve) => serve?.on('exit', (code) => resolve(code)));
    serve?.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await isPostgresProcess(pidFile?.pid ?? -1)).toBe(false);
  });

  it('refuses a non-loopback address without the explicit flag', async () => {
    const refused = await execFileAsync(process.execPath, [bin, 'serve', '--host', '0.0.0.0', '--port', '0'], { cwd: folder, env: newcomerEnvironment(), timeout: 30_000 }).catch((error: { code: number; stderr: string }) => error);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Refusing to listen on 0.0.0.0');
  });
});
