// Latency the LLM gateway adds over calling the provider directly: a mock OpenAI server in its own
// process, the real `agentbus serve` (rate limits, a tenant budget, circuit breaker and ledger on)
// and the Portkey gateway in front of the same mock, all loaded from this process at concurrency
// 1 and 64, in interleaved rounds so that a noisy neighbour hits every target alike.
// Usage: npm run bench:gateway   (DATABASE_URL to use a server of your own; a fresh database is
// created on it and dropped at the end). Variants: AGENTBUS_RATE_LIMIT_* from the environment
// replace the bench's huge limits (0 turns a limit off); GATEWAY_BENCH_BUDGET=off skips the budget.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'undici';
import { generateApiKeySecret } from '../src/governance/identity/api-key-secret.js';
import { findFreePort } from '../src/store/embedded/free-port.js';
import { apiKeyStore } from '../src/store/identity/api-key-store.js';
import { binaryNodeFlags, ensureBuilt, repositoryRoot } from './agentbus-process.js';
import { openBenchDatabase, type BenchDatabase } from './bench-database.js';
import { formatMilliseconds, printHeader, printProgress, printResults, type ReportLine } from './bench-report.js';
import { benchApiKey, benchUsers, createBenchTargets, verifyTarget, verifyTargetStream, type BenchTarget } from './gateway/bench-target.js';
import { describePhase, summarizeRounds, toMarkdown, type AddedLatencyTargets, type PhaseFigures } from './gateway/gateway-report.js';
import { createTargetPool, measureLatency, type LatencyRun } from './gateway/measure-latency.js';
import { ServiceGroup, waitUntilIdle, waitUntilReady, type ServiceProcess } from './gateway/service-group.js';
import { summarize } from './percentiles.js';

const rounds = 3;
const phases = [
  { concurrency: 1, warmupRequests: 200, measuredRequests: 1_500 },
  { concurrency: 64, warmupRequests: 640, measuredRequests: 4_000 },
] as const;
const targets: AddedLatencyTargets = { p50AtOne: 0.5, p99AtOne: 1.5, p99AtHigh: 25 };
/** Bounds every burst and every start: a target that stalls ends the benchmark, not hangs it. */
const burstTimeLimitMs = 60_000;
const startTimeoutMs = 60_000;
/** Longest wait for the servers to finish warming up after they answer. */
const idleTimeoutMs = 20_000;
const defaultTenantId = '00000000-0000-0000-0000-000000000001';
const budgetLimitMicros = 1_000_000_000_000;
const portkeyFolder = path.join(repositoryRoot, 'node_modules', '@portkey-ai', 'gateway');

async function answersHttp(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function formatShare(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)} %` : 'unknown CPU (no /proc)';
}

/** Runs a bench server script (TypeScript, through tsx) that prints `{"port":N}` once it listens. */
async function startScriptServer(services: ServiceGroup, name: string, scriptArguments: readonly string[]): Promise<{ service: ServiceProcess; port: number }> {
  const service = services.spawn(name, process.execPath, ['--import', 'tsx', ...scriptArguments], { cwd: repositoryRoot, env: process.env });
  const [line] = await service.waitForLine(/^\{"port":\d+\}$/, startTimeoutMs);
  return { service, port: (JSON.parse(line) as { port: number }).port };
}

/** The mock provider: its own process, so its CPU time is not the load generator's. */
function startMockProvider(services: ServiceGroup): Promise<{ service: ServiceProcess; port: number }> {
  return startScriptServer(services, 'mock OpenAI server', ['bench/gateway/mock-openai-server.ts']);
}

/**
 * Rate limits high enough never to refuse the load, yet charged on every call (the defaults, 20
 * requests a minute per user, would refuse it). The caller's environment wins, for variants.
 */
function rateLimitEnvironment(): Record<string, string> {
  return {
    AGENTBUS_RATE_LIMIT_TENANT_RPM: process.env.AGENTBUS_RATE_LIMIT_TENANT_RPM ?? '10000000',
    // Token limits stay at Agent Bus's default (off) unless the environment sets them.
    ...(process.env.AGENTBUS_RATE_LIMIT_TENANT_TPM ? { AGENTBUS_RATE_LIMIT_TENANT_TPM: process.env.AGENTBUS_RATE_LIMIT_TENANT_TPM } : {}),
    AGENTBUS_RATE_LIMIT_USER_RPM: process.env.AGENTBUS_RATE_LIMIT_USER_RPM ?? '10000000',
    ...(process.env.AGENTBUS_RATE_LIMIT_USER_TPM ? { AGENTBUS_RATE_LIMIT_USER_TPM: process.env.AGENTBUS_RATE_LIMIT_USER_TPM } : {}),
  };
}

/** The bare Node relay in front of the mock: the floor of any Node gateway (bench/gateway/bare-relay-server.ts). */
function startBareRelay(services: ServiceGroup, mockPort: number, framework: 'node' | 'fastify'): Promise<{ service: ServiceProcess; port: number }> {
  return startScriptServer(services, `bare ${framework} relay`, ['bench/gateway/bare-relay-server.ts', String(mockPort), ...(framework === 'fastify' ? ['--fastify'] : [])]);
}

/** `agentbus serve` on the bench database, the mock as its openai provider. */
async function startAgentBus(services: ServiceGroup, database: BenchDatabase, mockPort: number): Promise<{ service: ServiceProcess; port: number }> {
  const port = await findFreePort();
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.connectionString,
    AGENTBUS_HOST: '127.0.0.1',
    AGENTBUS_PORT: String(port),
    OPENAI_API_KEY: benchApiKey,
    OPENAI_BASE_URL: `http://127.0.0.1:${mockPort}/v1`,
    ...rateLimitEnvironment(),
    LOG_LEVEL: 'warn',
  };
  // Only the openai provider, rate limits in PostgreSQL: nothing from the caller's setup.
  for (const name of ['AGENTBUS_CONFIG', 'AGENTBUS_MODEL_CHAIN', 'ANTHROPIC_API_KEY', 'AGENTBUS_OPENAI_COMPATIBLE_BASE_URL', 'REDIS_URL']) delete environment[name];
  const service = services.spawn('agentbus serve', process.execPath, [...binaryNodeFlags(), 'bin/agentbus.js', 'serve'], { cwd: repositoryRoot, env: environment });
  await waitUntilReady(service, () => answersHttp(`http://127.0.0.1:${port}/readyz`), startTimeoutMs);
  return { service, port };
}

/** The Portkey gateway's own Node server, headless (no UI, no log stream). */
async function startPortkey(services: ServiceGroup): Promise<{ service: ServiceProcess; port: number }> {
  const port = await findFreePort();
  const service = services.spawn('portkey gateway', process.execPath, [path.join(portkeyFolder, 'build', 'start-server.js'), `--port=${port}`, '--headless'], { cwd: repositoryRoot, env: process.env });
  await waitUntilReady(service, () => answersHttp(`http://127.0.0.1:${port}/`), startTimeoutMs);
  return { service, port };
}

/** Inserts the tenant budget every Agent Bus call reserves against and settles to. */
async function insertTenantBudget(database: BenchDatabase): Promise<void> {
  await database.pool.query(`INSERT INTO budgets (id, tenant_id, scope, scope_id, period, limit_micros) VALUES ($1, $2::uuid, 'tenant', $2::text, 'monthly', $3)`, [randomUUID(), defaultTenantId, budgetLimitMicros]);
}

/** An Agent Bus API key for the load (authentication is on, as in any real deployment): a developer key of the default tenant. */
async function insertBenchApiKey(database: BenchDatabase): Promise<string> {
  const secret = generateApiKeySecret();
  await apiKeyStore.insert(database.pool, { id: randomUUID(), tenantId: defaultTenantId, name: 'gateway bench', prefix: secret.prefix, secretHash: secret.hash, role: 'developer', projectId: null, createdBy: 'bench', expiresAt: null });
  return secret.key;
}

/** Each round's runs of each target at each concurrency, the order of targets rotating from round to round. */
async function runRounds(benchTargets: readonly BenchTarget[]): Promise<{ figures: PhaseFigures[]; sent: Map<BenchTarget['name'], number> }> {
  const pools = new Map<string, Pool>();
  const poolFor = (target: BenchTarget, concurrency: number) => {
    const key = `${target.name}@${concurrency}`;
    const existing = pools.get(key);
    if (existing) return existing;
    const created = createTargetPool(target, concurrency);
    pools.set(key, created);
    return created;
  };
  const runs = new Map<string, LatencyRun[]>();
  // Every request sent, warm-ups included, to compare with the ledger.
  const sent = new Map<BenchTarget['name'], number>();
  const count = (target: BenchTarget, run: LatencyRun) => sent.set(target.name, (sent.get(target.name) ?? 0) + run.sent);
  try {
    for (let round = 0; round < rounds; round += 1) {
      const order = benchTargets.map((_, index) => benchTargets[(index + round) % benchTargets.length] as BenchTarget);
      for (const phase of phases) {
        for (const target of order) {
          const pool = poolFor(target, phase.concurrency);
          count(target, await measureLatency(pool, target, phase.concurrency, phase.warmupRequests, burstTimeLimitMs));
          const run = await measureLatency(pool, target, phase.concurrency, phase.measuredRequests, burstTimeLimitMs);
          count(target, run);
          const key = `${target.name}@${phase.concurrency}`;
          runs.set(key, [...(runs.get(key) ?? []), run]);
          const latency = summarize(run.latenciesMs);
          const failed = [...run.errors.values()].reduce((total, entry) => total + entry.count, 0);
          printProgress(
            `round ${round + 1}/${rounds} · concurrency ${phase.concurrency} · ${target.label}: p50 ${formatMilliseconds(latency.p50)} · p99 ${formatMilliseconds(latency.p99)} · ` +
              `${Math.round(run.throughput)} req/s${failed > 0 ? ` · ${failed} ERRORS` : ''}${run.sent < phase.measuredRequests ? ` · cut short at ${run.sent} requests` : ''}`,
          );
        }
      }
    }
  } finally {
    await Promise.all([...pools.values()].map((pool) => pool.close()));
  }
  const figures = phases.map((phase): PhaseFigures => {
    const figuresOf = (name: BenchTarget['name']) => {
      const target = benchTargets.find((candidate) => candidate.name === name) as BenchTarget;
      return summarizeRounds(target, runs.get(`${name}@${phase.concurrency}`) ?? []);
    };
    return {
      concurrency: phase.concurrency,
      measuredRequests: phase.measuredRequests,
      byTarget: { direct: figuresOf('direct'), relay: figuresOf('relay'), fastify: figuresOf('fastify'), agentbus: figuresOf('agentbus'), portkey: figuresOf('portkey') },
    };
  });
  return { figures, sent };
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  await ensureBuilt();
  const portkeyVersion = (JSON.parse(await readFile(path.join(portkeyFolder, 'package.json'), 'utf8')) as { version: string }).version;
  const withBudget = process.env.GATEWAY_BENCH_BUDGET !== 'off';
  const database = await openBenchDatabase({ poolSize: 2, applicationName: 'agentbus-bench-gateway' });
  const services = new ServiceGroup();
  // No server outlives the benchmark, even when it dies on an error or is interrupted.
  const killServices = () => services.killAllNow();
  process.on('exit', killServices);
  process.once('SIGINT', killServices);
  process.once('SIGTERM', killServices);
  try {
    printHeader('LLM gateway added latency (Agent Bus and Portkey over a direct call to the same mock)', database.serverVersion, [
      ['database', `${database.source}, fresh database; ${database.commitSettings}`],
      ['agentbus', `node ${[...binaryNodeFlags(), ''].join(' ')}bin/agentbus.js serve (dist/, the shebang's flags), LOG_LEVEL=warn, ${process.env.AGENTBUS_DATABASE_POOL_SIZE ?? 20} database connections, ${withBudget ? `a tenant budget of ${budgetLimitMicros / 1e6} USD a month` : 'NO budget (GATEWAY_BENCH_BUDGET=off)'}, rate limits in PostgreSQL:`],
      ...Object.entries(rateLimitEnvironment()).map(([name, value]): ReportLine => [`  ${name}`, value]),
      ['portkey', `@portkey-ai/gateway ${portkeyVersion}, build/start-server.js --headless, x-portkey-custom-host to the mock`],
      ['mock provider', 'node:http in its own process, fixed chat.completion (22 tokens), keep-alive'],
      ['bare relays', 'node:http (and, separately, one Fastify route) + undici Pool, each in its own process: parse, forward, parse the answer, send it'],
      ['load', `undici Pool per target, connections = concurrency, closed loop; ${benchUsers} users round-robin`],
      ['workload', phases.map((phase) => `c=${phase.concurrency}: ${phase.warmupRequests} warm-up + ${phase.measuredRequests} measured`).join('; ') + `, per target per round, ${rounds} rounds, target order rotating`],
    ]);
    if (withBudget) await insertTenantBudget(database);
    const agentbusKey = await insertBenchApiKey(database);
    printProgress('starting the mock provider, the bare relays, agentbus serve and the Portkey gateway');
    const mock = await startMockProvider(services);
    const relay = await startBareRelay(services, mock.port, 'node');
    const fastifyRelay = await startBareRelay(services, mock.port, 'fastify');
    const agentbus = await startAgentBus(services, database, mock.port);
    const portkey = await startPortkey(services);
    const benchTargets = createBenchTargets({ mock: mock.port, relay: relay.port, fastify: fastifyRelay.port, agentbus: agentbus.port, portkey: portkey.port }, agentbusKey);
    const quietSince = performance.now();
    const [agentbusCpu, portkeyCpu] = await Promise.all([waitUntilIdle(agentbus.service, idleTimeoutMs), waitUntilIdle(portkey.service, idleTimeoutMs)]);
    printProgress(`servers quiet after ${formatMilliseconds(performance.now() - quietSince)}: Agent Bus at ${formatShare(agentbusCpu)}, Portkey at ${formatShare(portkeyCpu)} of a core`);

    printProgress('checking one completion through each path');
    for (const target of benchTargets) await verifyTarget(target);
    for (const target of benchTargets.filter((candidate) => candidate.name === 'direct' || candidate.name === 'agentbus')) await verifyTargetStream(target);
    const portkeyStream = benchTargets.find((target) => target.name === 'portkey') as BenchTarget;
    await verifyTargetStream(portkeyStream).then(
      () => printProgress('streams: a complete stream through each path'),
      (error: unknown) => printProgress(`streams: direct and Agent Bus complete; Portkey failed (not measured here): ${(error as Error).message.slice(0, 160)}`),
    );

    const { figures, sent } = await runRounds(benchTargets);
    // Plus the two checks (one completion, one stream).
    const agentbusRequests = (sent.get('agentbus') ?? 0) + 2;
    // Stopping Agent Bus flushes its batched ledger and budget settlements: then they can be counted.
    await services.stopAll();
    const ledger = await database.pool.query<{ rows: number; cost_micros: string | null }>('SELECT count(*)::int AS rows, sum(cost_micros)::text AS cost_micros FROM llm_calls');
    const spent = await database.pool.query<{ spent_micros: string | null; reserved_micros: string | null }>('SELECT sum(spent_micros)::text AS spent_micros, sum(reserved_micros)::text AS reserved_micros FROM budget_windows');
    const ledgerRows = ledger.rows[0]?.rows ?? 0;
    const totalErrors = figures.reduce((total, phase) => total + Object.values(phase.byTarget).reduce((sum, target) => sum + [...target.errors.values()].reduce((count, entry) => count + entry.count, 0), 0), 0);

    printResults([
      ['definitions', `percentiles of client-side latency (request sent → body read); each figure is the median over ${rounds} rounds of that round's percentile;`],
      ['', 'added = gateway percentile − direct-to-mock percentile at the same concurrency'],
      ...figures.flatMap((phase, index) => describePhase(phase, targets, index > 0)),
      ['ledger', `${ledgerRows} llm_calls rows for ${agentbusRequests} requests through Agent Bus (after its shutdown flush)${ledgerRows === agentbusRequests ? '' : ' MISMATCH'}, cost ${ledger.rows[0]?.cost_micros ?? '0'} µUSD`],
      ['budget', withBudget ? `spent ${spent.rows[0]?.spent_micros ?? '0'} µUSD, still reserved ${spent.rows[0]?.reserved_micros ?? '0'} µUSD` : 'none'],
      ['errors', totalErrors === 0 ? 'none' : `${totalErrors} failed requests (see ERRORS above)`],
      ['node', `${process.version}; whole benchmark ${formatMilliseconds(performance.now() - startedAt)}`],
    ]);
    process.stdout.write(`--- markdown for the README ---\n\n${toMarkdown(figures, targets, { portkeyVersion, postgres: database.serverVersion, rounds })}\n\n`);
    // Errors are not targets: figures of a path that fails requests are not figures at all.
    if (totalErrors > 0) process.exitCode = 1;
  } finally {
    await services.stopAll();
    process.off('exit', killServices);
    process.off('SIGINT', killServices);
    process.off('SIGTERM', killServices);
    await database.close().catch((error: unknown) => process.stderr.write(`closing the bench database failed: ${(error as Error).message}\n`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
