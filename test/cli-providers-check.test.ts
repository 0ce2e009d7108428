import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicMockServer } from '../src/testing/mock-providers/anthropic-mock-server.js';
import type { MockProviderServer } from '../src/testing/mock-providers/mock-provider-scenario.js';
import { startOpenAiMockServer } from '../src/testing/mock-providers/openai-mock-server.js';

const execFileAsync = promisify(execFile);
const repositoryRoot = path.resolve(import.meta.dirname, '..');
const bin = path.join(repositoryRoot, 'bin', 'agentbus.js');
const openAiKey = 'sk-check-0123456789abcdefghij';
const anthropicKey = 'sk-ant-check-0123456789abcdefghij';

let openai: MockProviderServer;
let anthropic: MockProviderServer;

beforeAll(async () => {
  if (!existsSync(path.join(repositoryRoot, 'dist', 'cli', 'main.js'))) await execFileAsync('npm', ['run', 'build'], { cwd: repositoryRoot });
  openai = await startOpenAiMockServer();
  anthropic = await startAnthropicMockServer();
});
afterAll(async () => {
  await openai?.close();
  await anthropic?.close();
});

async function providersCheck(extra: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const environment: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...extra };
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, 'providers', 'check', '--json', '--timeout', '10'], { env: environment, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('agentbus providers check', () => {
  it('asks every configured model, reports what answered and what failed (exit 1), and never prints a key', async () => {
    anthropic.enqueue({ kind: 'error', status: 401, message: `invalid x-api-key ${anthropicKey}` });
    const result = await providersCheck({ OPENAI_API_KEY: openAiKey, OPENAI_BASE_URL: openai.baseUrl, ANTHROPIC_API_KEY: anthropicKey, ANTHROPIC_BASE_URL: anthropic.baseUrl });
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { chain: string[]; checks: { provider: string; model: string; ok: boolean; error: { kind: string } | null }[] };
    expect(report.chain).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']);
    const byProvider = Object.fromEntries(report.checks.map((check) => [check.provider, check]));
    expect(byProvider.openai).toMatchObject({ model: 'gpt-4o-mini', ok: true, error: null });
    expect(byProvider.anthropic).toMatchObject({ model: 'claude-haiku-4-5', ok: false, error: { kind: 'authentication' } });
    expect(byProvider.builtin).toMatchObject({ ok: true });
    expect(openai.requests.at(-1)?.body).toMatchObject({ model: 'gpt-4o-mini', max_completion_tokens: 5 });
    for (const key of [openAiKey, anthropicKey]) expect(result.stdout + result.stderr).not.toContain(key);
  });

  it('exits 0 when every model answers, and stops with the variable named when the configuration is wrong', async () => {
    expect((await providersCheck({ OPENAI_API_KEY: openAiKey, OPENAI_BASE_URL: openai.baseUrl })).code).toBe(0);
    const misconfigured = await providersCheck({ AGENTBUS_MODEL_CHAIN: 'anthropic/claude-haiku-4-5' });
    expect(misconfigured.code).toBe(1);
    expect(misconfigured.stderr).toContain('AGENTBUS_MODEL_CHAIN: anthropic/claude-haiku-4-5 names provider "anthropic", which is not configured');
  });
});
