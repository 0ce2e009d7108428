import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { approvalDecisionRequestSchema, approvalIdParamsSchema, approvalListSchema, approvalSchema, listApprovalsQuerySchema } from '../../contracts/approval.js';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { AppError } from '../../core/app-error.js';
import { decideApproval } from '../../store/approvals/decide-approval.js';
import { findApproval, listApprovals } from '../../store/approvals/list-approvals.js';
import { mapApprovalRow } from '../../store/approvals/map-approval-row.js';
import type { AppDependencies } from '../app-dependencies.js';
import { scopeOf } from '../scope-of.js';

const errors = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

/** Approvals: list, get, decide. */
export function registerApprovalRoutes(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { pool, tenantDatabase } = dependencies;

  routes.get(
    '/api/v1/approvals',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['approvals'],
        summary: 'List approvals, newest first or soonest deadline first',
        description: 'The approvals inbox: `status=pending&sort=deadline` lists what waits for a decision, most urgent first. Filter by run, status, workflow, reason category or project.',
        querystring: listApprovalsQuerySchema,
        response: { 200: approvalListSchema, 400: errorResponseSchema },
      },
    },
    async (request) => {
      const page = await tenantDatabase.read(request.principal.tenantId, (database) => listApprovals(database, scopeOf(request.principal), request.query));
      return { items: page.rows.map(mapApprovalRow), nextCursor: page.nextCursor };
    },
  );

  routes.get(
    '/api/v1/approvals/:id',
    { config: { permission: 'read' }, schema: { tags: ['approvals'], summary: 'Get an approval', params: approvalIdParamsSchema, response: { 200: approvalSchema, ...errors } } },
    async (request) => mapApprovalRow(await tenantDatabase.read(request.principal.tenantId, (database) => findApproval(database, request.params.id, scopeOf(request.principal)))),
  );

  routes.post(
    '/api/v1/approvals/:id/decision',
    {
      config: { permission: 'approvals:decide' },
      schema: {
        tags: ['approvals'],
        summary: 'Decide an approval',
        description:
          'Approve, reject, or answer the gate\'s questions (unanswered questions take their defaults). The run resumes with the decision. Deciding twice, or after the deadline, is a 409. An escalated approval (`escalatedTo`) is decided only by that role and owners; anyone else gets a 403.',
        params: approvalIdParamsSchema,
        body: approvalDecisionRequestSchema,
        response: { 200: approvalSchema, ...errors },
      },
    },
    async (request) => {
      const { workflow } = await findApproval(pool, request.params.id, scopeOf(request.principal));
      // Who decided is the authenticated caller, not what the body claims (the body's name counts only without authentication).
      const decidedBy = request.principal.kind === 'local' ? request.body.decidedBy : request.principal.label;
      const result = await decideApproval(pool, request.params.id, { ...request.body, ...(decidedBy === undefined ? {} : { decidedBy }) }, { role: request.principal.role });
      const approval = mapApprovalRow({ ...result.approval, workflow });
      if (result.kind === 'expired') {
        throw new AppError('APPROVAL_EXPIRED', `The approval expired at ${approval.deadline} and resolved with its timeout outcome (${approval.outcome?.decision ?? approval.timeoutOutcome.decision}).`, { approvalId: approval.id, outcome: approval.outcome });
      }
      return approval;
    },
  );
}
