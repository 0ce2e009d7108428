import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalTimeoutOutcome } from '../../contracts/approval.js';
import { createTestDatabase, type TestDatabase } from '../../testing/create-test-database.js';
import { createId } from '../ids/create-id.js';
import { insertRun } from '../runs/insert-run.js';
import { decideApproval } from './decide-approval.js';
import { expireDueApprovals } from './expire-due-approvals.js';
import type { ApprovalRow } from './map-approval-row.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

/**
 * A run waiting at one gate with a 60-second timeout, created 61 seconds ago (overdue) or just now.
 * No timer runs in this file: the tests call it.
 */
async function approvalAtGate(timeoutOutcome: ApprovalTimeoutOutcome, overdue = true): Promise<ApprovalRow> {
  const { row: run } = await insertRun(database.pool, { workflow: 'hello-approval', workflowVersion: 1, input: {}, priority: 0, maxAttempts: 1 });
  await database.pool.query(`UPDATE runs SET status = 'waiting_approval' WHERE id = $1`, [run.id]);
  const { rows } = await database.pool.query<ApprovalRow>(
    `INSERT INTO approvals (id, run_id, interrupt_id, gate, reason, reason_category, status, created_at, deadline, timeout_outcome)
     VALUES ($1, $2, 'gate', 'gate', 'why', 'compliance', 'pending', now() - make_interval(secs => $3), now() - make_interval(secs => $3) + interval '60 seconds', $4) RETURNING *`,
    [createId(), run.id, overdue ? 61 : 0, JSON.stringify(timeoutOutcome)],
  );
  return rows[0] as ApprovalRow;
}

const load = async (approvalId: string) => (await database.pool.query<ApprovalRow>('SELECT * FROM approvals WHERE id = $1', [approvalId])).rows[0] as ApprovalRow;

describe('escalation', () => {
  it('escalates at the deadline instead of resolving, with the same timeout again from now, then rejects at the second deadline', async () => {
    const approval = await approvalAtGate({ decision: 'escalate', escalateTo: 'owner' });
    const first = await expireDueApprovals(database.pool);
    expect(first.expired.map((row) => row.id)).not.toContain(approval.id);
    const escalated = first.escalated.find((row) => row.id === approval.id) as ApprovalRow;
    expect(escalated).toMatchObject({ status: 'pending', escalated_to: 'owner' });
    expect(escalated.deadline.getTime() - (escalated.escalated_at as Date).getTime()).toBe(60_000);
    const { rows: queued } = await database.pool.query(`SELECT status FROM runs WHERE id = $1`, [approval.run_id]);
    expect(queued[0]).toEqual({ status: 'waiting_approval' });

    // Only once: past the second deadline it is rejected automatically.
    await database.pool.query(`UPDATE approvals SET deadline = now() - interval '1 second' WHERE id = $1`, [approval.id]);
    const second = await expireDueApprovals(database.pool);
    expect(second.escalated).toEqual([]);
    expect(second.expired.find((row) => row.id === approval.id)).toMatchObject({ status: 'expired', escalated_to: 'owner', outcome: { decision: 'reject', auto: true, values: {} } });
  });

  it('escalates an overdue approval a decision reaches before the timer: the role decides, anyone else is refused and nothing changes', async () => {
    const approval = await approvalAtGate({ decision: 'escalate', escalateTo: 'admin' });
    await expect(decideApproval(database.pool, approval.id, { decision: 'approve' }, { role: 'developer' })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { escalatedTo: 'admin', role: 'developer' } });
    // The refusal rolled the early escalation back; the timer will do it.
    expect(await load(approval.id)).toMatchObject({ status: 'pending', escalated_to: null, escalated_at: null });

    const decided = await decideApproval(database.pool, approval.id, { decision: 'reject', comment: 'not now' }, { role: 'admin' });
    expect(decided.kind).toBe('decided');
    expect(decided.approval).toMatchObject({ status: 'rejected', escalated_to: 'admin', outcome: { decision: 'reject', comment: 'not now', auto: false } });
    const { rows: types } = await database.pool.query<{ type: string }>(`SELECT type FROM run_events WHERE run_id = $1 ORDER BY seq`, [approval.run_id]);
    expect(types.map((row) => row.type)).toEqual(['run-queued', 'approval-escalated', 'approval-decided', 'run-queued']);
  });

  it('lets owners decide an approval escalated to admins, and leaves approvals without escalation to anyone who may decide', async () => {
    const escalated = await approvalAtGate({ decision: 'escalate', escalateTo: 'admin' });
    await expireDueApprovals(database.pool);
    expect((await decideApproval(database.pool, escalated.id, { decision: 'approve' }, { role: 'owner' })).kind).toBe('decided');

    const plain = await approvalAtGate({ decision: 'approve' }, false);
    expect((await decideApproval(database.pool, plain.id, { decision: 'reject' }, { role: 'developer' })).approval.status).toBe('rejected');
  });
});
