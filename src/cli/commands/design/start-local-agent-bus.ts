import { hostname } from 'node:os';
import type { Engine } from '../../../engine/start-engine.js';
import { createLogger } from '../../../observability/create-logger.js';
import type { ServerConfig } from '../../config/server-config.js';
import { openDatabase } from '../../open-database.js';
import type { Progress } from '../../output/progress.js';
import { appDependenciesFromConfig } from '../../app-dependencies-from-config.js';
import { TenantDatabase } from '../../../store/tenant-database.js';
import { engineOptionsFromConfig } from '../../engine-options-from-config.js';
import { gatewayConfigFromEnvironment } from '../../gateway-config-from-environment.js';
import type { LlmGateway } from '../../../gateway/start-llm-gateway.js';

/** An Agent Bus running inside this process for one command: database, engine and API. */
export interface LocalAgentBus {
  /** The API's base URL on loopback. */
  url: string;
  /** Which database it uses, for the start-up line. */
  database: string;
  /** Closes the API, lets in-flight runs finish for the shutdown grace, stops the engine and the database. */
  stop(): Promise<void>;
}

/**
 * Starts what `agentbus serve` starts (the database, the engine with one worker, the API) inside
 * this process, listening on 127.0.0.1 on a free port, so a single command can run a workflow with
 * nothing else running. The API is not reachable from other machines, whatever AGENTBUS_HOST says.
 */
export async function startLocalAgentBus(config: ServerConfig, progress: Progress): Promise<LocalAgentBus> {
  const gatewayConfig = gatewayConfigFromEnvironment(config);
  // Without a provider the agents use their built-in engines and the gateway is not loaded at all.
  const gatewayModule = gatewayConfig.chain.length > 0 ? import('../../../gateway/start-llm-gateway.js') : undefined;
  gatewayModule?.catch(() => undefined);
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: process.stderr.isTTY === true, destination: 2 });
  // As in serve: loading LangGraph and Fastify takes about as long as starting PostgreSQL, so both
  // happen at once.
  const workflows = import('../../../workflows/built-in-workflows.js');
  // Warm-ups (the Terraform parser thread) run on the other core while PostgreSQL starts.
  workflows.then(({ builtInWorkflows }) => builtInWorkflows.forEach((workflow) => workflow.prepare?.()), () => undefined);
  const modules = Promise.all([import('../../../engine/start-engine.js'), workflows, import('../../../http/create-app.js')]);
  modules.catch(() => undefined);
  progress.step(config.DATABASE_URL ? 'connecting to PostgreSQL' : 'starting embedded PostgreSQL');
  const database = await openDatabase(config, logger, (message) => progress.step(message), 'agentbus-design');
  let engine: Engine | undefined;
  let llm: LlmGateway | undefined;
  try {
    progress.step('starting the engine');
    const [{ startEngine }, { builtInWorkflows }, { createApp }] = await modules;
    if (gatewayModule) {
      const { startLlmGateway } = await gatewayModule;
      llm = startLlmGateway({ pool: database.pool, logger, config: gatewayConfig, redisUrl: config.REDIS_URL, onRunEvents: (appended) => appended.forEach(({ runId, lastSeq }) => engine?.announcer.announce(runId, lastSeq)) });
    }
    engine = await startEngine(
      { pool: database.pool, connectionString: database.connectionString, logger, workflows: builtInWorkflows, models: llm?.nodeModels },
      engineOptionsFromConfig(config, { runWorker: true, workerName: `${hostname()}:${process.pid}:design` }),
    );
    const app = await createApp(
      // A private API on loopback for this one command: no authentication, like any local tool.
      { ...appDependenciesFromConfig(config, database, engine, { authentication: { mode: 'off' }, tenantDatabase: await TenantDatabase.open(database.pool) }), documentation: false },
      logger,
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const started = engine;
    return {
      url: `http://127.0.0.1:${port}`,
      database: database.embedded ? `embedded PostgreSQL in ${database.embedded.dataDirectory}` : 'DATABASE_URL',
      async stop() {
        // Our own client may have left a connection open (a followed stream it aborted); waiting
        // for its keep-alive to lapse cost 4 s at every exit. Nobody else uses this server.
        const closing = app.close();
        app.server.closeAllConnections();
        await closing;
        await started.stop(config.AGENTBUS_SHUTDOWN_GRACE_MS);
        await llm?.close();
        await database.close();
        logger.flush();
      },
    };
  } catch (error) {
    await engine?.stop(0).catch(() => undefined);
    await llm?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}
