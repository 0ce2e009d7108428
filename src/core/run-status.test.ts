import { describe, expect, it } from 'vitest';
import { readDiagramTransitions } from '../testing/read-diagram-transitions.js';
import { canTransitionRun, isTerminalRunStatus, runStatuses, runTransitions } from './run-status.js';

describe('runTransitions', () => {
  it('matches the run state diagram in docs/architecture.md one to one', () => {
    expect(readDiagramTransitions('Run states')).toEqual(runTransitions.map(({ from, to, on }) => ({ from, to, on })));
  });

  it('uses only known statuses', () => {
    for (const transition of runTransitions) {
      expect(runStatuses).toContain(transition.from);
      expect(runStatuses).toContain(transition.to);
    }
  });
});

describe('canTransitionRun', () => {
  it('allows a claim, a retry and a park at an approval gate', () => {
    expect(canTransitionRun('queued', 'running')).toBe(true);
    expect(canTransitionRun('running', 'queued')).toBe(true);
    expect(canTransitionRun('running', 'waiting_approval')).toBe(true);
    expect(canTransitionRun('failed', 'queued')).toBe(true);
  });

  it('forbids skipping the queue or leaving a final success', () => {
    expect(canTransitionRun('queued', 'succeeded')).toBe(false);
    expect(canTransitionRun('waiting_approval', 'running')).toBe(false);
    expect(canTransitionRun('succeeded', 'queued')).toBe(false);
    expect(canTransitionRun('denied', 'queued')).toBe(false);
  });
});

describe('isTerminalRunStatus', () => {
  it('treats ended runs as terminal', () => {
    expect(isTerminalRunStatus('succeeded')).toBe(true);
    expect(isTerminalRunStatus('failed')).toBe(true);
    expect(isTerminalRunStatus('denied')).toBe(true);
  });

  it('treats queued, running and waiting runs as not terminal', () => {
    expect(isTerminalRunStatus('queued')).toBe(false);
    expect(isTerminalRunStatus('running')).toBe(false);
    expect(isTerminalRunStatus('waiting_approval')).toBe(false);
  });
});
