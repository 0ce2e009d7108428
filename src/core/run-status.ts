/**
 * Run statuses and the transitions between them. `docs/architecture.md`'s run state diagram
 * mirrors {@link runTransitions} one to one (a test keeps them in step).
 */
export const runStatuses = [
  'queued',
  'running',
  'waiting_approval',
  'succeeded',
  'failed',
  'cancelled',
  'budget_exceeded',
  'timed_out',
  'denied',
] as const;

export type RunStatus = (typeof runStatuses)[number];

/** Statuses a run never leaves (except through an explicit retry of failed, cancelled or timed-out runs). */
export const terminalRunStatuses = ['succeeded', 'failed', 'cancelled', 'budget_exceeded', 'timed_out', 'denied'] as const satisfies readonly RunStatus[];

export type TerminalRunStatus = (typeof terminalRunStatuses)[number];

/** Terminal statuses from which `POST /runs/:id/retry` may requeue the run. */
export const retryableRunStatuses = ['failed', 'cancelled', 'timed_out'] as const satisfies readonly TerminalRunStatus[];

/** Every allowed transition, with the event that causes it. */
export const runTransitions = [
  { from: 'queued', to: 'running', on: 'claim' },
  { from: 'queued', to: 'cancelled', on: 'cancel' },
  { from: 'running', to: 'succeeded', on: 'graph completes' },
  { from: 'running', to: 'failed', on: 'error not retryable, or attempts exhausted' },
  { from: 'running', to: 'queued', on: 'retry after backoff, worker lost, or shutdown hand-back' },
  { from: 'running', to: 'cancelled', on: 'cancel observed' },
  { from: 'running', to: 'budget_exceeded', on: 'hard budget limit' },
  { from: 'running', to: 'timed_out', on: 'run deadline passed' },
  { from: 'running', to: 'waiting_approval', on: 'interrupt()' },
  { from: 'waiting_approval', to: 'queued', on: 'decision or deadline' },
  { from: 'waiting_approval', to: 'cancelled', on: 'cancel' },
  { from: 'failed', to: 'queued', on: 'manual retry' },
  { from: 'cancelled', to: 'queued', on: 'manual retry' },
  { from: 'timed_out', to: 'queued', on: 'manual retry' },
] as const satisfies readonly { from: RunStatus; to: RunStatus; on: string }[];

/** Whether the run status is final. */
export function isTerminalRunStatus(status: RunStatus): status is TerminalRunStatus {
  return (terminalRunStatuses as readonly RunStatus[]).includes(status);
}

/** Whether the state machine allows moving from one status to another. */
export function canTransitionRun(from: RunStatus, to: RunStatus): boolean {
  return runTransitions.some((transition) => transition.from === from && transition.to === to);
}
