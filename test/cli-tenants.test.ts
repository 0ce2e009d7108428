import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Authenticator } from '../src/governance/identity/authenticator.js';
import { startAuthentication } from '../src/governance/identity/start-authentication.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/create-test-database.js';

const execFileAsync = promisify(execFile);
const repositoryRoot = path.resolve(import.meta.dirname, '..');
const bin = path.join(repositoryRoot, 'bin', 'agentbus.js');
let database: TestDatabase;
let authenticator: Authenticator;

beforeAll(async () => {
  if (!existsSync(path.join(repositoryRoot, 'dist', 'cli', 'main.js'))) await execFileAsync('npm', ['run', 'build'], { cwd: repositoryRoot });
  database = await createTestDatabase();
  authenticator = await startAuthentication(database.pool, undefined);
});

afterAll(async () => {
  await authenticator?.close();
  await database?.drop();
});

async function runCli(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: database.connectionString, LOG_LEVEL: 'warn' }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input ?? '');
  });
}

describe('agentbus tenants (operator commands on the database)', () => {
  it('creates a tenant whose owner key works and belongs to it alone, lists it, and refuses a taken name or email', async () => {
    const created = await runCli(['tenants', 'create', 'Acme Payments', '--owner-email', 'ops@acme.test', '--owner-password-stdin', '--json'], 'a long enough password\n');
    expect(created.code, created.stderr).toBe(0);
    const tenant = JSON.parse(created.stdout) as { tenantId: string; ownerEmail: string; apiKey: string };
    expect(tenant.ownerEmail).toBe('ops@acme.test');
    const authentication = await authenticator.authenticate(tenant.apiKey);
    expect(authentication).toMatchObject({ principal: { kind: 'api_key', role: 'owner', tenantId: tenant.tenantId } });
    // The owner can also sign in with the password given on standard input.
    expect(await authenticator.signIn('ops@acme.test', 'a long enough password')).toMatchObject({ principal: { tenantId: tenant.tenantId, role: 'owner' } });

    const listed = await runCli(['tenants', 'list', '--json']);
    expect((JSON.parse(listed.stdout) as { name: string; users: number }[]).find((row) => row.name === 'Acme Payments')).toMatchObject({ users: 1 });

    const again = await runCli(['tenants', 'create', 'Acme Payments', '--owner-email', 'other@acme.test']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('A tenant named "Acme Payments" already exists');
    const sameEmail = await runCli(['tenants', 'create', 'Acme Two', '--owner-email', 'ops@acme.test']);
    expect(sameEmail.code).toBe(1);
    expect(sameEmail.stderr).toContain('ops@acme.test already exists');
    // All or nothing: the refused tenant was not left behind without an owner.
    const { rows } = await database.pool.query<{ count: number }>(`SELECT count(*)::integer AS count FROM tenants WHERE name = 'Acme Two'`);
    expect(rows[0]?.count).toBe(0);
  });
});
