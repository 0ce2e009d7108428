import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composedExpressionArbitrary, mutatedExpressionArbitrary, policyInputArbitrary, validExpressionsByPhase } from './__fixtures__/policy-arbitraries.js';
import { checkPolicyExpression } from './check-policy-expression.js';
import { hashPolicyInput } from './hash-policy-input.js';
import { createPolicyInput, policyPhases, type PolicyPhase } from './policy-input.js';
import type { PolicyRecord } from './policy-record.js';
import { PolicySet } from './policy-set.js';

let nextId = 0;

/** A policy record with sensible defaults: enforce mode, priority 0, a fresh id. */
function policy(fields: Pick<PolicyRecord, 'phase' | 'expression' | 'effect'> & Partial<PolicyRecord>): PolicyRecord {
  nextId += 1;
  return { id: `policy-${nextId}`, name: fields.expression, priority: 0, mode: 'enforce', ...fields };
}

describe('PolicySet with the three example policies', () => {
  describe('"deny runs estimated over $5"', () => {
    const set = new PolicySet([policy({ id: 'expensive-runs', phase: 'run.create', expression: 'run.estimatedCostUsd > 5.0', effect: 'deny' })]);

    it('denies a run estimated at $7.20', () => {
      const decision = set.decide('run.create', createPolicyInput('run.create', { run: { workflow: 'mlops-architect', estimatedCostUsd: 7.2 } }));
      expect(decision.effect).toBe('deny');
      expect(decision.matched).toEqual([{ policyId: 'expensive-runs', effect: 'deny', mode: 'enforce' }]);
      expect(decision.deciding).toEqual(['expensive-runs']);
    });

    it('allows a run estimated at exactly $5, and one with no forecast yet', () => {
      expect(set.decide('run.create', createPolicyInput('run.create', { run: { estimatedCostUsd: 5 } })).effect).toBe('allow');
      const unknown = set.decide('run.create', createPolicyInput('run.create'));
      expect(unknown).toMatchObject({ effect: 'allow', matched: [], deciding: [], errors: [] });
    });
  });

  describe('"require approval when the tool is shell or the confidence is below 0.75"', () => {
    const set = new PolicySet([
      policy({ id: 'risky-tools', phase: 'tool.before', expression: 'tool.name == "shell" || tool.confidence < 0.75', effect: 'require_approval' }),
      policy({ id: 'unsure-steps', phase: 'step.before', expression: 'step.confidence < 0.75', effect: 'require_approval' }),
    ]);

    it('asks for approval before a shell call, however confident the agent is', () => {
      const decision = set.decide('tool.before', createPolicyInput('tool.before', { tool: { name: 'shell', arguments: { command: 'ls' }, confidence: 0.99 } }));
      expect(decision.effect).toBe('require_approval');
      expect(decision.deciding).toEqual(['risky-tools']);
    });

    it('asks for approval before any tool when the confidence is 0.6', () => {
      expect(set.decide('tool.before', createPolicyInput('tool.before', { tool: { name: 'http_get', confidence: 0.6 } })).effect).toBe('require_approval');
    });

    it('lets a confident http_get through', () => {
      expect(set.decide('tool.before', createPolicyInput('tool.before', { tool: { name: 'http_get', confidence: 0.9 } })).effect).toBe('allow');
    });

    it('pauses a step when the latest reason card is unsure, and only then', () => {
      expect(set.decide('step.before', createPolicyInput('step.before', { step: { node: 'plan', confidence: 0.7 } })).effect).toBe('require_approval');
      expect(set.decide('step.before', createPolicyInput('step.before', { step: { node: 'plan', confidence: 0.8 } })).effect).toBe('allow');
      // No reason card yet: confidence 1.0.
      expect(set.decide('step.before', createPolicyInput('step.before', { step: { node: 'plan' } })).effect).toBe('allow');
    });

    it('evaluates only the policies of the phase asked', () => {
      const decision = set.decide('step.before', createPolicyInput('step.before'));
      expect(decision.evaluatedPolicyIds).toEqual(['unsure-steps']);
    });
  });

  describe('"deny restricted data outside the EU"', () => {
    const set = new PolicySet([
      policy({ id: 'eu-residency', phase: 'run.create', expression: 'run.dataClassification == "restricted" && !(run.region.startsWith("eu-"))', effect: 'deny' }),
    ]);

    it('denies restricted data bound for us-east-1', () => {
      expect(set.decide('run.create', createPolicyInput('run.create', { run: { dataClassification: 'restricted', region: 'us-east-1' } })).effect).toBe('deny');
    });

    it('denies restricted data with no region at all', () => {
      expect(set.decide('run.create', createPolicyInput('run.create', { run: { dataClassification: 'restricted' } })).effect).toBe('deny');
    });

    it('allows restricted data in eu-central-1, and internal data anywhere', () => {
      expect(set.decide('run.create', createPolicyInput('run.create', { run: { dataClassification: 'restricted', region: 'eu-central-1' } })).effect).toBe('allow');
      expect(set.decide('run.create', createPolicyInput('run.create', { run: { dataClassification: 'internal', region: 'us-east-1' } })).effect).toBe('allow');
    });
  });
});

describe('PolicySet.decide', () => {
  const input = createPolicyInput('run.create', { run: { estimatedCostUsd: 9, region: 'us-east-1', input: { team: 'ml' } } });

  it('lets deny beat require_approval beat allow', () => {
    const allow = policy({ phase: 'run.create', expression: 'true', effect: 'allow' });
    const approval = policy({ phase: 'run.create', expression: 'true', effect: 'require_approval' });
    const deny = policy({ phase: 'run.create', expression: 'true', effect: 'deny' });
    expect(new PolicySet([allow, approval, deny]).decide('run.create', input).effect).toBe('deny');
    expect(new PolicySet([allow, approval]).decide('run.create', input).effect).toBe('require_approval');
    expect(new PolicySet([allow]).decide('run.create', input)).toMatchObject({ effect: 'allow', deciding: [allow.id] });
    expect(new PolicySet([]).decide('run.create', input)).toMatchObject({ effect: 'allow', matched: [], evaluatedPolicyIds: [] });
  });

  it('names as deciding only the enforce-mode matches with the winning effect', () => {
    const approval = policy({ phase: 'run.create', expression: 'true', effect: 'require_approval' });
    const denyA = policy({ id: 'deny-a', phase: 'run.create', expression: 'run.estimatedCostUsd > 5.0', effect: 'deny' });
    const denyB = policy({ id: 'deny-b', phase: 'run.create', expression: 'run.region == "us-east-1"', effect: 'deny' });
    const shadowDeny = policy({ phase: 'run.create', expression: 'true', effect: 'deny', mode: 'shadow' });
    expect(new PolicySet([approval, denyA, denyB, shadowDeny]).decide('run.create', input).deciding).toEqual(['deny-a', 'deny-b']);
  });

  it('records a shadow deny without enforcing it', () => {
    const shadow = policy({ phase: 'run.create', expression: 'run.estimatedCostUsd > 5.0', effect: 'deny', mode: 'shadow' });
    const decision = new PolicySet([shadow]).decide('run.create', input);
    expect(decision).toMatchObject({ effect: 'allow', shadowEffect: 'deny', deciding: [] });
    expect(decision.matched).toEqual([{ policyId: shadow.id, effect: 'deny', mode: 'shadow' }]);
  });

  it('keeps the enforced effect when shadow policies would only loosen it', () => {
    const enforced = policy({ phase: 'run.create', expression: 'true', effect: 'require_approval' });
    const shadow = policy({ phase: 'run.create', expression: 'true', effect: 'allow', mode: 'shadow' });
    expect(new PolicySet([enforced, shadow]).decide('run.create', input)).toMatchObject({ effect: 'require_approval', shadowEffect: 'require_approval' });
  });

  it('lists matches by priority, highest first, then by id', () => {
    const low = policy({ id: 'c-low', phase: 'run.create', expression: 'true', effect: 'deny', priority: -5 });
    const high = policy({ id: 'b-high', phase: 'run.create', expression: 'true', effect: 'allow', priority: 100 });
    const middleA = policy({ id: 'a-middle', phase: 'run.create', expression: 'true', effect: 'require_approval', priority: 10, mode: 'shadow' });
    const middleZ = policy({ id: 'z-middle', phase: 'run.create', expression: 'true', effect: 'allow', priority: 10 });
    const unmatched = policy({ id: 'unmatched', phase: 'run.create', expression: 'false', effect: 'deny', priority: 50 });
    const decision = new PolicySet([low, middleZ, unmatched, high, middleA]).decide('run.create', input);
    expect(decision.matched.map((match) => match.policyId)).toEqual(['b-high', 'a-middle', 'z-middle', 'c-low']);
    expect(decision.evaluatedPolicyIds).toEqual(['b-high', 'unmatched', 'a-middle', 'z-middle', 'c-low']);
    // Priority orders the report, not the outcome: the lowest-priority deny still wins.
    expect(decision.effect).toBe('deny');
  });

  describe('fails closed when a policy errors at runtime', () => {
    const missingKey = 'run.input.budgetCode == "x"';
    const divisionByZero = 'run.tokens / run.priority > 10';

    it('counts an erroring deny or require_approval as matched, and records why', () => {
      const deny = policy({ phase: 'run.create', expression: missingKey, effect: 'deny' });
      const approval = policy({ phase: 'run.create', expression: divisionByZero, effect: 'require_approval' });
      const decision = new PolicySet([deny, approval]).decide('run.create', input);
      expect(decision.effect).toBe('deny');
      expect(decision.matched.map((match) => match.policyId).sort()).toEqual([deny.id, approval.id].sort());
      expect(decision.errors).toEqual(
        expect.arrayContaining([
          { policyId: deny.id, message: 'No such key: budgetCode' },
          { policyId: approval.id, message: expect.stringMatching(/division by zero/) },
        ]),
      );
    });

    it('does not count an erroring allow as matched', () => {
      const allow = policy({ phase: 'run.create', expression: missingKey, effect: 'allow' });
      const decision = new PolicySet([allow]).decide('run.create', input);
      expect(decision).toMatchObject({ effect: 'allow', matched: [], errors: [{ policyId: allow.id, message: 'No such key: budgetCode' }] });
    });

    it('lets has() guard a map key so that a policy does not error', () => {
      const guarded = policy({ phase: 'run.create', expression: 'has(run.input.budgetCode) && run.input.budgetCode == "x"', effect: 'deny' });
      expect(new PolicySet([guarded]).decide('run.create', input)).toMatchObject({ effect: 'allow', errors: [] });
    });

    it('treats a stored policy that no longer compiles as erroring on every decision', () => {
      const stale = policy({ phase: 'run.create', expression: 'run.nosuchfield > 1', effect: 'require_approval' });
      const set = new PolicySet([stale]);
      expect(set.rejected).toEqual([{ policyId: stale.id, phase: 'run.create', error: expect.objectContaining({ message: 'No such key: nosuchfield' }) }]);
      const decision = set.decide('run.create', input);
      expect(decision).toMatchObject({ effect: 'require_approval', errors: [{ policyId: stale.id, message: 'The policy does not compile: No such key: nosuchfield' }] });
    });

    it('fails closed on an input of the wrong shape instead of throwing', () => {
      const deny = policy({ phase: 'run.create', expression: 'run.estimatedCostUsd > 5.0', effect: 'deny' });
      const broken = { ...input, run: { ...input.run, estimatedCostUsd: 'lots' as unknown as number } };
      const decision = new PolicySet([deny]).decide('run.create', broken);
      expect(decision.effect).toBe('deny');
      expect(decision.errors[0]?.message).toMatch(/not of type 'double'/);
    });
  });

  it('hashes the input canonically: the same facts in another key order give the same hash', () => {
    const set = new PolicySet([policy({ phase: 'run.create', expression: 'true', effect: 'allow' })]);
    const decision = set.decide('run.create', input);
    const reordered = Object.fromEntries(Object.entries(input).reverse()) as typeof input;
    expect(decision.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(set.decide('run.create', reordered).inputHash).toBe(decision.inputHash);
    expect(decision.inputHash).toBe(hashPolicyInput(input));
  });

  it('measures its own latency', () => {
    const decision = new PolicySet([policy({ phase: 'run.create', expression: 'true', effect: 'allow' })]).decide('run.create', input);
    expect(decision.latencyMicros).toBeGreaterThanOrEqual(0);
    expect(decision.latencyMicros).toBeLessThan(1_000_000);
  });
});

describe('PolicySet.decide on generated policies and inputs', () => {
  const effects = fc.constantFrom('allow', 'deny', 'require_approval' as const);

  it('never throws for any expression that passes the check, whatever the valid input', () => {
    const cases = fc.constantFrom(...policyPhases).chain((phase: PolicyPhase) =>
      fc.record({
        phase: fc.constant(phase),
        expressions: fc.array(fc.oneof(composedExpressionArbitrary(phase), mutatedExpressionArbitrary(validExpressionsByPhase[phase]), fc.constantFrom(...validExpressionsByPhase[phase])), {
          minLength: 1,
          maxLength: 6,
        }),
        effects: fc.array(effects, { minLength: 6, maxLength: 6 }),
        inputs: fc.array(policyInputArbitrary(phase), { minLength: 1, maxLength: 4 }),
      }),
    );
    fc.assert(
      fc.property(cases, ({ phase, expressions, effects: chosenEffects, inputs }) => {
        const valid = expressions.filter((expression) => checkPolicyExpression(phase, expression).valid);
        const records = valid.map((expression, index) => policy({ phase, expression, effect: chosenEffects[index] ?? 'deny' }));
        const set = new PolicySet(records);
        expect(set.rejected).toEqual([]);
        for (const input of inputs) {
          const decision = set.decide(phase, input);
          expect(decision.evaluatedPolicyIds).toHaveLength(records.length);
          for (const error of decision.errors) expect(error.message.trim()).not.toBe('');
          // Fail closed: every erroring deny or require_approval is among the matches.
          const matchedIds = new Set(decision.matched.map((match) => match.policyId));
          for (const error of decision.errors) {
            const record = records.find((candidate) => candidate.id === error.policyId);
            if (record?.effect !== 'allow') expect(matchedIds.has(error.policyId)).toBe(true);
          }
          expect(decision.inputHash).toMatch(/^[0-9a-f]{64}$/);
        }
      }),
      { numRuns: 200 },
    );
  });
});
