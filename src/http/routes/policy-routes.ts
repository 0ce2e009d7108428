import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { idParamsSchema } from '../../contracts/identity.js';
import { listViolationsQuerySchema, policyFieldsSchema, policySchema, policyTestResultSchema, testPolicyRequestSchema, updateViolationRequestSchema, violationSchema } from '../../contracts/policy.js';
import { AppError } from '../../core/app-error.js';
import type { Principal } from '../../core/principal.js';
import { checkPolicyExpression } from '../../governance/policies/check-policy-expression.js';
import type { PolicyEngine } from '../../governance/policies/policy-engine.js';
import { createPolicyInput, type PolicyInputPieces, type PolicyPhase } from '../../governance/policies/policy-input.js';
import { PolicySet } from '../../governance/policies/policy-set.js';
import { createId } from '../../store/ids/create-id.js';
import { policyDecisionStore, type ViolationRow } from '../../store/policies/policy-decision-store.js';
import { policyStore, type PolicyFields, type PolicyRow } from '../../store/policies/policy-store.js';
import { projectStore } from '../../store/projects/project-store.js';
import type { AppDependencies } from '../app-dependencies.js';

const errors = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

function mapPolicyRow(row: PolicyRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    phase: row.phase,
    expression: row.expression,
    effect: row.effect,
    priority: row.priority,
    mode: row.mode,
    severity: row.severity,
    approval: row.approval === null ? null : { reasonCategory: row.approval.reasonCategory, timeoutOutcome: row.approval.timeoutOutcome, ...(row.approval.timeoutSeconds === undefined ? {} : { timeoutSeconds: row.approval.timeoutSeconds }), ...(row.approval.escalateTo ? { escalateTo: row.approval.escalateTo } : {}) },
    projectId: row.project_id,
    enabled: row.enabled,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function mapViolationRow(row: ViolationRow) {
  return {
    id: row.id,
    decisionId: row.decision_id,
    policyId: row.policy_id,
    policyName: row.policy_name,
    phase: row.phase as PolicyPhase,
    effect: row.effect,
    mode: row.mode,
    severity: row.severity,
    status: row.status,
    resolution: row.resolution,
    updatedBy: row.updated_by,
    runId: row.run_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Refuses an expression that does not type-check for its phase: 400 with the position. */
function checkExpression(phase: PolicyPhase, expression: string): void {
  const check = checkPolicyExpression(phase, expression);
  if (check.valid) return;
  const { message, line, column, offset } = check.error;
  throw new AppError('INVALID_POLICY_EXPRESSION', `The expression is not valid for phase ${phase} at line ${line}, column ${column}: ${message}`, { field: 'body.expression', line, column, offset });
}

type PolicyBody = z.output<typeof policyFieldsSchema>;

async function toFields(dependencies: AppDependencies, principal: Principal, body: PolicyBody): Promise<PolicyFields> {
  checkExpression(body.phase, body.expression);
  if (body.effect === 'require_approval' && body.approval === undefined) {
    // A gate needs to know how long to wait and what then; the default is the safe one.
    body.approval = { reasonCategory: 'other', timeoutOutcome: 'reject' };
  }
  if (body.projectId !== undefined && !(await projectStore.find(dependencies.pool, principal.tenantId, body.projectId))) {
    throw new AppError('PROJECT_NOT_FOUND', `No project has the id ${body.projectId}.`, { field: 'body.projectId', projectId: body.projectId });
  }
  return {
    project_id: body.projectId ?? null,
    name: body.name,
    description: body.description,
    phase: body.phase,
    expression: body.expression,
    effect: body.effect,
    priority: body.priority,
    mode: body.mode,
    severity: body.severity,
    approval: body.effect === 'require_approval' && body.approval ? body.approval : null,
    enabled: body.enabled,
  };
}

/**
 * Policies (CEL, type-checked on save; 400 with the position otherwise), a dry run of a draft
 * against a sample input, and the violations that deny and require_approval decisions recorded.
 * Every change reaches the policy engine of every process at once.
 */
export function registerPolicyRoutes(app: FastifyInstance, dependencies: AppDependencies, engine: PolicyEngine): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { pool, tenantDatabase } = dependencies;
  const notFound = (id: string) => new AppError('POLICY_NOT_FOUND', `No policy has the id ${id}.`, { policyId: id });

  routes.get(
    '/api/v1/policies',
    { config: { permission: 'read' }, schema: { tags: ['policies'], summary: 'List policies', querystring: z.strictObject({ phase: z.string().max(20).optional(), projectId: z.uuid().optional() }), response: { 200: z.object({ items: z.array(policySchema) }), 400: errorResponseSchema } } },
    async (request) => ({ items: (await tenantDatabase.read(request.principal.tenantId, (database) => policyStore.list(database, request.principal.tenantId, request.query))).map(mapPolicyRow) }),
  );

  routes.get('/api/v1/policies/:id', { config: { permission: 'read' }, schema: { tags: ['policies'], summary: 'Get a policy', params: idParamsSchema, response: { 200: policySchema, ...errors } } }, async (request) => {
    const row = await tenantDatabase.read(request.principal.tenantId, (database) => policyStore.find(database, request.principal.tenantId, request.params.id));
    if (!row) throw notFound(request.params.id);
    return mapPolicyRow(row);
  });

  routes.post('/api/v1/policies', { config: { permission: 'policies:write' }, schema: { tags: ['policies'], summary: 'Create a policy', body: policyFieldsSchema, response: { 201: policySchema, ...errors } } }, async (request, reply) => {
    const fields = await toFields(dependencies, request.principal, request.body);
    const row = await policyStore.insert(pool, request.principal.tenantId, createId(), fields);
    if (row === 'taken') throw new AppError('NAME_TAKEN', `A policy named "${fields.name}" already exists.`, { field: 'body.name' });
    await engine.announceChange(request.principal.tenantId);
    const policy = mapPolicyRow(row);
    request.auditedChange = { resourceId: policy.id, after: policy };
    return reply.code(201).send(policy);
  });

  routes.put('/api/v1/policies/:id', { config: { permission: 'policies:write' }, schema: { tags: ['policies'], summary: 'Replace a policy (its version goes up)', params: idParamsSchema, body: policyFieldsSchema, response: { 200: policySchema, ...errors } } }, async (request) => {
    const before = await policyStore.find(pool, request.principal.tenantId, request.params.id);
    if (!before) throw notFound(request.params.id);
    const fields = await toFields(dependencies, request.principal, request.body);
    const row = await policyStore.update(pool, request.principal.tenantId, request.params.id, fields);
    if (row === 'taken') throw new AppError('NAME_TAKEN', `A policy named "${fields.name}" already exists.`, { field: 'body.name' });
    if (!row) throw notFound(request.params.id);
    await engine.announceChange(request.principal.tenantId);
    const policy = mapPolicyRow(row);
    request.auditedChange = { before: mapPolicyRow(before), after: policy };
    return policy;
  });

  routes.delete('/api/v1/policies/:id', { config: { permission: 'policies:write' }, schema: { tags: ['policies'], summary: 'Delete a policy', params: idParamsSchema, response: { 200: policySchema, ...errors } } }, async (request) => {
    const row = await policyStore.delete(pool, request.principal.tenantId, request.params.id);
    if (!row) throw notFound(request.params.id);
    await engine.announceChange(request.principal.tenantId);
    const policy = mapPolicyRow(row);
    request.auditedChange = { before: policy };
    return policy;
  });

  routes.post(
    '/api/v1/policies/test',
    {
      config: { permission: 'policies:write', audit: false },
      schema: { tags: ['policies'], summary: 'Check a draft expression and evaluate it against a sample input (nothing is saved or recorded)', body: testPolicyRequestSchema, response: { 200: policyTestResultSchema, 400: errorResponseSchema } },
    },
    async (request) => {
      const { phase, expression, effect } = request.body;
      const check = checkPolicyExpression(phase, expression);
      if (!check.valid) return { valid: false, error: check.error };
      let input;
      try {
        input = createPolicyInput(phase, request.body.input as PolicyInputPieces<typeof phase>);
      } catch (error) {
        throw new AppError('VALIDATION_FAILED', `The sample input does not fit phase ${phase}: ${(error as Error).message}`, { field: 'body.input' });
      }
      const draftId = createId();
      const decision = new PolicySet([{ id: draftId, name: 'draft', phase, expression, effect, priority: 0, mode: 'enforce' }]).decide(phase, input);
      const evaluationError = decision.errors[0]?.message;
      return { valid: true, matched: decision.matched.length > 0 && evaluationError === undefined, effect: decision.effect, ...(evaluationError ? { evaluationError } : {}), input: input as Record<string, unknown> };
    },
  );

  routes.get(
    '/api/v1/violations',
    { config: { permission: 'read' }, schema: { tags: ['policies'], summary: 'Violations: deny and require_approval decisions, newest first', querystring: listViolationsQuerySchema, response: { 200: z.object({ items: z.array(violationSchema), nextCursor: z.string().nullable() }), 400: errorResponseSchema } } },
    async (request) => {
      const page = await tenantDatabase.read(request.principal.tenantId, (database) => policyDecisionStore.listViolations(database, request.principal.tenantId, request.query));
      return { items: page.rows.map(mapViolationRow), nextCursor: page.nextCursor };
    },
  );

  routes.patch(
    '/api/v1/violations/:id',
    { config: { permission: 'policies:write' }, schema: { tags: ['policies'], summary: 'Acknowledge or resolve a violation', params: idParamsSchema, body: updateViolationRequestSchema, response: { 200: violationSchema, ...errors } } },
    async (request) => {
      const before = await policyDecisionStore.findViolation(pool, request.principal.tenantId, request.params.id);
      if (!before) throw new AppError('VIOLATION_NOT_FOUND', `No violation has the id ${request.params.id}.`, { violationId: request.params.id });
      const updated = await policyDecisionStore.updateViolation(pool, request.principal.tenantId, request.params.id, { ...request.body, updatedBy: request.principal.label });
      const violation = mapViolationRow(updated ?? before);
      request.auditedChange = { before: mapViolationRow(before), after: violation };
      return violation;
    },
  );
}
