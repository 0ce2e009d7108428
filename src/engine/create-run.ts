import type pg from 'pg';
import type { CreateRunRequest } from '../contracts/run.js';
import { AppError } from '../core/app-error.js';
import { insertRun, type InsertedRun } from '../store/runs/insert-run.js';
import type { PolicyGate } from './policy-gate.js';
import type { WorkflowRegistry } from './workflow-registry.js';

/** What creating a run needs. */
export interface CreateRunDependencies {
  pool: pg.Pool;
  registry: WorkflowRegistry;
  policyGate: PolicyGate;
}

/**
 * Validates a run request against its workflow's input schema (naming the offending field),
 * asks the policy gate, and enqueues it (idempotently when a key is given).
 */
export async function createRun(dependencies: CreateRunDependencies, tenantId: string, request: Required<Omit<CreateRunRequest, 'timeoutSeconds'>> & Pick<CreateRunRequest, 'timeoutSeconds'>, idempotencyKey?: string): Promise<InsertedRun> {
  const { definition } = dependencies.registry.get(request.workflow);
  const parsed = definition.inputSchema.safeParse(request.input);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      return keys.map((key) => ({
        field: ['input', ...issue.path.map(String), ...(key === undefined ? [] : [key])].join('.'),
        message: key === undefined ? issue.message : 'unknown field',
      }));
    });
    throw new AppError('VALIDATION_FAILED', `Invalid input for workflow ${definition.name}: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`, { field: issues[0]?.field ?? 'input', issues });
  }
  const decision = await dependencies.policyGate.beforeRunCreate({ tenantId, workflow: definition.name, input: parsed.data as Record<string, unknown> });
  if (decision.effect === 'deny') {
    throw new AppError('POLICY_DENIED', decision.reason ?? 'A policy denied creating this run.');
  }
  return insertRun(dependencies.pool, {
    workflow: definition.name,
    workflowVersion: definition.version,
    input: parsed.data as Record<string, unknown>,
    priority: request.priority,
    maxAttempts: request.maxAttempts,
    timeoutSeconds: request.timeoutSeconds,
    idempotencyKey,
  });
}
