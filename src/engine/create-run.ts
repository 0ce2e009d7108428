import type pg from 'pg';
import type { CreateRunRequest } from '../contracts/run.js';
import { AppError } from '../core/app-error.js';
import type { Principal } from '../core/principal.js';
import { projectStore } from '../store/projects/project-store.js';
import { defaultApprovalTimeoutSeconds } from '../core/approval-timeouts.js';
import { inTransaction } from '../store/queryable.js';
import { holdRunAtPolicy } from '../store/runs/hold-run-at-policy.js';
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
export async function createRun(
  dependencies: CreateRunDependencies,
  principal: Principal,
  request: Required<Omit<CreateRunRequest, 'timeoutSeconds' | 'projectId' | 'metadata'>> & Pick<CreateRunRequest, 'timeoutSeconds' | 'projectId' | 'metadata'>,
  idempotencyKey?: string,
): Promise<InsertedRun> {
  const { tenantId } = principal;
  const { definition } = dependencies.registry.get(request.workflow);
  const projectId = await resolveProject(dependencies.pool, principal, request.projectId);
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
  const input = parsed.data as Record<string, unknown>;
  const metadata = request.metadata ?? {};
  const decision = await dependencies.policyGate.beforeRunCreate({ tenantId, principal, workflow: definition.name, workflowVersion: definition.version, projectId, priority: request.priority, input, metadata });
  const newRun = {
    tenantId,
    projectId,
    metadata,
    workflow: definition.name,
    workflowVersion: definition.version,
    input: parsed.data as Record<string, unknown>,
    priority: request.priority,
    maxAttempts: request.maxAttempts,
    timeoutSeconds: request.timeoutSeconds,
    idempotencyKey,
  };
  if (decision.effect === 'allow') return insertRun(dependencies.pool, newRun);
  // Recorded either way: a denied run shows in the list with its reason; a held one waits for its approval.
  const policyName = decision.policy?.name ?? 'a policy';
  const inserted = await inTransaction(dependencies.pool, async (client) => {
    const created = await insertRun(client, newRun);
    if (!created.created) return created;
    const hold =
      decision.effect === 'deny'
        ? ({ kind: 'deny', error: { code: 'POLICY_DENIED', message: `Policy "${policyName}" denied this run${decision.reason ? `: ${decision.reason}` : '.'}`, details: { ...(decision.policy ? { policyId: decision.policy.id, policyName } : {}) } } } as const)
        : ({
            kind: 'approval',
            gate: `policy:${policyName}`,
            reason: decision.approval?.reason ?? decision.reason ?? `Policy "${policyName}" requires an approval before this run starts.`,
            reasonCategory: decision.approval?.reasonCategory ?? 'other',
            timeoutSeconds: decision.approval?.timeoutSeconds ?? defaultApprovalTimeoutSeconds(decision.approval?.reasonCategory ?? 'other'),
            timeoutOutcome: decision.approval?.timeoutOutcome ?? 'reject',
          } as const);
    return { row: await holdRunAtPolicy(client, created.row, hold), created: true };
  });
  if (decision.effect === 'deny' && inserted.row.status === 'denied') {
    throw new AppError('POLICY_DENIED', `Policy "${policyName}" denied this run${decision.reason ? `: ${decision.reason}` : '.'} It is recorded as run ${inserted.row.id} (denied).`, { runId: inserted.row.id, ...(decision.policy ? { policyId: decision.policy.id, policyName } : {}) });
  }
  return inserted;
}

/**
 * The run's project: the one asked for, which must be the tenant's (another tenant's reads as
 * missing), or a project-scoped key's own.
 */
async function resolveProject(pool: pg.Pool, principal: Principal, requested: string | undefined): Promise<string | null> {
  if (principal.projectId !== null) {
    if (requested !== undefined && requested !== principal.projectId) {
      throw new AppError('PROJECT_NOT_FOUND', `No project has the id ${requested}.`, { field: 'body.projectId', projectId: requested });
    }
    return principal.projectId;
  }
  if (requested === undefined) return null;
  if (!(await projectStore.find(pool, principal.tenantId, requested))) {
    throw new AppError('PROJECT_NOT_FOUND', `No project has the id ${requested}.`, { field: 'body.projectId', projectId: requested });
  }
  return requested;
}
