/**
 * Step statuses. A step is one execution attempt of one node; `interrupted` means the node paused
 * at an approval gate and will run again from its top (as a new attempt) once the gate is decided.
 */
export const stepStatuses = ['running', 'succeeded', 'failed', 'retrying', 'cancelled', 'interrupted'] as const;

export type StepStatus = (typeof stepStatuses)[number];

/** Every allowed step transition; `docs/architecture.md` mirrors it. */
export const stepTransitions = [
  { from: 'running', to: 'succeeded', on: 'node returns' },
  { from: 'running', to: 'failed', on: 'node throws, or its worker is lost' },
  { from: 'running', to: 'retrying', on: 'node throws a retryable error; the run is requeued' },
  { from: 'running', to: 'cancelled', on: 'run cancelled or drained' },
  { from: 'running', to: 'interrupted', on: 'interrupt() at an approval gate' },
] as const satisfies readonly { from: StepStatus; to: StepStatus; on: string }[];
