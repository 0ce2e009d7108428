import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
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
  // Its own CLI config folder: the first serve saves the owner's key there, never in the real home.
  const environment: NodeJS.ProcessEnv = { ...process.env, AGENTBUS_DATA_DIR: path.join(folder, '.agentbus', 'pg'), AGENTBUS_CONFIG_DIR: path.join(folder, 'config'), LOG_LEVEL: 'warn', ...extra };
  delete environment.DATABASE_URL;
  if (!('AGENTBUS_API_KEY' in extra)) delete environment.AGENTBUS_API_KEY;
  if (!('AGENTBUS_AUTH' in extra)) delete environment.AGENTBUS_AUTH;
  return environment;
}

/** Runs the CLI to completion; a non-zero exit is a result, not an exception. */
async function runCli(args: string[], extra: Record<string, string> = {}, timeout = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args], { cwd: folder, env: newcomerEnvironment(extra), timeout });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
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
        const match = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(stripVTControlCharacters(serveOutput));
        if (match?.[1]) resolve(match[1]);
      };
      serve?.stdout?.on('data', onData);
      serve?.stderr?.on('data', onData);
      serve?.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${serveOutput}`)));
    });
    expect(serveOutput).toContain('initialising a new PostgreSQL data directory');
    // The first start creates the owner, prints the one-time key and saves it for this machine's CLI.
    await new Promise<void>((resolve) => {
      const check = () => (/saved for the CLI/.test(serveOutput) ? resolve() : setTimeout(check, 20));
      check();
    });
    expect(stripVTControlCharacters(serveOutput)).toMatch(/Owner API key \(shown once; store it now\): abk_\w{12}_[\w-]{43}/);
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, migrations: true } });
  });

  it('runs hello-approval with --follow, renders its events live, and exits 0 when the gate times out to approve', async () => {
    const { code, stdout, stderr } = await runCli(['run', 'hello-approval', '--input', '{"name":"Ada","approvalTimeoutSeconds":1}', '--follow'], { AGENTBUS_URL: baseUrl });
    // Once in about ten CI passes this has not exited within 60 s (code -1); what it printed, and the
    // server's log, are what the next look at it needs.
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}\nserve:\n${serveOutput.slice(-4000)}`).toBe(0);
    const lines = stdout.split('\n');
    for (const expected of ['queued', '▶ greet', 'greeter: Hello, Ada!', '⏸ review', 'approvals decide', 'deadline passed', 'artifact greeting.txt', 'succeeded']) {
      expect(lines.some((line) => line.includes(expected)), `a line containing "${expected}" in:\n${stdout}`).toBe(true);
    }
    const list = await runCli(['runs', 'list', '--json'], { AGENTBUS_URL: baseUrl });
    expect((JSON.parse(list.stdout) as { items: { status: string }[] }).items[0]?.status).toBe('succeeded');
  });

  it('decides an approval from the CLI', async () => {
    const created = await runCli(['run', 'hello-approval', '--input', '{"name":"Grace"}', '--json', '--label', 'team=ml', 'region=eu-west-1'], { AGENTBUS_URL: baseUrl });
    const { id: runId, metadata } = JSON.parse(created.stdout) as { id: string; metadata: Record<string, unknown> };
    expect(metadata).toEqual({ team: 'ml', region: 'eu-west-1' });
    let approvalId: string | undefined;
    for (let attempt = 0; attempt < 100 && !approvalId; attempt += 1) {
      const listed = await runCli(['approvals', 'list', '--run', runId, '--json'], { AGENTBUS_URL: baseUrl });
      approvalId = (JSON.parse(listed.stdout) as { items: { id: string }[] }).items[0]?.id;
      if (!approvalId) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(approvalId).toBeDefined();
    expect((await runCli(['approvals', 'decide', approvalId as string, '--reject', '--comment', 'not today'], { AGENTBUS_URL: baseUrl })).code).toBe(0);
    const shown = await runCli(['runs', 'show', runId, '--follow'], { AGENTBUS_URL: baseUrl }, 30_000);
    // A rejected greeting still ends the run successfully: the workflow handles the rejection.
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('publish-greeting: reject');
    expect(shown.stdout).toContain('"result":"discarded"');
  });

  it('explains a client mistake and an unreachable server without a stack trace', async () => {
    const unknown = await runCli(['run', 'no-such-workflow'], { AGENTBUS_URL: baseUrl });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('WORKFLOW_NOT_FOUND');
    const anonymous = await runCli(['runs', 'list'], { AGENTBUS_URL: baseUrl, AGENTBUS_CONFIG_DIR: path.join(folder, 'no-saved-key') });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain('UNAUTHENTICATED');
    expect(anonymous.stderr).toContain('agentbus login');
    const offline = await runCli(['runs', 'list'], { AGENTBUS_URL: 'http://127.0.0.1:9' });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain('Cannot reach Agent Bus');
    expect(offline.stderr).not.toMatch(/\n\s+at /);
  });

  it('manages API keys from the CLI: create (shown once), login with it elsewhere, whoami, revoke', async () => {
    const created = await runCli(['keys', 'create', 'ci-reader', '--role', 'viewer', '--json'], { AGENTBUS_URL: baseUrl });
    expect(created.code, created.stderr).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; key: string; role: string };
    expect(key.role).toBe('viewer');
    const elsewhere = { AGENTBUS_URL: baseUrl, AGENTBUS_CONFIG_DIR: path.join(folder, 'second-machine') };
    const login = await runCli(['login', '--key', key.key], elsewhere);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('(viewer)');
    expect((await runCli(['whoami', '--json'], elsewhere)).stdout).toContain('"role": "viewer"');
    // A viewer reads but cannot start runs.
    const denied = await runCli(['run', 'hello-approval', '--input', '{"name":"Eve"}'], elsewhere);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('FORBIDDEN');
    const listed = await runCli(['keys', 'list'], { AGENTBUS_URL: baseUrl });
    expect(listed.stdout).toContain('ci-reader');
    expect(listed.stdout).not.toContain(key.key);
    expect((await runCli(['keys', 'revoke', key.id], { AGENTBUS_URL: baseUrl })).code).toBe(0);
    const revoked = await runCli(['whoami'], elsewhere);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain('UNAUTHENTICATED');
  });

  it('stops gracefully on SIGTERM and stops its embedded PostgreSQL', async () => {
    const pidFile = await readPostmasterPidFile(path.join(folder, '.agentbus', 'pg'));
    expect(pidFile).toBeDefined();
    const exited = new Promise<number | null>((resolve) => serve?.on('exit', (code) => resolve(code)));
    serve?.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await isPostgresProcess(pidFile?.pid ?? -1)).toBe(false);
  });

  it('refuses a non-loopback address with authentication off unless told explicitly', async () => {
    const refused = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], { AGENTBUS_AUTH: 'off' }, 30_000);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Refusing to listen on 0.0.0.0');
  });
});
