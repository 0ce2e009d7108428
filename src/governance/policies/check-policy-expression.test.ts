import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allValidExpressions, mutatedExpressionArbitrary, validExpressionsByPhase } from './__fixtures__/policy-arbitraries.js';
import { checkPolicyExpression, type PolicyExpressionCheck, type PolicyExpressionError } from './check-policy-expression.js';
import { policyPhases, type PolicyPhase } from './policy-input.js';

function errorOf(check: PolicyExpressionCheck): PolicyExpressionError {
  if (check.valid) throw new Error('expected the expression to be refused');
  return check.error;
}

/** The line and column of `offset` counted by hand, to compare with what the check reports. */
function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1) ?? '').length + 1 };
}

describe('checkPolicyExpression', () => {
  it('accepts the valid expressions of every phase', () => {
    for (const phase of policyPhases) {
      for (const expression of validExpressionsByPhase[phase]) {
        expect(checkPolicyExpression(phase, expression), `${phase}: ${expression}`).toEqual({ valid: true });
      }
    }
  });

  describe('catches type errors when the policy is saved', () => {
    it('refuses comparing a number with a string', () => {
      expect(errorOf(checkPolicyExpression('run.create', 'run.estimatedCostUsd > "5"')).message).toBe('no such overload: double > string');
      expect(errorOf(checkPolicyExpression('step.before', 'step.attempt == "2"')).message).toBe('no such overload: int == string');
    });

    it('refuses a field the variable does not have, pointing at it', () => {
      const error = errorOf(checkPolicyExpression('run.create', 'run.region == "eu-west-1" &&\n  run.nosuchfield == 1'));
      expect(error).toEqual({ message: 'No such key: nosuchfield', line: 2, column: 7, offset: 35 });
    });

    it('refuses has() on a field the variable does not have, which would always be false', () => {
      expect(errorOf(checkPolicyExpression('run.create', 'has(run.regoin) && run.region == "eu-west-1"'))).toEqual({
        message: 'No such key: regoin (Run has no such field, so has() would always be false)',
        line: 1,
        column: 9,
        offset: 8,
      });
      expect(checkPolicyExpression('run.create', 'has(run.input.regoin)')).toEqual({ valid: true });
    });

    it('refuses a variable of another phase, naming the variables the phase has', () => {
      const toolInRunCreate = errorOf(checkPolicyExpression('run.create', 'tool.name == "shell"'));
      expect(toolInRunCreate.message).toBe('Unknown variable: tool (run.create policies can use tenant, principal, run, budget)');
      expect(toolInRunCreate).toMatchObject({ line: 1, column: 1, offset: 0 });
      expect(checkPolicyExpression('step.before', 'budget.hasLimit').valid).toBe(false);
      expect(checkPolicyExpression('tool.before', 'llm.streamed').valid).toBe(false);
      expect(checkPolicyExpression('llm.before', 'step.confidence < 0.5').valid).toBe(false);
      expect(checkPolicyExpression('llm.before', 'tool.confidence < 0.5').valid).toBe(false);
    });

    it('refuses an expression that is not bool, naming the type found', () => {
      expect(errorOf(checkPolicyExpression('run.create', 'run.estimatedCostUsd * 2.0')).message).toMatch(/must be bool, but it is double/);
      expect(errorOf(checkPolicyExpression('run.create', 'run.workflow')).message).toMatch(/but it is string/);
      // A map value is dyn: it must be compared to become a rule.
      expect(errorOf(checkPolicyExpression('run.create', 'run.input.urgent')).message).toMatch(/but it is dyn/);
      expect(checkPolicyExpression('run.create', 'run.input.urgent == true')).toEqual({ valid: true });
    });

    it('refuses mixing int and double in equality, which CEL does not convert', () => {
      expect(errorOf(checkPolicyExpression('run.create', 'run.priority == 2.0')).message).toBe('no such overload: int == double');
    });
  });

  it('refuses empty and white-space expressions', () => {
    expect(checkPolicyExpression('run.create', '')).toEqual({ valid: false, error: { message: 'The expression is empty', line: 1, column: 1, offset: 0 } });
    expect(errorOf(checkPolicyExpression('run.create', ' \n\t ')).message).toBe('The expression is empty');
  });

  it('refuses expressions over 4,000 characters, at the first character past the limit', () => {
    const expression = `run.workflow == "${'x'.repeat(4_000)}"`;
    expect(errorOf(checkPolicyExpression('run.create', expression))).toEqual({
      message: `The expression is ${expression.length.toLocaleString('en')} characters long; the limit is 4,000`,
      line: 1,
      column: 4_001,
      offset: 4_000,
    });
  });

  it('reports syntax errors where the parser stopped', () => {
    expect(errorOf(checkPolicyExpression('run.create', '(run.priority > 1'))).toEqual({ message: 'Expected RPAREN, got EOF', line: 1, column: 18, offset: 17 });
    expect(errorOf(checkPolicyExpression('run.create', 'run.priority >\n  1 +'))).toMatchObject({ line: 2, column: 6, offset: 20 });
  });

  it('reports thousands of nested operators without overflowing the stack', () => {
    const error = errorOf(checkPolicyExpression('run.create', `${'!'.repeat(3_990)}true`));
    expect(error).toEqual({ message: 'The expression is nested too deeply', line: 1, column: 1, offset: 0 });
  });

  describe('never throws, and places every refusal inside the source', () => {
    function expectWellFormed(phase: PolicyPhase, source: string): void {
      const check = checkPolicyExpression(phase, source);
      if (check.valid) return;
      const { message, line, column, offset } = check.error;
      expect(message.trim()).not.toBe('');
      expect(Number.isInteger(offset)).toBe(true);
      expect(offset).toBeGreaterThanOrEqual(0);
      // The end of the input (an expression cut short) is a position too.
      expect(offset).toBeLessThanOrEqual(source.length);
      expect({ line, column }).toEqual(lineAndColumn(source, offset));
    }

    it('for arbitrary strings', () => {
      fc.assert(
        fc.property(fc.constantFrom(...policyPhases), fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', maxLength: 50 })), (phase, source) => {
          expectWellFormed(phase, source);
        }),
        { numRuns: 300 },
      );
    });

    it('for valid expressions broken the ways people break them', () => {
      fc.assert(
        fc.property(fc.constantFrom(...policyPhases), mutatedExpressionArbitrary(), (phase, source) => {
          expectWellFormed(phase, source);
        }),
        { numRuns: 1_000 },
      );
    });

    it('for strings made of CEL tokens', () => {
      const tokens = fc.constantFrom('run', 'tool', '.', 'estimatedCostUsd', 'input', '(', ')', '[', ']', '{', '}', '"a"', '1', '2.5', '&&', '||', '!', '==', '<', 'in', ',', ':', '?', 'has', 'size', ' ', '\n');
      fc.assert(
        fc.property(fc.constantFrom(...policyPhases), fc.array(tokens, { maxLength: 30 }), (phase, parts) => {
          expectWellFormed(phase, parts.join(''));
        }),
        { numRuns: 500 },
      );
    });
  });

  it('keeps every corpus expression valid in at least one phase (the fuzz starts from valid text)', () => {
    for (const expression of allValidExpressions) {
      expect(policyPhases.some((phase) => checkPolicyExpression(phase, expression).valid), expression).toBe(true);
    }
  });
});
