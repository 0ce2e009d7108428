import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benchExpressionArbitrary, benchInputArbitrary, guardedExpressionArbitrary, inputAroundGuardsArbitrary, oddPolicyInputArbitrary } from './__fixtures__/guarded-policy-arbitraries.js';
import { composedExpressionArbitrary, mutatedExpressionArbitrary, policyInputArbitrary, validExpressionsByPhase } from './__fixtures__/policy-arbitraries.js';
import { compilePolicyExpression, type CompiledPolicyExpression } from './compile-policy-expression.js';
import { extractPolicyGuards, type PolicyGuard } from './extract-policy-guards.js';
import { createPolicyInput, policyPhases, type PolicyInputs, type PolicyPhase } from './policy-input.js';
import type { PolicyRecord } from './policy-record.js';
import type { PolicyDecision } from './policy-set-decision.js';
import { PolicySet } from './policy-set.js';

/** Run.create policies, one per expression, ids in order, all denying in enforce mode. */
function denyingPolicies(...expressions: string[]): PolicyRecord[] {
  return expressions.map((expression, index) => ({ id: `policy-${index}`, name: expression, phase: 'run.create', expression, effect: 'deny', priority: 0, mode: 'enforce' }));
}

/** The guards of a policy, none when it does not compile. */
function guardsOf(phase: PolicyPhase, expression: string): readonly PolicyGuard[] {
  const compilation = compilePolicyExpression(phase, expression);
  return compilation.valid ? extractPolicyGuards((compilation.evaluate as CompiledPolicyExpression & { ast?: unknown }).ast).guards : [];
}

/** Everything a decision says except its timing and (equal by construction) input hash. */
function outcomeOf(decision: PolicyDecision): Omit<PolicyDecision, 'latencyMicros' | 'inputHash'> {
  const { effect, shadowEffect, matched, errors, evaluatedPolicyIds, deciding } = decision;
  return { effect, shadowEffect, matched, errors, evaluatedPolicyIds, deciding };
}

describe('PolicySet guards', () => {
  const set = new PolicySet(
    denyingPolicies(
      'run.workflow == "mlops-architect" && run.input.replicas > 3',
      'run.dataClassification == "restricted" && !run.region.startsWith("eu-")',
      'has(run.input.team) && run.input.team == "ml"',
      'run.tokens / run.priority > 10',
    ),
  );

  it('leaves to the library only the policies whose guards do not settle them', () => {
    const input = createPolicyInput('run.create', { run: { workflow: 'support-triage', dataClassification: 'internal', priority: 1 } });
    expect(set.policiesToEvaluate('run.create', input)).toEqual(['policy-3']);
    const decision = set.decide('run.create', input);
    expect(decision).toMatchObject({ effect: 'allow', matched: [], errors: [] });
    expect(decision.evaluatedPolicyIds).toEqual(['policy-0', 'policy-1', 'policy-2', 'policy-3']);
  });

  it('matches a policy its guards settle entirely, without evaluating it', () => {
    const input = createPolicyInput('run.create', { run: { dataClassification: 'restricted', region: 'us-east-1', priority: 1 } });
    expect(set.policiesToEvaluate('run.create', input)).not.toContain('policy-1');
    expect(set.decide('run.create', input)).toMatchObject({ effect: 'deny', deciding: ['policy-1'] });
  });

  it('still records the error of a policy whose guards hold', () => {
    const input = createPolicyInput('run.create', { run: { workflow: 'mlops-architect', priority: 1 } });
    expect(set.policiesToEvaluate('run.create', input)).toEqual(['policy-0', 'policy-3']);
    expect(set.decide('run.create', input)).toMatchObject({ effect: 'deny', errors: [{ policyId: 'policy-0', message: 'No such key: replicas' }] });
  });

  it('skips a policy whose guard is false even when its other conjuncts would fail (CEL: error && false is false)', () => {
    const records = denyingPolicies('run.tokens / run.priority > 10 && run.workflow == "mlops-architect"');
    const input = createPolicyInput('run.create', { run: { workflow: 'support-triage', priority: 0 } });
    const guarded = new PolicySet(records);
    expect(guarded.policiesToEvaluate('run.create', input)).toEqual([]);
    expect(guarded.decide('run.create', input)).toMatchObject({ effect: 'allow', errors: [] });
    expect(new PolicySet(records, { guards: false }).decide('run.create', input)).toMatchObject({ effect: 'allow', errors: [] });
  });

  it('leaves a guard on a field of the wrong type to the library, which fails closed', () => {
    const input = createPolicyInput('run.create', { run: { dataClassification: 5 as unknown as string } });
    expect(set.policiesToEvaluate('run.create', input)).toContain('policy-1');
    expect(set.decide('run.create', input)).toMatchObject({ effect: 'deny', errors: expect.arrayContaining([{ policyId: 'policy-1', message: expect.stringMatching(/not of type 'string'/) }]) });
  });

  it('evaluates every policy with guards off', () => {
    const input = createPolicyInput('run.create', { run: { workflow: 'support-triage' } });
    expect(new PolicySet(denyingPolicies('run.workflow == "x"'), { guards: false }).policiesToEvaluate('run.create', input)).toEqual(['policy-0']);
  });

  it('decides exactly as without guards: same effects, matches in the same order, same errors, same policy ids', () => {
    const effects = fc.constantFrom('allow', 'deny', 'require_approval' as const);
    const policy = fc.record({ effect: effects, mode: fc.constantFrom('enforce', 'shadow' as const), priority: fc.integer({ min: -2, max: 2 }) });
    const cases = fc.constantFrom(...policyPhases).chain((phase: PolicyPhase) => {
      const expressions = [guardedExpressionArbitrary(phase), composedExpressionArbitrary(phase), mutatedExpressionArbitrary(validExpressionsByPhase[phase])];
      const inputs: fc.Arbitrary<PolicyInputs[PolicyPhase]>[] = [policyInputArbitrary(phase), oddPolicyInputArbitrary(phase)];
      if (phase === 'run.create') {
        expressions.push(benchExpressionArbitrary);
        inputs.push(benchInputArbitrary as fc.Arbitrary<PolicyInputs[PolicyPhase]>);
      }
      const chosen = fc.array(fc.tuple(fc.oneof({ weight: 3, arbitrary: expressions[0] as fc.Arbitrary<string> }, ...expressions.slice(1)), policy), { minLength: 1, maxLength: 12 });
      return chosen.chain((policies) => {
        const guards = policies.flatMap(([expression]) => guardsOf(phase, expression));
        const around = guards.length > 0 ? [inputAroundGuardsArbitrary(phase, guards), inputAroundGuardsArbitrary(phase, guards)] : [];
        return fc.record({ phase: fc.constant(phase), policies: fc.constant(policies), inputs: fc.array(fc.oneof(...inputs, ...around), { minLength: 1, maxLength: 6 }) });
      });
    });
    let settled = 0;
    let evaluated = 0;
    fc.assert(
      fc.property(cases, ({ phase, policies, inputs }) => {
        const records: PolicyRecord[] = policies.map(([expression, fields], index) => ({ id: `policy-${index}`, name: expression, phase, expression, ...fields }));
        const guarded = new PolicySet(records);
        const unguarded = new PolicySet(records, { guards: false });
        for (const input of inputs) {
          expect(outcomeOf(guarded.decide(phase, input))).toEqual(outcomeOf(unguarded.decide(phase, input)));
          const toEvaluate = guarded.policiesToEvaluate(phase, input).length;
          evaluated += toEvaluate;
          settled += records.length - guarded.rejected.length - toEvaluate;
        }
      }),
      { numRuns: 300 },
    );
    // Not vacuous: guards settled a good share of the policies.
    expect(settled).toBeGreaterThan(evaluated / 4);
  });
});
