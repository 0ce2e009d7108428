import { describe, expect, it } from 'vitest';
import { compilePolicyExpression, maxPolicyExpressionLength } from './compile-policy-expression.js';
import { convertToPolicyActivation, createPolicyInput } from './policy-input.js';

describe('compilePolicyExpression', () => {
  it('gives an evaluator for a valid expression', () => {
    const compilation = compilePolicyExpression('run.create', 'run.priority >= 2 && run.input.team == "ml"');
    if (!compilation.valid) throw new Error(compilation.error.message);
    const matching = createPolicyInput('run.create', { run: { priority: 2, input: { team: 'ml' } } });
    const other = createPolicyInput('run.create', { run: { priority: 1, input: { team: 'ml' } } });
    expect(compilation.evaluate(convertToPolicyActivation('run.create', matching))).toBe(true);
    expect(compilation.evaluate(convertToPolicyActivation('run.create', other))).toBe(false);
  });

  it('accepts an expression of exactly the maximum length', () => {
    const prefix = 'run.workflow == "';
    const expression = `${prefix}${'x'.repeat(maxPolicyExpressionLength - prefix.length - 1)}"`;
    expect(expression).toHaveLength(maxPolicyExpressionLength);
    expect(compilePolicyExpression('run.create', expression).valid).toBe(true);
  });

  it('points a non-bool refusal at the start of the expression itself, after leading white space', () => {
    const compilation = compilePolicyExpression('run.create', '\n  run.priority + 1');
    expect(compilation).toEqual({ valid: false, error: { message: expect.stringMatching(/but it is int/), line: 2, column: 3, offset: 3 } });
  });

  it('refuses a phase that does not exist, and a source that is not a string, without throwing', () => {
    expect(compilePolicyExpression('run.delete' as never, 'true')).toMatchObject({ valid: false, error: { message: expect.stringMatching(/Unknown phase 'run.delete'/) } });
    expect(compilePolicyExpression('run.create', 42 as never)).toMatchObject({ valid: false, error: { message: 'The expression must be a string', offset: 0 } });
  });
});
