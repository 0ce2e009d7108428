import { z } from 'zod';

/** What a budget covers. The gateway honours `run` budgets too; the API shows them but does not create them. */
export const budgetScopeSchema = z.enum(['tenant', 'project', 'workflow', 'run']);
/** How often a budget's spend starts again from zero (UTC midnight, Monday, the 1st); `total` never does. */
export const budgetPeriodSchema = z.enum(['daily', 'weekly', 'monthly', 'total']);

/** The scopes and periods a caller may create through the API. */
const creatableScopeSchema = z.enum(['tenant', 'project', 'workflow']);
const creatablePeriodSchema = z.enum(['daily', 'weekly', 'monthly']);

/** The largest money limit accepted: a billion dollars keeps micro-USD well inside 2^53. */
const maximumLimitUsd = 1_000_000_000;

/**
 * Whole micro-USD for a USD amount, or undefined when the amount has more than six decimals.
 * `usd * 1e6` is inexact in binary (0.1 * 1e6 = 100000.00000000001), but dividing the rounded
 * micros back is correctly rounded by IEEE 754, so it returns the very number the caller sent
 * exactly when the amount had at most six decimals.
 */
export function convertUsdToMicros(usd: number): number | undefined {
  const micros = Math.round(usd * 1e6);
  return micros / 1e6 === usd ? micros : undefined;
}

const limitUsdSchema = z
  .number()
  .min(0)
  .max(maximumLimitUsd)
  .refine((usd) => convertUsdToMicros(usd) !== undefined, { message: 'at most 6 decimal places (money is kept in whole micro-USD)' })
  .describe('The money limit in USD, at most 6 decimals; kept as integer micro-USD.');
const limitTokensSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('The limit in tokens (input and output together).');
const softThresholdSchema = z.number().gt(0).max(1).describe('The fraction of a limit at which one budget-warning event goes out per period.');

export const createBudgetRequestSchema = z
  .strictObject({
    scope: creatableScopeSchema,
    scopeId: z.string().trim().min(1).max(200).optional().describe('project: the project id; workflow: the workflow name; tenant: none (the budget covers the caller’s tenant).'),
    period: creatablePeriodSchema,
    limitUsd: limitUsdSchema.optional(),
    limitTokens: limitTokensSchema.optional(),
    softThreshold: softThresholdSchema.default(0.8),
  })
  .superRefine((body, context) => {
    if (body.limitUsd === undefined && body.limitTokens === undefined) {
      context.addIssue({ code: 'custom', path: ['limitUsd'], message: 'give limitUsd, limitTokens or both' });
    }
    if (body.scope === 'tenant' && body.scopeId !== undefined) {
      context.addIssue({ code: 'custom', path: ['scopeId'], message: 'scope tenant takes no scopeId: the budget covers the caller’s tenant' });
    }
    if (body.scope !== 'tenant' && body.scopeId === undefined) {
      context.addIssue({ code: 'custom', path: ['scopeId'], message: `scope ${body.scope} needs a scopeId (${body.scope === 'project' ? 'a project id' : 'a workflow name'})` });
    }
    if (body.scope === 'project' && body.scopeId !== undefined && !z.uuid().safeParse(body.scopeId).success) {
      context.addIssue({ code: 'custom', path: ['scopeId'], message: 'a project id is a uuid' });
    }
  });

export type CreateBudgetRequest = z.output<typeof createBudgetRequestSchema>;

/** Limits and the soft threshold change; scope and period do not (delete and create instead). `null` removes a limit. */
export const updateBudgetRequestSchema = z
  .strictObject({
    limitUsd: limitUsdSchema.nullable().optional(),
    limitTokens: limitTokensSchema.nullable().optional(),
    softThreshold: softThresholdSchema.optional(),
  })
  .superRefine((body, context) => {
    if (body.limitUsd === undefined && body.limitTokens === undefined && body.softThreshold === undefined) {
      context.addIssue({ code: 'custom', path: ['limitUsd'], message: 'give limitUsd, limitTokens or softThreshold' });
    }
    if (body.limitUsd === null && body.limitTokens === null) {
      context.addIssue({ code: 'custom', path: ['limitUsd'], message: 'a budget keeps at least one limit' });
    }
  });

export type UpdateBudgetRequest = z.output<typeof updateBudgetRequestSchema>;

export const listBudgetsQuerySchema = z.strictObject({
  scope: budgetScopeSchema.optional(),
  scopeId: z.string().min(1).max(200).optional(),
});

/** A budget with what it has spent and holds reserved in its current period. */
export const budgetSchema = z
  .object({
    id: z.uuid(),
    scope: budgetScopeSchema,
    scopeId: z.string().describe('The tenant id, project id, workflow name or run id.'),
    period: budgetPeriodSchema,
    limitUsd: z.number().nullable(),
    limitMicros: z.number().int().nullable(),
    limitTokens: z.number().int().nullable(),
    softThreshold: z.number(),
    periodStart: z.iso.datetime(),
    periodEnd: z.iso.datetime().nullable().describe('null for `total` budgets, which never reset.'),
    spentUsd: z.number(),
    spentMicros: z.number().int(),
    reservedMicros: z.number().int().describe('Held by LLM calls in flight: their worst case, until they settle.'),
    spentTokens: z.number().int(),
    reservedTokens: z.number().int(),
    remainingUsd: z.number().nullable().describe('The limit less spent and reserved, never below 0; null without a money limit.'),
    percentUsed: z.number().describe('Spent as a percentage of the limit (the higher of money and tokens); a zero limit is 100 % used.'),
    forecastUsd: z.number().nullable().describe('The spend projected at the end of the period at the pace so far; null for `total` budgets.'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Budget' });

export type Budget = z.infer<typeof budgetSchema>;

export const runCostForecastQuerySchema = z.strictObject({
  projectId: z.uuid().optional().describe('The project the run would belong to: its budget then applies too.'),
});

/** What a run of a workflow is expected to cost before it starts, and the budget it would run into first. */
export const runCostForecastSchema = z
  .object({
    workflow: z.string(),
    projectId: z.uuid().nullable(),
    estimatedCostUsd: z.number().describe('The mean cost of the tenant’s last 20 succeeded runs of the workflow; what run.create policies see as run.estimatedCostUsd. 0 without history.'),
    basedOnRuns: z.number().int().describe('How many past runs the figures come from (at most 20).'),
    p50Usd: z.number(),
    p90Usd: z.number(),
    budget: z
      .object({
        id: z.uuid(),
        scope: budgetScopeSchema,
        scopeId: z.string(),
        period: budgetPeriodSchema,
        limitUsd: z.number(),
        remainingUsd: z.number(),
        periodEnd: z.iso.datetime().nullable(),
      })
      .nullable()
      .describe('The money budget with the least left that would apply to the run (tenant, project, workflow), in its current period; null when none applies.'),
    exceedsBudget: z.boolean().describe('Whether the estimate is more than that budget has left.'),
  })
  .meta({ id: 'RunCostForecast' });

export type RunCostForecast = z.infer<typeof runCostForecastSchema>;
