import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  budgetSchema,
  convertUsdToMicros,
  createBudgetRequestSchema,
  listBudgetsQuerySchema,
  runCostForecastQuerySchema,
  runCostForecastSchema,
  updateBudgetRequestSchema,
  type Budget,
  type CreateBudgetRequest,
  type RunCostForecast,
} from '../../contracts/budget.js';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { idParamsSchema } from '../../contracts/identity.js';
import { workflowNameParamsSchema } from '../../contracts/workflow.js';
import { AppError, isAppError } from '../../core/app-error.js';
import type { Principal } from '../../core/principal.js';
import type { WorkflowRegistry } from '../../engine/workflow-registry.js';
import { budgetStore, type BudgetRow } from '../../store/budgets/budget-store.js';
import { mapBudgetRow } from '../../store/budgets/map-budget-row.js';
import { createId } from '../../store/ids/create-id.js';
import { projectStore } from '../../store/projects/project-store.js';
import type { Queryable } from '../../store/queryable.js';
import type { AppDependencies } from '../app-dependencies.js';
import { scopeOf } from '../scope-of.js';

const errors = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

const notFound = (id: string) => new AppError('BUDGET_NOT_FOUND', `No budget has the id ${id}.`, { budgetId: id });
const projectNotFound = (id: string, field: string) => new AppError('PROJECT_NOT_FOUND', `No project has the id ${id}.`, { field, projectId: id });

/** `WORKFLOW_NOT_FOUND` naming the request field that held the name, when no workflow has it. */
function checkWorkflowExists(registry: WorkflowRegistry, name: string, field: string): void {
  try {
    registry.get(name);
  } catch (error) {
    if (isAppError(error) && error.code === 'WORKFLOW_NOT_FOUND') throw new AppError('WORKFLOW_NOT_FOUND', error.message, { ...error.details, field });
    throw error;
  }
}

/**
 * The project id a budget or forecast is about: one of the caller's tenant (another tenant's reads
 * as missing), and a project-scoped key's own. Answers the id as stored, so that the budget's
 * `scope_id` matches the runs' `project_id` whatever case the caller wrote it in.
 */
async function resolveProject(database: Queryable, principal: Principal, requested: string, field: string): Promise<string> {
  if (principal.projectId !== null && requested.toLowerCase() !== principal.projectId) throw projectNotFound(requested, field);
  const project = await projectStore.find(database, principal.tenantId, requested);
  if (!project) throw projectNotFound(requested, field);
  return project.id;
}

/** What `budget_reserve` matches a budget's `scope_id` against: the tenant id, the project id or the workflow name. */
async function resolveScopeId(dependencies: AppDependencies, principal: Principal, body: CreateBudgetRequest): Promise<string> {
  // Tenant and workflow budgets bind every project of the tenant; a project-scoped key keeps to its own.
  if (principal.projectId !== null && body.scope !== 'project') {
    throw new AppError('FORBIDDEN', `A project-scoped key manages only its project's budgets, not ${body.scope} budgets.`, { permission: 'budgets:write', field: 'body.scope' });
  }
  // The request schema makes scopeId present for project and workflow budgets.
  const scopeId = body.scopeId ?? '';
  switch (body.scope) {
    case 'tenant':
      return principal.tenantId;
    case 'project':
      return resolveProject(dependencies.pool, principal, scopeId, 'body.scopeId');
    case 'workflow':
      checkWorkflowExists(dependencies.registry, scopeId, 'body.scopeId');
      return scopeId;
    default: {
      const unknownScope: never = body.scope;
      throw new Error(`unknown budget scope ${String(unknownScope)}`);
    }
  }
}

/** Micro-USD of a USD amount the request schema already checked (at most six decimals). */
function toMicros(usd: number): number {
  return convertUsdToMicros(usd) ?? Math.round(usd * 1e6);
}

/**
 * Budgets: limits in USD and tokens on the tenant, a project or a workflow per day, week or month,
 * shown with what the current period has spent and holds reserved; and the cost forecast of a run
 * before it starts, against the budget it would run into first.
 */
export function registerBudgetRoutes(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { pool, tenantDatabase } = dependencies;

  /** The budgets with their current windows, in order; a budget deleted in between is left out. */
  async function withWindows(tenantId: string, rows: readonly BudgetRow[]): Promise<Budget[]> {
    const windows = await budgetStore.loadCurrentWindows(pool, tenantId, rows.map((row) => row.id));
    return rows.flatMap((row) => {
      const window = windows.get(row.id);
      return window ? [mapBudgetRow(row, window)] : [];
    });
  }

  async function presentOne(tenantId: string, row: BudgetRow): Promise<Budget> {
    const [budget] = await withWindows(tenantId, [row]);
    if (!budget) throw notFound(row.id);
    return budget;
  }

  routes.get(
    '/api/v1/budgets',
    { config: { permission: 'read' }, schema: { tags: ['budgets'], summary: 'Budgets with their spend in the current period', querystring: listBudgetsQuerySchema, response: { 200: z.object({ items: z.array(budgetSchema) }), 400: errorResponseSchema } } },
    async (request) => {
      const { principal } = request;
      const rows = await tenantDatabase.read(principal.tenantId, (database) => budgetStore.list(database, scopeOf(principal), request.query));
      return { items: await withWindows(principal.tenantId, rows) };
    },
  );

  routes.get('/api/v1/budgets/:id', { config: { permission: 'read' }, schema: { tags: ['budgets'], summary: 'Get a budget with its spend in the current period', params: idParamsSchema, response: { 200: budgetSchema, ...errors } } }, async (request) => {
    const { principal } = request;
    const row = await tenantDatabase.read(principal.tenantId, (database) => budgetStore.find(database, scopeOf(principal), request.params.id));
    if (!row) throw notFound(request.params.id);
    return presentOne(principal.tenantId, row);
  });

  routes.post(
    '/api/v1/budgets',
    { config: { permission: 'budgets:write' }, schema: { tags: ['budgets'], summary: 'Create a budget (one per scope and period)', body: createBudgetRequestSchema, response: { 201: budgetSchema, ...errors } } },
    async (request, reply) => {
      const { principal, body } = request;
      const scopeId = await resolveScopeId(dependencies, principal, body);
      const row = await budgetStore.insert(pool, {
        id: createId(),
        tenantId: principal.tenantId,
        scope: body.scope,
        scopeId,
        period: body.period,
        limitMicros: body.limitUsd === undefined ? null : toMicros(body.limitUsd),
        limitTokens: body.limitTokens ?? null,
        softThreshold: body.softThreshold,
      });
      if (!row) {
        const existingId = await budgetStore.findIdOf(pool, principal.tenantId, { scope: body.scope, scopeId, period: body.period });
        throw new AppError('BUDGET_EXISTS', `A ${body.period} ${body.scope} budget for ${scopeId} already exists.`, { field: 'body.period', ...(existingId ? { budgetId: existingId } : {}) });
      }
      const budget = await presentOne(principal.tenantId, row);
      request.auditedChange = { resourceId: budget.id, after: budget };
      return reply.code(201).send(budget);
    },
  );

  routes.patch(
    '/api/v1/budgets/:id',
    { config: { permission: 'budgets:write' }, schema: { tags: ['budgets'], summary: "Change a budget's limits or soft threshold", params: idParamsSchema, body: updateBudgetRequestSchema, response: { 200: budgetSchema, ...errors } } },
    async (request) => {
      const { principal, body } = request;
      const visibility = scopeOf(principal);
      const before = await budgetStore.find(pool, visibility, request.params.id);
      if (!before) throw notFound(request.params.id);
      const updated = await budgetStore.update(pool, visibility, request.params.id, {
        limitMicros: body.limitUsd === undefined || body.limitUsd === null ? body.limitUsd : toMicros(body.limitUsd),
        limitTokens: body.limitTokens,
        softThreshold: body.softThreshold,
      });
      if (updated === 'no-limit') throw new AppError('VALIDATION_FAILED', 'Invalid request: body.limitUsd: a budget keeps at least one limit (limitUsd or limitTokens).', { field: 'body.limitUsd' });
      if (!updated) throw notFound(request.params.id);
      // Before and after share the current window: one read for both.
      const [previous, budget] = await withWindows(principal.tenantId, [before, updated]);
      if (!budget) throw notFound(request.params.id);
      request.auditedChange = { before: previous, after: budget };
      return budget;
    },
  );

  routes.delete('/api/v1/budgets/:id', { config: { permission: 'budgets:write' }, schema: { tags: ['budgets'], summary: 'Delete a budget and its spend records', params: idParamsSchema, response: { 200: budgetSchema, ...errors } } }, async (request) => {
    const { principal } = request;
    const visibility = scopeOf(principal);
    const row = await budgetStore.find(pool, visibility, request.params.id);
    if (!row) throw notFound(request.params.id);
    // Read the figures before the windows go with the budget: the response shows what was deleted.
    const budget = await presentOne(principal.tenantId, row);
    if (!(await budgetStore.delete(pool, visibility, request.params.id))) throw notFound(request.params.id);
    request.auditedChange = { before: budget };
    return budget;
  });

  routes.get(
    '/api/v1/workflows/:name/forecast',
    {
      config: { permission: 'read' },
      schema: { tags: ['budgets'], summary: 'What a run of the workflow is expected to cost, and the budget it would run into first', params: workflowNameParamsSchema, querystring: runCostForecastQuerySchema, response: { 200: runCostForecastSchema, ...errors } },
    },
    async (request): Promise<RunCostForecast> => {
      const { principal } = request;
      const workflow = request.params.name;
      checkWorkflowExists(dependencies.registry, workflow, 'params.name');
      const requestedProject = request.query.projectId ?? principal.projectId ?? undefined;
      // The runs are the caller's tenant's only (tenant filter and row-level security): the same
      // figure run.create policies read as run.estimatedCostUsd.
      const { projectId, history, applying } = await tenantDatabase.read(principal.tenantId, async (database) => {
        const resolved = requestedProject === undefined ? null : await resolveProject(database, principal, requestedProject, 'querystring.projectId');
        return {
          projectId: resolved,
          history: await budgetStore.loadRunCostHistory(database, principal.tenantId, workflow),
          applying: await budgetStore.listApplyingToRun(database, principal.tenantId, { projectId: resolved, workflow }),
        };
      });
      const candidates = await withWindows(principal.tenantId, applying);
      const tightest = candidates.reduce<Budget | undefined>((least, budget) => (least === undefined || (budget.remainingUsd ?? 0) < (least.remainingUsd ?? 0) ? budget : least), undefined);
      const estimatedCostUsd = history.mean_micros === null ? 0 : history.mean_micros / 1e6;
      return {
        workflow,
        projectId,
        estimatedCostUsd,
        basedOnRuns: history.runs,
        p50Usd: (history.p50_micros ?? 0) / 1e6,
        p90Usd: (history.p90_micros ?? 0) / 1e6,
        budget:
          tightest === undefined
            ? null
            : { id: tightest.id, scope: tightest.scope, scopeId: tightest.scopeId, period: tightest.period, limitUsd: tightest.limitUsd ?? 0, remainingUsd: tightest.remainingUsd ?? 0, periodEnd: tightest.periodEnd },
        exceedsBudget: tightest !== undefined && estimatedCostUsd > (tightest.remainingUsd ?? 0),
      };
    },
  );
}
