import fc from 'fast-check';
import { policyPhaseVariables, type PolicyInputs, type PolicyPhase, type PolicyVariables } from '../policy-input.js';

/** Valid expressions per phase, in the style of real policies; some of them can fail at runtime. */
export const validExpressionsByPhase: { readonly [Phase in PolicyPhase]: readonly string[] } = {
  'run.create': [
    'run.estimatedCostUsd > 5.0',
    'run.dataClassification == "restricted" && !(run.region.startsWith("eu-"))',
    'run.region in ["eu-west-1", "eu-central-1"] || run.priority >= 3',
    'has(run.input.team) && run.input.team == "ml"',
    'budget.hasLimit && budget.remainingUsd < run.estimatedCostUsd',
    'principal.role != "owner" && run.workflow.startsWith("mlops")',
    'size(run.input) > 2 || tenant.id == "t1"',
    // Fails at runtime when the priority is 0 or the key is missing: errors are recorded, never thrown.
    'run.tokens / run.priority > 10',
    'run.input.replicas > 3',
  ],
  'step.before': ['step.confidence < 0.75', 'step.attempt > 2 && step.node == "plan"', 'run.costUsd > 1.0 || step.index >= 10', 'principal.kind == "api_key"'],
  'tool.before': [
    'tool.name == "shell" || tool.confidence < 0.75',
    'has(tool.arguments.url) && !tool.arguments.url.startsWith("https://")',
    'tool.name in ["shell", "python"] && step.attempt > 1',
  ],
  'llm.before': [
    'llm.estimatedCostUsd > budget.remainingUsd',
    'llm.model.startsWith("gpt-4") && !llm.streamed',
    'llm.maxOutputTokens + llm.estimatedInputTokens > 100000',
    'run.id == "" && llm.userId != ""',
  ],
};

/** Every valid expression of every phase. */
export const allValidExpressions: readonly string[] = Object.values(validExpressionsByPhase).flat();

const operators = ['==', '!=', '<', '<=', '>', '>=', '&&', '||', ' in ', '+', '-', '*', '/', '%', '!', '?', ':'] as const;
const tokenCharacters = [...'()[]{}.,!&|=<>+-*/%"\'?: \n\t\\abcxyz0159_', '\u00e9', '\u{1f600}'];

/** Where a mutation strikes: a fraction of the source length, so that it scales with any source. */
const positions = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

function at(source: string, fraction: number): number {
  return Math.floor(fraction * (source.length + 1));
}

/** Replaces the `occurrence`-th match of `pattern` (modulo the number of matches) with `replacement`. */
function replaceOne(source: string, pattern: RegExp, occurrence: number, replacement: string): string {
  const matches = [...source.matchAll(new RegExp(pattern.source, 'g'))];
  const match = matches[occurrence % Math.max(1, matches.length)];
  if (!match || match.index === undefined) return source;
  return source.slice(0, match.index) + replacement + source.slice(match.index + match[0].length);
}

/**
 * A valid expression broken the ways people break them: truncated, a character inserted or
 * deleted, an operator swapped, a parenthesis left open or closed twice, a number compared with a
 * string, a field or variable that does not exist (or belongs to another phase).
 */
export function mutatedExpressionArbitrary(sources: readonly string[] = allValidExpressions): fc.Arbitrary<string> {
  const source = fc.constantFrom(...sources);
  return fc.oneof(
    fc.tuple(source, positions).map(([text, where]) => text.slice(0, at(text, where))),
    fc.tuple(source, positions, fc.constantFrom(...tokenCharacters)).map(([text, where, character]) => text.slice(0, at(text, where)) + character + text.slice(at(text, where))),
    fc.tuple(source, positions).map(([text, where]) => text.slice(0, at(text, where)) + text.slice(at(text, where) + 1)),
    fc.tuple(source, fc.nat(), fc.constantFrom(...operators)).map(([text, occurrence, operator]) => replaceOne(text, /==|!=|<=|>=|&&|\|\||[<>+\-*/%!]| in /, occurrence, operator)),
    fc.tuple(source, positions, fc.constantFrom('(', ')', '((', '))', '[', ']')).map(([text, where, parenthesis]) => text.slice(0, at(text, where)) + parenthesis + text.slice(at(text, where))),
    fc.tuple(source, fc.nat(), fc.constantFrom('"5"', 'true', 'null', '[1]', '{"a": 1}', '5u', 'b"x"')).map(([text, occurrence, literal]) => replaceOne(text, /\d+(\.\d+)?/, occurrence, literal)),
    fc.tuple(source, fc.nat(), fc.constantFrom('5', '5.0', 'true', 'run')).map(([text, occurrence, literal]) => replaceOne(text, /"[^"]*"/, occurrence, literal)),
    fc.tuple(source, fc.nat(), fc.constantFrom('.nosuchfield', '.Id', '.input', '.region.size', '[0]')).map(([text, occurrence, field]) => replaceOne(text, /\.[a-zA-Z]+/, occurrence, field)),
    fc.tuple(source, fc.nat(), fc.constantFrom('nosuchvariable', 'tool', 'llm', 'step', 'budget', 'Run', 'has')).map(([text, occurrence, variable]) => replaceOne(text, /\b(run|tool|llm|step|budget|tenant|principal)\b/, occurrence, variable)),
  );
}

/** Well-typed boolean expressions of one phase: its valid expressions joined with !, && and ||. */
export function composedExpressionArbitrary(phase: PolicyPhase): fc.Arbitrary<string> {
  const { expression } = fc.letrec<{ expression: string }>((tie) => ({
    expression: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...validExpressionsByPhase[phase]),
      tie('expression').map((operand) => `!(${operand})`),
      fc.tuple(tie('expression'), fc.constantFrom('&&', '||'), tie('expression')).map(([left, operator, right]) => `(${left}) ${operator} (${right})`),
      fc.tuple(tie('expression'), tie('expression'), tie('expression')).map(([condition, then, otherwise]) => `(${condition}) ? (${then}) : (${otherwise})`),
    ),
  }));
  return expression;
}

const money = fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.double());
const count = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer());
const shortText = fc.oneof(fc.constantFrom('', 'shell', 'plan', 'mlops-architect', 'gpt-4o', 't1'), fc.string({ maxLength: 10 }));
const jsonObject = fc.record(
  { team: fc.constantFrom('ml', 'web', 3), replicas: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.string()), url: fc.constantFrom('https://example.com', 'http://example.com', 7) },
  { requiredKeys: [] },
).chain((known) => fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }).map((extra) => ({ ...extra, ...known })));

const variableArbitraries: { [Name in keyof PolicyVariables]: fc.Arbitrary<PolicyVariables[Name]> } = {
  tenant: fc.record({ id: shortText }),
  principal: fc.record({ kind: fc.constantFrom('user', 'api_key', 'local'), id: shortText, role: fc.constantFrom('owner', 'admin', 'developer', 'viewer') }),
  run: fc.record({
    id: shortText,
    workflow: shortText,
    workflowVersion: count,
    projectId: shortText,
    priority: count,
    estimatedCostUsd: money,
    costUsd: money,
    tokens: count,
    dataClassification: fc.constantFrom('', 'public', 'internal', 'restricted'),
    region: fc.constantFrom('', 'eu-west-1', 'eu-central-1', 'us-east-1', 'ap-south-1'),
    input: jsonObject,
  }),
  budget: fc.record({ hasLimit: fc.boolean(), limitUsd: money, spentUsd: money, remainingUsd: money }),
  step: fc.record({ node: shortText, attempt: count, index: count, confidence: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double()) }),
  tool: fc.record({ name: shortText, arguments: jsonObject, confidence: fc.double({ min: 0, max: 1, noNaN: true }) }),
  llm: fc.record({
    provider: shortText,
    model: shortText,
    agent: shortText,
    userId: shortText,
    maxOutputTokens: count,
    estimatedInputTokens: count,
    estimatedCostUsd: money,
    streamed: fc.boolean(),
  }),
};

/** Complete, well-typed inputs of `phase`, with edge values (NaN, ±Infinity, huge integers, odd strings). */
export function policyInputArbitrary<Phase extends PolicyPhase>(phase: Phase): fc.Arbitrary<PolicyInputs[Phase]> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of policyPhaseVariables[phase]) record[name] = variableArbitraries[name];
  return fc.record(record) as unknown as fc.Arbitrary<PolicyInputs[Phase]>;
}
