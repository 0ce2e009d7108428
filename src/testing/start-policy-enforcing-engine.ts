import type { Logger } from 'pino';
import { startEngine, type Engine } from '../engine/start-engine.js';
import { createCelPolicyGate } from '../governance/policies/cel-policy-gate.js';
import { PolicyEngine } from '../governance/policies/policy-engine.js';
import { builtInWorkflows } from '../workflows/built-in-workflows.js';
import type { TestDatabase } from './create-test-database.js';
import { testEngineOptions } from './start-test-engine.js';

/** An engine whose worker enforces step.before policies, as `agentbus serve` wires it; `stop` stops both. */
export async function startPolicyEnforcingEngine(database: TestDatabase, logger: Logger): Promise<{ engine: Engine; policies: PolicyEngine; stop(): Promise<void> }> {
  const policies = new PolicyEngine(database.pool, logger);
  const engine = await startEngine(
    { pool: database.pool, connectionString: database.connectionString, logger, workflows: builtInWorkflows, policyGate: createCelPolicyGate(database.pool, policies) },
    testEngineOptions,
  );
  await policies.start(engine.listener);
  return {
    engine,
    policies,
    async stop() {
      await policies.close();
      await engine.stop(500);
    },
  };
}
