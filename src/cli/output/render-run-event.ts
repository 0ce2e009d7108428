import { colours as pc } from './terminal-colours.js';
import type { RunEvent } from '../../contracts/run-event.js';
import { formatMicroUsd } from './format-micro-usd.js';

const clock = (iso: string) => iso.slice(11, 23);

/** One human-readable line per event, as `agentbus run --follow` prints them. */
export function renderRunEvent(event: RunEvent): string {
  const prefix = `${pc.dim(clock(event.createdAt))} ${pc.dim(`#${String(event.seq).padStart(3)}`)}`;
  switch (event.type) {
    case 'run-queued':
      return `${prefix} ${pc.blue('queued')}   attempt ${event.data.attempt} (${event.data.reason})${event.data.error ? pc.yellow(` after ${event.data.error.code}`) : ''}`;
    case 'run-started':
      return `${prefix} ${pc.blue('started')}  on ${event.data.worker}${event.data.resumed ? ' (resumed from checkpoint)' : ''}`;
    case 'run-waiting':
      return `${prefix} ${pc.yellow('waiting')}  for ${event.data.approvalIds.length} approval(s)`;
    case 'run-cancel-requested':
      return `${prefix} ${pc.yellow('cancel requested')}`;
    case 'run-ended': {
      const colour = event.data.status === 'succeeded' ? pc.green : pc.red;
      const detail = event.data.error ? ` ${event.data.error.code}: ${event.data.error.message}` : event.data.output === undefined ? '' : ` ${JSON.stringify(event.data.output)}`;
      return `${prefix} ${colour(pc.bold(event.data.status))}${detail}`;
    }
    case 'node-start':
      return `${prefix} ${pc.cyan('▶')} ${event.data.node}${event.data.attempt > 1 ? pc.yellow(` (attempt ${event.data.attempt})`) : ''}`;
    case 'node-end': {
      const mark = event.data.status === 'succeeded' ? pc.green('✓') : event.data.status === 'interrupted' ? pc.yellow('⏸') : pc.red('✗');
      return `${prefix} ${mark} ${event.data.node} ${pc.dim(`${event.data.durationMs.toFixed(1)} ms`)}${event.data.error ? pc.red(` ${event.data.error.code}: ${event.data.error.message}`) : ''}`;
    }
    case 'reason-card':
      return `${prefix} ${pc.magenta('◆')} ${pc.bold(event.data.agent)}: ${event.data.decision} ${pc.dim(`(confidence ${event.data.confidence.toFixed(2)})`)}\n${' '.repeat(19)}${pc.dim(event.data.reasoning)}`;
    case 'custom':
      return `${prefix} ${pc.dim('•')} ${event.data.name} ${pc.dim(JSON.stringify(event.data.payload))}`;
    case 'approval-requested':
      return `${prefix} ${pc.yellow('?')} approval ${pc.bold(event.data.approvalId)} — ${event.data.reason}\n${' '.repeat(19)}decide: ${pc.cyan(`npx agentbus approvals decide ${event.data.approvalId} --approve`)} (or --reject) before ${event.data.deadline}; otherwise: ${event.data.timeoutOutcome.decision}`;
    case 'approval-decided':
      return `${prefix} ${pc.yellow('!')} ${event.data.gate}: ${event.data.outcome.decision}${event.data.outcome.auto ? ' (deadline passed: timeout outcome)' : event.data.outcome.decidedBy ? ` by ${event.data.outcome.decidedBy}` : ''}`;
    case 'approval-escalated':
      return `${prefix} ${pc.yellow('↑')} approval ${pc.bold(event.data.approvalId)} (${event.data.gate}) escalated to ${pc.bold(event.data.escalatedTo)}: only ${event.data.escalatedTo === 'owner' ? 'owners' : 'admins and owners'} may decide it now, before ${event.data.deadline}; otherwise: reject`;
    case 'artifact-created':
      return `${prefix} ${pc.green('+')} artifact ${event.data.name} (${event.data.size} bytes)`;
    case 'llm-call': {
      const call = event.data;
      const tokens = `${call.inputTokens + call.cacheReadTokens + call.cacheWriteTokens} in / ${call.outputTokens} out`;
      const outcome = call.status === 'succeeded' ? pc.dim(`${tokens}, ${formatMicroUsd(call.costMicros)}`) : pc.red(`${call.status}${call.errorKind ? ` (${call.errorKind})` : ''}`);
      return `${prefix} ${pc.dim('⇄')} ${call.agent ?? 'llm'} → ${call.provider}/${call.model}${call.isFallback ? pc.yellow(' (fallback)') : ''} ${outcome} ${pc.dim(`${call.latencyMs.toFixed(0)} ms`)}`;
    }
    case 'budget-warning':
      return `${prefix} ${pc.yellow('!')} budget (${event.data.scope}) at ${formatMicroUsd(event.data.spentMicros)}${event.data.limitMicros === null ? '' : ` of ${formatMicroUsd(event.data.limitMicros)}`}`;
    default: {
      const unreachable: never = event;
      return `${prefix} ${JSON.stringify(unreachable)}`;
    }
  }
}
