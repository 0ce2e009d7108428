import { describe, expect, it } from 'vitest';
import { extractPolicyGuards, type PolicyGuards } from './extract-policy-guards.js';
import { createPolicyEnvironment, type PolicyPhase } from './policy-input.js';

/** The guards of `source`, type-checked as a policy of `phase`. */
function guardsOf(source: string, phase: PolicyPhase = 'run.create'): PolicyGuards {
  const parsed = createPolicyEnvironment(phase).parse(source);
  expect(parsed.check()).toMatchObject({ valid: true, type: 'bool' });
  return extractPolicyGuards(parsed.ast);
}

const noGuards: PolicyGuards = { guards: [], complete: false };

describe('extractPolicyGuards', () => {
  describe('takes as guards', () => {
    it('a string field equal or unequal to a literal, on either side', () => {
      expect(guardsOf('run.workflow == "mlops-architect"')).toEqual({
        guards: [{ kind: 'compare', variable: 'run', field: 'workflow', type: 'string', operator: '==', value: 'mlops-architect', negated: false }],
        complete: true,
      });
      expect(guardsOf('"t1" != tenant.id').guards).toEqual([{ kind: 'compare', variable: 'tenant', field: 'id', type: 'string', operator: '!=', value: 't1', negated: false }]);
    });

    it('a bool field alone, negated, or compared with a literal', () => {
      expect(guardsOf('budget.hasLimit').guards).toEqual([{ kind: 'bool', variable: 'budget', field: 'hasLimit', negated: false }]);
      expect(guardsOf('!budget.hasLimit').guards).toEqual([{ kind: 'bool', variable: 'budget', field: 'hasLimit', negated: true }]);
      expect(guardsOf('!!budget.hasLimit').guards).toEqual([{ kind: 'bool', variable: 'budget', field: 'hasLimit', negated: false }]);
      expect(guardsOf('llm.streamed == false', 'llm.before').guards).toEqual([{ kind: 'compare', variable: 'llm', field: 'streamed', type: 'bool', operator: '==', value: false, negated: false }]);
    });

    it('an int field compared with an int literal, a double field with a double literal (mirrored when the literal comes first)', () => {
      expect(guardsOf('run.priority >= 9').guards).toEqual([{ kind: 'compare', variable: 'run', field: 'priority', type: 'int', operator: '>=', value: 9, negated: false }]);
      expect(guardsOf('-3 < run.priority').guards).toEqual([{ kind: 'compare', variable: 'run', field: 'priority', type: 'int', operator: '>', value: -3, negated: false }]);
      expect(guardsOf('run.estimatedCostUsd > 10.5').guards).toEqual([{ kind: 'compare', variable: 'run', field: 'estimatedCostUsd', type: 'double', operator: '>', value: 10.5, negated: false }]);
      expect(guardsOf('0.75 >= step.confidence', 'step.before').guards).toEqual([{ kind: 'compare', variable: 'step', field: 'confidence', type: 'double', operator: '<=', value: 0.75, negated: false }]);
    });

    it('startsWith, endsWith and contains on a string field with a string literal, and their negation', () => {
      expect(guardsOf('run.workflow.startsWith("mlops-") && run.region.endsWith("-1") && !principal.id.contains("bot")').guards).toEqual([
        { kind: 'string-method', variable: 'run', field: 'workflow', method: 'startsWith', value: 'mlops-', negated: false },
        { kind: 'string-method', variable: 'run', field: 'region', method: 'endsWith', value: '-1', negated: false },
        { kind: 'string-method', variable: 'principal', field: 'id', method: 'contains', value: 'bot', negated: true },
      ]);
    });

    it('a string field in a list of string literals, the empty list included', () => {
      expect(guardsOf('principal.role in ["admin", "viewer"]').guards).toEqual([{ kind: 'in', variable: 'principal', field: 'role', values: ['admin', 'viewer'], negated: false }]);
      expect(guardsOf('run.region in []').guards).toEqual([{ kind: 'in', variable: 'run', field: 'region', values: [], negated: false }]);
    });

    it('has() of one key of run.input or tool.arguments', () => {
      expect(guardsOf('has(run.input.team)').guards).toEqual([{ kind: 'has', variable: 'run', field: 'input', key: 'team', negated: false }]);
      expect(guardsOf('!has(tool.arguments.url)', 'tool.before').guards).toEqual([{ kind: 'has', variable: 'tool', field: 'arguments', key: 'url', negated: true }]);
    });

    it('every guard of a top-level && chain however it is grouped, in source order', () => {
      const grouped = guardsOf('(run.workflow == "a" && (budget.hasLimit && run.input.x == 1)) && (has(run.input.x) && run.priority > 1)');
      expect(grouped.guards.map((guard) => guard.kind)).toEqual(['compare', 'bool', 'has', 'compare']);
      expect(grouped.complete).toBe(false);
    });

    it('says the chain is complete only when every conjunct is a guard', () => {
      expect(guardsOf('run.dataClassification == "restricted" && !run.region.startsWith("eu-")').complete).toBe(true);
      expect(guardsOf('has(run.input.team) && run.input.team == "ml"')).toMatchObject({ guards: [{ kind: 'has' }], complete: false });
      expect(guardsOf('true && run.workflow != "x"')).toMatchObject({ guards: [{ kind: 'compare' }], complete: false });
    });
  });

  describe('takes as no guard', () => {
    it.each([
      ['a disjunction, however its operands look', 'run.workflow == "a" || run.workflow == "b" && run.priority > 1'],
      ['a negated conjunction', '!(run.workflow == "a" && run.priority > 1)'],
      ['a ternary', 'budget.hasLimit ? run.priority > 1 : false'],
      ['a function of a field', 'size(run.workflow) > 0'],
      ['a double field against an int literal', 'run.estimatedCostUsd > 5'],
      ['an int literal beyond 2^53', 'run.priority == 9007199254740993'],
      ['an unsigned literal', 'uint(run.priority) == 3u'],
      ['strings put in order', 'run.workflow < "m"'],
      ['bools put in order', 'budget.hasLimit > false'],
      ['two fields compared', 'run.workflow == run.region'],
      ['arithmetic on a field', 'run.priority + 1 > 2'],
      ['a map value (dyn)', 'run.input.team == "ml"'],
      ['has() two keys deep', 'has(run.input.constraints.latencyMs)'],
      ['has() of a declared field', 'has(run.workflow)'],
      ['another string method', 'run.workflow.matches("^mlops")'],
      ['a list that is not all string literals', 'run.region in [run.workflow, "x"]'],
      ['a macro', '["a"].exists(x, x == run.workflow)'],
      ['a literal', 'true'],
    ])('%s: %s', (_, source) => {
      expect(guardsOf(source)).toEqual(noGuards);
    });

    it('anything that is not a syntax tree', () => {
      expect(extractPolicyGuards(undefined)).toEqual(noGuards);
      expect(extractPolicyGuards({ op: '&&', args: 'broken' })).toEqual(noGuards);
    });
  });
});
