import { describe, expect, it } from 'vitest';
import { hashPolicyInput } from './hash-policy-input.js';
import { PolicySetDecision } from './policy-set-decision.js';

function decisionWith(input: Record<string, unknown>): PolicySetDecision {
  return new PolicySetDecision({
    effect: 'deny',
    shadowEffect: 'deny',
    matched: [
      { policyId: 'a', effect: 'deny', mode: 'enforce' },
      { policyId: 'b', effect: 'deny', mode: 'shadow' },
      { policyId: 'c', effect: 'allow', mode: 'enforce' },
    ],
    errors: undefined,
    evaluatedPolicyIds: ['a', 'b', 'c'],
    latencyMicros: 12.5,
    input,
  });
}

describe('PolicySetDecision', () => {
  it('hashes the input when the hash is first read, then keeps it', () => {
    const input = { run: { id: 'r1' } };
    const decision = decisionWith(input);
    expect(decision.inputHash).toBe(hashPolicyInput(input));
    expect(decision.inputHash).toBe(decision.inputHash);
  });

  it('names as deciding the enforce-mode matches with the decision’s effect', () => {
    expect(decisionWith({}).deciding).toEqual(['a']);
  });

  it('serializes every field, the lazy ones included, so that a logged decision carries its hash', () => {
    const input = { tenant: { id: 't1' } };
    const serialized = JSON.parse(JSON.stringify(decisionWith(input)));
    expect(serialized).toEqual({
      effect: 'deny',
      shadowEffect: 'deny',
      matched: decisionWith(input).matched,
      errors: [],
      evaluatedPolicyIds: ['a', 'b', 'c'],
      deciding: ['a'],
      inputHash: hashPolicyInput(input),
      latencyMicros: 12.5,
    });
  });
});
