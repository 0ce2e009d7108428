import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardShapedConjunctArbitrary, inputAroundGuardsArbitrary, oddPolicyInputArbitrary } from './__fixtures__/guarded-policy-arbitraries.js';
import { policyInputArbitrary } from './__fixtures__/policy-arbitraries.js';
import { compilePolicyExpression, type CompiledPolicyExpression } from './compile-policy-expression.js';
import { checkPolicyGuards, createPolicyGuardChecker, type PolicyGuardCheck } from './create-policy-guard-checker.js';
import { extractPolicyGuards, type PolicyGuards } from './extract-policy-guards.js';
import { convertToPolicyActivation, createPolicyInput, policyPhases, type PolicyInputs, type PolicyPhase } from './policy-input.js';

/** The guards of `source`, compiled as a policy of `phase`. */
function guardsOf(source: string, phase: PolicyPhase = 'run.create'): PolicyGuards {
  const compilation = compilePolicyExpression(phase, source);
  if (!compilation.valid) throw new Error(`${source}: ${compilation.error.message}`);
  return extractPolicyGuards((compilation.evaluate as CompiledPolicyExpression & { ast?: unknown }).ast);
}

/** What the guards of one policy say about an input, read as `PolicySet.decide` reads it. */
type InputCheck = (input: Readonly<Record<string, unknown>>) => boolean | undefined;

/** The compiled expression and its guard check, undefined when it has no guards. */
function compile(source: string, phase: PolicyPhase = 'run.create'): { evaluate: CompiledPolicyExpression; check: InputCheck | undefined } {
  const compilation = compilePolicyExpression(phase, source);
  if (!compilation.valid) throw new Error(`${source}: ${compilation.error.message}`);
  const checker = createPolicyGuardChecker();
  const check = checker.createCheck(guardsOf(source, phase));
  return { evaluate: compilation.evaluate, check: check && ((input) => checkPolicyGuards(check, checker.testGuards(input))) };
}

/** The guard check of a policy that must have guards. */
function checkOf(source: string, phase: PolicyPhase = 'run.create'): InputCheck {
  const { check } = compile(source, phase);
  if (check === undefined) throw new Error(`${source} has no guards`);
  return check;
}

/** What the library says: the value, or 'error'. */
function evaluateWithLibrary(evaluate: CompiledPolicyExpression, phase: PolicyPhase, input: PolicyInputs[PolicyPhase]): unknown {
  try {
    return evaluate(convertToPolicyActivation(phase, input as never));
  } catch {
    return 'error';
  }
}

const asValues = (input: unknown) => input as Readonly<Record<string, unknown>>;

describe('createPolicyGuardChecker', () => {
  it('settles a complete chain either way, and leaves an incomplete one to the library unless a guard fails', () => {
    const complete = checkOf('run.workflow == "x" && budget.hasLimit');
    expect(complete(asValues(createPolicyInput('run.create', { run: { workflow: 'x' }, budget: { hasLimit: true } })))).toBe(true);
    expect(complete(asValues(createPolicyInput('run.create', { run: { workflow: 'y' }, budget: { hasLimit: true } })))).toBe(false);
    const partial = checkOf('run.workflow == "x" && run.input.team == "ml"');
    expect(partial(asValues(createPolicyInput('run.create', { run: { workflow: 'x' } })))).toBeUndefined();
    expect(partial(asValues(createPolicyInput('run.create', { run: { workflow: 'y' } })))).toBe(false);
  });

  it('says false when any guard fails, even after one it cannot tell (CEL: error && false is false)', () => {
    const check = checkOf('run.workflow == "x" && budget.hasLimit');
    expect(check(asValues(createPolicyInput('run.create', { run: { workflow: 5 as never }, budget: { hasLimit: false } })))).toBe(false);
    expect(check(asValues(createPolicyInput('run.create', { run: { workflow: 5 as never }, budget: { hasLimit: true } })))).toBeUndefined();
  });

  it('cannot tell for a field of the wrong type, a missing field or a variable that is not an object', () => {
    const check = checkOf('run.workflow == "x"');
    const input = createPolicyInput('run.create');
    expect(check(asValues({ ...input, run: { ...input.run, workflow: undefined } }))).toBeUndefined();
    expect(check(asValues({ ...input, run: null }))).toBeUndefined();
    expect(check(asValues({ ...input, run: 'x' }))).toBeUndefined();
  });

  it('compares int fields as the engine converts them (truncated), and cannot tell for NaN or infinities', () => {
    const check = checkOf('run.priority == 8');
    const withPriority = (priority: number) => asValues(createPolicyInput('run.create', { run: { priority } }));
    expect(check(withPriority(8.9))).toBe(true);
    expect(check(withPriority(-8.9))).toBe(false);
    expect(check(withPriority(Number.NaN))).toBeUndefined();
    expect(check(withPriority(Number.POSITIVE_INFINITY))).toBeUndefined();
  });

  it('compares doubles as JavaScript does: NaN is not above 5.0, nor equal to itself', () => {
    const withCost = (estimatedCostUsd: number) => asValues(createPolicyInput('run.create', { run: { estimatedCostUsd } }));
    expect(checkOf('run.estimatedCostUsd > 5.0')(withCost(Number.NaN))).toBe(false);
    expect(checkOf('run.estimatedCostUsd != 5.0')(withCost(Number.NaN))).toBe(true);
    expect(checkOf('run.estimatedCostUsd == 0.0')(withCost(-0))).toBe(true);
  });

  it('looks for an own key of a plain-object map, and leaves other maps to the library', () => {
    const check = checkOf('has(run.input.team)');
    const withInput = (value: unknown) => asValues(createPolicyInput('run.create', { run: { input: value as Record<string, unknown> } }));
    expect(check(withInput({ team: 'ml' }))).toBe(true);
    expect(check(withInput({ team: null }))).toBe(true);
    expect(check(withInput({}))).toBe(false);
    expect(check(withInput({ team: undefined }))).toBe(false);
    // An inherited key is no key, for the library too.
    expect(check(withInput(Object.create({ team: 'ml' }) as object))).toBe(false);
    expect(check(withInput(Object.assign(Object.create(null) as object, { team: 'ml' })))).toBe(true);
    expect(check(withInput(new Map([['team', 'ml']])))).toBeUndefined();
    // The library reads `constructor` to tell a map from a message: an own key of that name makes it fail.
    expect(check(withInput({ constructor: 'x', team: 'ml' }))).toBeUndefined();
    expect(check(withInput({ team: () => 'ml' }))).toBeUndefined();
    expect(check(asValues({ ...createPolicyInput('run.create'), run: { workflow: '' } }))).toBeUndefined();
  });

  it('tests a guard several policies share once', () => {
    const checker = createPolicyGuardChecker();
    const first = checker.createCheck(guardsOf('budget.hasLimit && run.workflow == "a"'));
    const second = checker.createCheck(guardsOf('budget.hasLimit && run.workflow == "b" && run.input.x == 1'));
    expect(first).toEqual({ tests: [0, 1], complete: true });
    expect(second).toEqual({ tests: [0, 2], complete: false });
    const results = checker.testGuards(asValues(createPolicyInput('run.create', { budget: { hasLimit: true }, run: { workflow: 'b' } })));
    expect(results).toEqual([true, false, true]);
    expect(checkPolicyGuards(first as PolicyGuardCheck, results)).toBe(false);
    expect(checkPolicyGuards(second as PolicyGuardCheck, results)).toBeUndefined();
  });

  it('has no check for a policy without guards', () => {
    expect(compile('run.tokens > 5 || run.priority > 1').check).toBeUndefined();
  });

  it('agrees with the library on every guard-shaped conjunct, whatever the input; and decides every guard of a well-typed input', () => {
    const cases = fc.constantFrom(...policyPhases).chain((phase) =>
      guardShapedConjunctArbitrary(phase).chain((source) => {
        const compilation = compilePolicyExpression(phase, source);
        const { guards } = compilation.valid ? extractPolicyGuards((compilation.evaluate as CompiledPolicyExpression & { ast?: unknown }).ast) : { guards: [] };
        const inputs = [policyInputArbitrary(phase), oddPolicyInputArbitrary(phase)];
        if (guards.length > 0) inputs.push(inputAroundGuardsArbitrary(phase, guards), inputAroundGuardsArbitrary(phase, guards));
        return fc.record({ phase: fc.constant(phase), source: fc.constant(source), inputs: fc.array(fc.oneof(...inputs), { minLength: 1, maxLength: 8 }), wellTyped: policyInputArbitrary(phase) });
      }),
    );
    let decided = 0;
    fc.assert(
      fc.property(cases, ({ phase, source, inputs, wellTyped }) => {
        fc.pre(compilePolicyExpression(phase, source).valid);
        const { evaluate, check } = compile(source, phase);
        if (check === undefined) return;
        for (const input of inputs) {
          const outcome = check(asValues(input));
          if (outcome === undefined) continue;
          decided += 1;
          expect({ source, input, library: evaluateWithLibrary(evaluate, phase, input) }).toEqual({ source, input, library: outcome });
        }
        expect({ source, outcome: check(asValues(wellTyped)) }).toEqual({ source, outcome: evaluateWithLibrary(evaluate, phase, wellTyped) });
      }),
      { numRuns: 500 },
    );
    expect(decided).toBeGreaterThan(1_000);
  });
});
