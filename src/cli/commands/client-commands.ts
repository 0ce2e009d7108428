import { readFile } from 'node:fs/promises';
import ora from 'ora';
import { colours as pc } from '../output/terminal-colours.js';
import type { Run } from '../../contracts/run.js';
import type { RunEvent } from '../../contracts/run-event.js';
import { isTerminalRunStatus } from '../../core/run-status.js';
import type { ApiClient } from '../api-client.js';
import { connectApiClient } from '../connect-api-client.js';
import { renderRunEvent } from '../output/render-run-event.js';

const client = () => connectApiClient();

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Reads `--input`: inline JSON, or `@path` to a JSON file. */
export async function readInputOption(value: string | undefined): Promise<Record<string, unknown>> {
  if (value === undefined) return {};
  const text = value.startsWith('@') ? await readFile(value.slice(1), 'utf8') : value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`--input is not valid JSON (${(error as Error).message}). Pass an object such as '{"name":"Ada"}' or @input.json.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('--input must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** `agentbus run <workflow>`: creates a run and, with --follow, renders its events live. */
export async function runWorkflowCommand(workflow: string, options: { input?: string; follow?: boolean; priority?: string; idempotencyKey?: string; project?: string; label?: string[]; json?: boolean }): Promise<void> {
  const api = await client();
  const input = await readInputOption(options.input);
  const metadata = Object.fromEntries(
    (options.label ?? []).map((pair) => {
      const separator = pair.indexOf('=');
      if (separator <= 0) throw new Error(`--label takes key=value pairs; got "${pair}".`);
      return [pair.slice(0, separator), pair.slice(separator + 1)];
    }),
  );
  const run = await api.createRun(
    {
      workflow,
      input,
      ...(options.priority === undefined ? {} : { priority: Number.parseInt(options.priority, 10) }),
      ...(options.project ? { projectId: options.project } : {}),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    },
    options.idempotencyKey,
  );
  if (!options.follow) {
    print(options.json ? JSON.stringify(run, null, 2) : `created run ${pc.bold(run.id)} (${run.workflow}, ${run.status}); follow it with: npx agentbus runs show ${run.id} --follow`);
    return;
  }
  if (!options.json) print(`run ${pc.bold(run.id)} (${run.workflow})`);
  const status = await followRun(api, run.id, options.json === true);
  process.exitCode = status === 'succeeded' ? 0 : 1;
}

/** Streams a run's events to the terminal; returns its final status. */
export async function followRun(api: ApiClient, runId: string, json: boolean): Promise<string> {
  const spinner = process.stderr.isTTY && !json ? ora({ stream: process.stderr }) : undefined;
  let runningNode: { name: string; since: number } | undefined;
  const ticker = spinner ? setInterval(() => runningNode && (spinner.text = `${runningNode.name} ${((Date.now() - runningNode.since) / 1000).toFixed(1)} s`), 100) : undefined;
  let finalStatus = 'unknown';
  const onEvent = (event: RunEvent) => {
    spinner?.stop();
    print(json ? JSON.stringify(event) : renderRunEvent(event));
    if (event.type === 'node-start') runningNode = { name: event.data.node, since: Date.now() };
    if (event.type === 'node-end' || event.type === 'run-waiting' || event.type === 'run-ended') runningNode = undefined;
    if (event.type === 'run-ended') finalStatus = event.data.status;
    if (spinner && runningNode) spinner.start(runningNode.name);
    if (spinner && event.type === 'run-waiting') spinner.start('waiting for a decision');
  };
  try {
    await api.followRunEvents(runId, onEvent, { onReconnect: (attempt) => spinner?.start(`connection lost; reconnecting (attempt ${attempt})`) });
  } finally {
    clearInterval(ticker);
    spinner?.stop();
  }
  return finalStatus;
}

function formatRunLine(run: Run): string {
  const colour = run.status === 'succeeded' ? pc.green : isTerminalRunStatus(run.status) ? pc.red : pc.yellow;
  return `${run.id}  ${colour(run.status.padEnd(16))} ${run.workflow.padEnd(18)} attempt ${run.attempt}/${run.maxAttempts}  ${run.createdAt}`;
}

/** `agentbus runs list`. */
export async function listRunsCommand(options: { status?: string; workflow?: string; limit?: string; cursor?: string; json?: boolean }): Promise<void> {
  const page = await (await client()).listRuns({ status: options.status, workflow: options.workflow, limit: options.limit === undefined ? 20 : Number.parseInt(options.limit, 10), cursor: options.cursor });
  if (options.json) return print(JSON.stringify(page, null, 2));
  if (page.items.length === 0) return print('no runs');
  for (const run of page.items) print(formatRunLine(run));
  if (page.nextCursor) print(pc.dim(`more: npx agentbus runs list --cursor ${page.nextCursor}`));
}

/** `agentbus runs show <id>` (with --follow, streams until the run ends). */
export async function showRunCommand(runId: string, options: { follow?: boolean; json?: boolean }): Promise<void> {
  const api = await client();
  if (options.follow) {
    const status = await followRun(api, runId, options.json === true);
    process.exitCode = status === 'succeeded' ? 0 : 1;
    return;
  }
  const run = await api.getRun(runId);
  if (options.json) return print(JSON.stringify(run, null, 2));
  print(formatRunLine(run));
  print(`  input   ${JSON.stringify(run.input)}`);
  if (run.output !== null) print(`  output  ${JSON.stringify(run.output)}`);
  if (run.error) print(`  error   ${pc.red(`${run.error.code}: ${run.error.message}`)}`);
}

/** `agentbus runs cancel <id>`. */
export async function cancelRunCommand(runId: string): Promise<void> {
  const run = await (await client()).cancelRun(runId);
  print(run.status === 'running' ? `cancellation requested; the run stops at its current node` : `run ${run.id} is ${run.status}`);
}

/** `agentbus runs retry <id>`. */
export async function retryRunCommand(runId: string): Promise<void> {
  const run = await (await client()).retryRun(runId);
  print(`run ${run.id} requeued; it resumes from its last checkpoint`);
}

/** `agentbus approvals list`. */
export async function listApprovalsCommand(options: { run?: string; status?: string; workflow?: string; category?: string; project?: string; sort?: string; json?: boolean }): Promise<void> {
  const page = await (await client()).listApprovals({ runId: options.run, status: options.status ?? 'pending', workflow: options.workflow, reasonCategory: options.category, projectId: options.project, sort: options.sort, limit: 50 });
  if (options.json) return print(JSON.stringify(page, null, 2));
  if (page.items.length === 0) return print(`no ${options.status ?? 'pending'} approvals`);
  for (const approval of page.items) {
    const seconds = Math.round((Date.parse(approval.deadline) - Date.now()) / 1000);
    // An escalated approval rejects at its second deadline; only its role may decide it.
    const then = approval.escalatedTo === null ? approval.timeoutOutcome.decision : `reject (escalated to ${approval.escalatedTo})`;
    print(`${approval.id}  ${approval.status.padEnd(9)} run ${approval.runId} (${approval.workflow})  ${approval.gate}: ${approval.reason}  ${approval.status === 'pending' ? pc.yellow(`${seconds}s left, then ${then}`) : ''}`);
    for (const question of approval.questions) print(`    ${question.id}: ${question.text} ${pc.dim(`(default ${JSON.stringify(question.default)})`)}`);
  }
}

/** `agentbus approvals decide <id> --approve|--reject|--answer key=value…`. */
export async function decideApprovalCommand(approvalId: string, options: { approve?: boolean; reject?: boolean; answer?: string[]; comment?: string; by?: string }): Promise<void> {
  const chosen = [options.approve, options.reject, options.answer !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new Error('Choose exactly one of --approve, --reject or --answer key=value.');
  const values = Object.fromEntries(
    (options.answer ?? []).map((pair) => {
      const separator = pair.indexOf('=');
      if (separator <= 0) throw new Error(`--answer takes key=value pairs; got "${pair}".`);
      const raw = pair.slice(separator + 1);
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {
        // A bare word is a string answer.
      }
      return [pair.slice(0, separator), value];
    }),
  );
  const decision = options.approve ? 'approve' : options.reject ? 'reject' : 'answer';
  const approval = await (await client()).decideApproval(approvalId, {
    decision,
    ...(decision === 'answer' ? { values } : {}),
    ...(options.comment ? { comment: options.comment } : {}),
    decidedBy: options.by ?? process.env.USER ?? 'cli',
  });
  print(`approval ${approval.id} is ${approval.status}; run ${approval.runId} resumes`);
}

/** `agentbus workflows`. */
export async function listWorkflowsCommand(options: { json?: boolean }): Promise<void> {
  const { items } = await (await client()).listWorkflows();
  if (options.json) return print(JSON.stringify(items, null, 2));
  for (const workflow of items) print(`${pc.bold(workflow.name.padEnd(18))} v${workflow.version}  ${workflow.description}`);
}
