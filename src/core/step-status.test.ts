import { describe, expect, it } from 'vitest';
import { readDiagramTransitions } from '../testing/read-diagram-transitions.js';
import { stepStatuses, stepTransitions } from './step-status.js';

describe('stepTransitions', () => {
  it('matches the step state diagram in docs/architecture.md one to one', () => {
    expect(readDiagramTransitions('Step states')).toEqual(stepTransitions.map(({ from, to, on }) => ({ from, to, on })));
  });

  it('uses only known statuses', () => {
    for (const transition of stepTransitions) {
      expect(stepStatuses).toContain(transition.from);
      expect(stepStatuses).toContain(transition.to);
    }
  });

  it('gives every status but running a way in', () => {
    const reachable = new Set(stepTransitions.map((transition) => transition.to));
    expect(stepStatuses.filter((status) => status !== 'running' && !reachable.has(status))).toEqual([]);
  });
});
