import { hostname } from 'node:os';
import { colours as pc } from '../output/terminal-colours.js';
import { createLogger } from '../../observability/create-logger.js';
import { appDependenciesFromConfig } from '../app-dependencies-from-config.js';
import { engineOptionsFromConfig } from '../engine-options-from-config.js';
import { parseEnvironment, serverEnvironmentSchema, type ServerConfig } from '../config/server-config.js';
import { isLoopbackHost } from '../is-loopback-host.js';
import { openDatabase } from '../open-database.js';
import { createProgress } from '../output/progress.js';
import { packageVersion } from '../package-version.js';
import { onShutdownSignal } from '../on-shutdown-signal.js';
import { gatewayConfigFromEnvironment } from '../gateway-config-from-environment.js';
import type { Engine } from '../../engine/start-engine.js';

/** Flags of `agentbus serve` and `agentbus worker`. */
export interface ServerProcessFlags {
  port?: string;
  host?: string;
  concurrency?: string;
  worker?: boolean;
  allowInsecureRemote?: boolean;
}

/**
 * `agentbus serve`: the API, one embedded worker, the sweeper and the approval timer in one
 * process. `agentbus worker` (withApi false): the same engine without HTTP, for scale-out.
 */
export async function runServerProcess(flags: ServerProcessFlags, withApi: boolean): Promise<void> {
  const config: ServerConfig = parseEnvironment(serverEnvironmentSchema, {
    ...process.env,
    ...(flags.port === undefined ? {} : { AGENTBUS_PORT: flags.port }),
    ...(flags.host === undefined ? {} : { AGENTBUS_HOST: flags.host }),
    ...(flags.concurrency === undefined ? {} : { AGENTBUS_CONCURRENCY: flags.concurrency }),
  });
  const insecureRemote = withApi && config.AGENTBUS_AUTH === 'off' && !isLoopbackHost(config.AGENTBUS_HOST);
  if (insecureRemote && !flags.allowInsecureRemote) {
    throw new Error(
      `Refusing to listen on ${config.AGENTBUS_HOST} with AGENTBUS_AUTH=off: anyone who can reach that address could run workflows and decide approvals. ` +
        'Turn authentication on (the default), listen on 127.0.0.1, or pass --allow-insecure-remote if you really mean it.',
    );
  }
  const gatewayConfig = gatewayConfigFromEnvironment(config);
  const startedAt = performance.now();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: process.stdout.isTTY === true, destination: 1 });
  if (insecureRemote) {
    logger.warn(`INSECURE: listening on ${config.AGENTBUS_HOST} WITHOUT AUTHENTICATION (--allow-insecure-remote). Anyone who can reach this address controls this Agent Bus.`);
  }
  // Load the engine (LangGraph) and the API (Fastify) while PostgreSQL starts and migrates: module
  // loading is most of a restart's time on a small machine.
  const modules = Promise.all([
    import('../../engine/start-engine.js'),
    import('../../workflows/built-in-workflows.js'),
    import('../../http/create-app.js'),
    import('../../gateway/start-llm-gateway.js'),
    import('../../observability/create-metrics-registry.js'),
    import('../start-governance.js'),
    import('../../governance/policies/policy-engine.js'),
    import('../../governance/policies/cel-policy-gate.js'),
    import('../../governance/policies/create-llm-policy-check.js'),
  ]);
  modules.catch(() => undefined);
  const progress = await createProgress();
  progress.step(config.DATABASE_URL ? 'connecting to PostgreSQL' : 'starting embedded PostgreSQL');
  const database = await openDatabase(config, logger, (message) => progress.step(message), withApi ? 'agentbus-serve' : 'agentbus-worker').catch((error: unknown) => {
    progress.fail('the database is not available');
    throw error;
  });
  try {
    await startServices();
  } catch (error) {
    progress.fail('start-up failed');
    await database.close().catch(() => undefined);
    throw error;
  }

  async function startServices(): Promise<void> {
  progress.step('starting the engine');
  const [{ startEngine }, { builtInWorkflows }, { createApp }, { startLlmGateway }, { createMetricsRegistry }, { startGovernance }, { PolicyEngine }, { createCelPolicyGate }, { createLlmPolicyCheck }] = await modules;
  const policyEngine = new PolicyEngine(database.pool, logger);
  const policyGate = createCelPolicyGate(database.pool, policyEngine);
  const metrics = createMetricsRegistry();
  // The gateway starts before the engine whose announcer tells live streams about its events.
  const started: { engine?: Engine } = {};
  const llm = startLlmGateway({
    policyCheck: createLlmPolicyCheck(database.pool, policyEngine, gatewayConfig.options.defaultMaxOutputTokens ?? 4_096),
    pool: database.pool,
    logger,
    config: gatewayConfig,
    redisUrl: config.REDIS_URL,
    metrics,
    onRunEvents: (appended) => appended.forEach(({ runId, lastSeq }) => started.engine?.announcer.announce(runId, lastSeq)),
  });
  const engine = await startEngine(
    { pool: database.pool, connectionString: database.connectionString, logger, workflows: builtInWorkflows, models: llm.nodeModels, policyGate },
    engineOptionsFromConfig(config, { runWorker: flags.worker !== false, workerName: `${hostname()}:${process.pid}` }),
  );
  started.engine = engine;
  await policyEngine.start(engine.listener);
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  const governance = withApi ? await startGovernance(config, database.pool, engine.listener) : undefined;
  if (withApi && governance) {
    progress.step('starting the API');
    app = await createApp(
      { ...appDependenciesFromConfig(config, database, engine, governance), llm, metrics, policyGate, policyEngine },
      logger,
    );
    await app.listen({ host: config.AGENTBUS_HOST, port: config.AGENTBUS_PORT });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.AGENTBUS_PORT;
    const url = `http://${config.AGENTBUS_HOST.includes(':') ? `[${config.AGENTBUS_HOST}]` : config.AGENTBUS_HOST}:${port}`;
    progress.succeed(`Agent Bus ${packageVersion} is ready at ${pc.bold(url)} in ${Math.round(performance.now() - startedAt)} ms`);
    await governance.announceFirstOwner(url, logger);
    process.stderr.write(
      `  API docs   ${url}/docs\n  Database   ${database.embedded ? `embedded PostgreSQL (${database.embedded.dataDirectory}, port ${database.embedded.port})` : 'DATABASE_URL'}\n` +
        `  Worker     ${flags.worker === false ? 'off' : `${config.AGENTBUS_CONCURRENCY} slots`}\n` +
        `  Try        ${pc.cyan(`npx agentbus run hello-approval --input '{"name":"Ada"}' --follow`)}\n`,
    );
    logger.info({ url, pid: process.pid }, 'listening');
  } else {
    progress.succeed(`Agent Bus worker ${packageVersion} is running (${config.AGENTBUS_CONCURRENCY} slots) in ${Math.round(performance.now() - startedAt)} ms`);
  }

  onShutdownSignal(async (signal) => {
    logger.info({ signal, grace_ms: config.AGENTBUS_SHUTDOWN_GRACE_MS }, 'shutting down: finishing or handing back in-flight runs');
    await app?.close();
    await governance?.close();
    await policyEngine.close();
    await engine.stop(config.AGENTBUS_SHUTDOWN_GRACE_MS);
    await llm.close();
    await database.close();
    logger.info('stopped');
    logger.flush();
  });
  }
}
