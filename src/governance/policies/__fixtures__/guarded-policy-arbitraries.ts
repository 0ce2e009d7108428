import fc from 'fast-check';
import type { PolicyGuard } from '../extract-policy-guards.js';
import { createPolicyInput, policyPhaseVariables, policyVariableDeclarations, type PolicyInputs, type PolicyPhase, type PolicyVariableName } from '../policy-input.js';
import { policyInputArbitrary, validExpressionsByPhase } from './policy-arbitraries.js';

/** Strings the inputs of `policyInputArbitrary` and `benchInputArbitrary` hold, and prefixes of them. */
const knownStrings = [
  '',
  'shell',
  'plan',
  'mlops-architect',
  'mlops-review',
  'workflow-3',
  'gpt-4o',
  't1',
  'tenant-3',
  'restricted',
  'internal',
  'public',
  'eu-west-1',
  'us-east-1',
  'owner',
  'viewer',
  'api_key',
  'user',
  'ml',
] as const;
const knownFragments = ['mlops', 'mlops-', 'eu-', 'us-', 'gpt', '-1', 'e', 'architect', 'ml'] as const;
const mapKeys = ['team', 'replicas', 'url', 'constraints', 'region', 'x', 'constructor', 'toString', '__proto__'] as const;

/** A CEL string literal for any string (JSON's escapes are CEL's, lone surrogates aside: those fail the check). */
const stringLiteral = fc.oneof(fc.constantFrom(...knownStrings, ...knownFragments), fc.string({ maxLength: 4 })).map((value) => JSON.stringify(value));
const intLiteral = fc.oneof(fc.constantFrom(-1, 0, 1, 2, 3, 8, 9, 10, 20, 60_000, 2_147_483_647, Number.MAX_SAFE_INTEGER), fc.integer()).map(String);
const doubleLiteral = fc
  .oneof(fc.constantFrom(0, 0.5, 0.75, 1, 4, 5, 9, 10.5, 50, 1e300), fc.double({ noNaN: true, noDefaultInfinity: true }))
  .map((value) => (Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value)));

type FieldType = 'string' | 'bool' | 'int' | 'double' | 'map<string, dyn>';

/** `variable.field` for every field of the phase's variables, with its declared CEL type. */
function fieldsOf(phase: PolicyPhase): { path: string; type: FieldType }[] {
  return (policyPhaseVariables[phase] as readonly PolicyVariableName[]).flatMap((variable) =>
    Object.entries(policyVariableDeclarations[variable].fields as Readonly<Record<string, FieldType>>).map(([field, type]) => ({ path: `${variable}.${field}`, type })),
  );
}

/** One conjunct of the shapes `extractPolicyGuards` knows, on any field of the phase (some of them, on purpose, are shapes it must refuse). */
export function guardShapedConjunctArbitrary(phase: PolicyPhase): fc.Arbitrary<string> {
  const fields = fieldsOf(phase);
  const ofType = (type: FieldType) => fields.filter((field) => field.type === type).map((field) => field.path);
  const strings = fc.constantFrom(...ofType('string'));
  const bools = ofType('bool');
  const maps = fc.constantFrom(...ofType('map<string, dyn>'));
  const numbers = fc.oneof(fc.tuple(fc.constantFrom(...ofType('int')), intLiteral), fc.tuple(fc.constantFrom(...ofType('double')), doubleLiteral));
  const orderOperator = fc.constantFrom('<', '<=', '>', '>=', '==', '!=');
  const shapes: fc.Arbitrary<string>[] = [
    fc.tuple(strings, fc.constantFrom('==', '!='), stringLiteral, fc.boolean()).map(([path, operator, literal, literalFirst]) => (literalFirst ? `${literal} ${operator} ${path}` : `${path} ${operator} ${literal}`)),
    fc.tuple(strings, fc.constantFrom('startsWith', 'endsWith', 'contains'), stringLiteral).map(([path, method, literal]) => `${path}.${method}(${literal})`),
    fc.tuple(strings, fc.array(stringLiteral, { maxLength: 4 })).map(([path, literals]) => `${path} in [${literals.join(', ')}]`),
    fc.tuple(numbers, orderOperator, fc.boolean()).map(([[path, literal], operator, literalFirst]) => (literalFirst ? `${literal} ${operator} ${path}` : `${path} ${operator} ${literal}`)),
    // Not guards: an int field against a double, a double field against an int, a string ordered.
    fc.tuple(fc.constantFrom(...ofType('double')), orderOperator, fc.constantFrom('5', '0', '-1')).map(([path, operator, literal]) => `${path} ${operator} ${literal}`),
    fc.tuple(strings, fc.constantFrom('<', '>='), stringLiteral).map(([path, operator, literal]) => `${path} ${operator} ${literal}`),
    fc.tuple(maps, fc.constantFrom(...mapKeys)).map(([path, key]) => `has(${path}.${key})`),
  ];
  if (bools.length > 0) {
    shapes.push(fc.constantFrom(...bools));
    shapes.push(fc.tuple(fc.constantFrom(...bools), fc.constantFrom('==', '!='), fc.constantFrom('true', 'false')).map(([path, operator, literal]) => `${path} ${operator} ${literal}`));
  }
  return fc.tuple(fc.oneof(...shapes), fc.constantFrom('', '', '!', '!!')).map(([conjunct, negation]) => (negation === '' ? conjunct : `${negation}(${conjunct})`));
}

/** A guard-shaped conjunct, or a valid expression of the phase in parentheses (which may fail at runtime). */
function anyConjunct(phase: PolicyPhase): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: guardShapedConjunctArbitrary(phase) }, { weight: 1, arbitrary: fc.constantFrom(...validExpressionsByPhase[phase]).map((expression) => `(${expression})`) });
}

/**
 * Expressions whose top-level `&&` chains (grouped any way) mix guards and other conjuncts, and
 * shapes that must not be taken for chains: `a || b && c`, `!(a && b)`, ternaries.
 */
export function guardedExpressionArbitrary(phase: PolicyPhase): fc.Arbitrary<string> {
  const { chain } = fc.letrec<{ chain: string }>((tie) => ({
    chain: fc.oneof({ depthSize: 'small' }, anyConjunct(phase), fc.tuple(tie('chain'), tie('chain')).map(([left, right]) => `(${left}) && (${right})`)),
  }));
  const flatChain = fc.array(anyConjunct(phase), { minLength: 1, maxLength: 4 }).map((conjuncts) => conjuncts.join(' && '));
  return fc.oneof(
    { weight: 4, arbitrary: flatChain },
    { weight: 2, arbitrary: chain },
    { weight: 1, arbitrary: fc.tuple(anyConjunct(phase), flatChain).map(([left, right]) => `${left} || ${right}`) },
    { weight: 1, arbitrary: flatChain.map((expression) => `!(${expression})`) },
    { weight: 1, arbitrary: fc.tuple(anyConjunct(phase), flatChain, flatChain).map(([condition, then, otherwise]) => `${condition} ? (${then}) : (${otherwise})`) },
  );
}

const regions = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-south-1', 'ap-northeast-1'] as const;
const classifications = ['public', 'internal', 'confidential', 'restricted'] as const;
const roles = ['owner', 'admin', 'developer', 'viewer'] as const;
const teams = ['ml', 'search', 'payments', 'fraud', 'ads'] as const;

/** The ten shapes of `bench/policy-bench.ts`'s 100 run.create policies, with any of their constants. */
export const benchExpressionArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 9 }).map((index) => `run.estimatedCostUsd > ${(10 + index * 0.5).toFixed(1)}`),
  fc.tuple(fc.constantFrom('5', '8', '9'), fc.integer({ min: 8, max: 27 })).map(([share, extra]) => `budget.hasLimit && run.estimatedCostUsd > budget.remainingUsd * 0.${share} + ${extra}.0`),
  fc.integer({ min: 0, max: 9 }).map((index) => `run.workflow == "workflow-${index}" && run.costUsd + run.estimatedCostUsd > ${(index + 1).toFixed(1)}`),
  fc.constantFrom('eu-', 'us-', 'ap-').map((prefix) => `run.dataClassification == "restricted" && !run.region.startsWith("${prefix}")`),
  fc
    .tuple(fc.constantFrom(...regions), fc.constantFrom(...regions), fc.constantFrom(...regions), fc.constantFrom(...classifications))
    .map(([first, second, third, classification]) => `run.region in ["${first}", "${second}", "${third}"] && run.dataClassification in ["${classification}", "restricted"] && run.priority >= 9`),
  fc.constantFrom(...roles).map((role) => `principal.role in ["${role}", "viewer"] && run.priority > 8 && run.estimatedCostUsd > 4.0`),
  fc.constantFrom(...teams).map((team) => `has(run.input.team) && run.input.team == "${team}" && run.estimatedCostUsd > 9.0`),
  fc.integer({ min: 0, max: 9 }).map((index) => `has(run.input.constraints) && has(run.input.constraints.latencyMs) && run.input.constraints.latencyMs < ${1 + index}`),
  fc.integer({ min: 0, max: 19 }).map((tenant) => `run.workflow.startsWith("mlops-") && tenant.id == "tenant-${tenant}" && principal.kind == "api_key"`),
  fc.tuple(fc.integer({ min: 55, max: 64 }), fc.integer({ min: 0, max: 1 })).map(([thousands, version]) => `run.tokens > ${thousands * 1_000} || run.workflowVersion < ${version}`),
);

/** run.create inputs in the style of the bench's: the values its policies test, hit and missed. */
export const benchInputArbitrary: fc.Arbitrary<PolicyInputs['run.create']> = fc
  .record({
    tenant: fc.integer({ min: 0, max: 19 }),
    kind: fc.constantFrom('user', 'api_key' as const),
    role: fc.constantFrom(...roles),
    workflow: fc.constantFrom('mlops-architect', 'workflow-3', 'support-triage', 'mlops-review'),
    version: fc.integer({ min: 1, max: 5 }),
    priority: fc.integer({ min: 0, max: 9 }),
    estimatedCostUsd: fc.double({ min: 0, max: 12, noNaN: true }),
    tokens: fc.integer({ min: 0, max: 60_000 }),
    classification: fc.constantFrom(...classifications),
    region: fc.constantFrom(...regions),
    team: fc.option(fc.constantFrom(...teams)),
    constraints: fc.constantFrom('none', 'empty', 'latency'),
    latencyMs: fc.integer({ min: 0, max: 199 }),
    limitUsd: fc.oneof(fc.constant(0), fc.double({ min: 10, max: 100, noNaN: true })),
    spentShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map((facts) => {
    const input: Record<string, unknown> = { requirements: 'real-time fraud detection', region: facts.region };
    if (facts.team !== null) input.team = facts.team;
    // Constraints without latencyMs: the bench's eighth shape passes its guard, then its second has() is false.
    if (facts.constraints !== 'none') input.constraints = facts.constraints === 'empty' ? {} : { latencyMs: facts.latencyMs };
    const spentUsd = facts.limitUsd * facts.spentShare;
    return createPolicyInput('run.create', {
      tenant: { id: `tenant-${facts.tenant}` },
      principal: { kind: facts.kind, id: 'principal-1', role: facts.role },
      run: {
        workflow: facts.workflow,
        workflowVersion: facts.version,
        priority: facts.priority,
        estimatedCostUsd: facts.estimatedCostUsd,
        tokens: facts.tokens,
        dataClassification: facts.classification,
        region: facts.region,
        input,
      },
      budget: { hasLimit: facts.limitUsd > 0, limitUsd: facts.limitUsd, spentUsd, remainingUsd: facts.limitUsd - spentUsd },
    });
  });

/** For each declared type, values of another type, or that the engine converts (fractional and non-finite numbers into int fields). */
const oddValues: { readonly [Type in Exclude<FieldType, 'map<string, dyn>'>]: fc.Arbitrary<unknown> } = {
  string: fc.constantFrom<unknown>(undefined, null, 5, true, ['shell'], {}),
  bool: fc.constantFrom<unknown>(undefined, null, 'true', 1, 0),
  int: fc.oneof(
    fc.constantFrom<unknown>(0.5, -0.5, -0, 2.5, 3.9, 8.5, 8.9, 9.5, -1.5, 10.5, 2_147_483_647.5),
    fc.constantFrom<unknown>(undefined, null, '8', Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300, -1e300, 3n, 9n),
  ),
  double: fc.constantFrom<unknown>(undefined, null, '5', Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 5n, true),
};

/** Values of `run.input` and `tool.arguments` that are not plain JSON objects, or JSON objects that trip the library. */
const oddMap = fc.constantFrom<unknown>(
  undefined,
  null,
  'team',
  ['team'],
  new Map([['team', 'ml']]),
  Object.assign(Object.create(null) as object, { team: 'ml' }),
  { team: undefined },
  { constructor: 'x', team: 'ml' },
  { team: () => 'ml' },
  { team: new Date(0) },
  { team: Object.assign(Object.create(null) as object, { name: 'ml' }) },
  { team: new Set(['ml']) },
  { team: 5n },
);

/**
 * Inputs of `phase` that a caller should never build but the engine must survive: a variable
 * that is not an object, a field of the wrong type or missing, a map that is not a plain
 * object. Each starts from a valid input (the phase's or the bench's) and breaks up to four things.
 */
export function oddPolicyInputArbitrary<Phase extends PolicyPhase>(phase: Phase): fc.Arbitrary<PolicyInputs[Phase]> {
  const variables = policyPhaseVariables[phase] as readonly PolicyVariableName[];
  const base = phase === 'run.create' ? fc.oneof(policyInputArbitrary(phase), benchInputArbitrary as unknown as fc.Arbitrary<PolicyInputs[Phase]>) : policyInputArbitrary(phase);
  const brokenVariable = fc.tuple(fc.constantFrom(...variables), fc.constantFrom<unknown>(undefined, null, 'run', 5, [])).map(([variable, value]) => ({ variable, field: undefined, value }));
  const brokenField = fc.constantFrom(...variables).chain((variable) =>
    fc
      .constantFrom(...Object.entries(policyVariableDeclarations[variable].fields as Readonly<Record<string, FieldType>>))
      .chain(([field, type]) => (type === 'map<string, dyn>' ? oddMap : oddValues[type]).map((value) => ({ variable, field, value }))),
  );
  const breakage = fc.oneof({ weight: 1, arbitrary: brokenVariable }, { weight: 6, arbitrary: brokenField });
  return fc.tuple(base, fc.array(breakage, { minLength: 1, maxLength: 4 })).map(([input, breakages]) => {
    const broken: Record<string, unknown> = { ...(input as unknown as Record<string, unknown>) };
    for (const { variable, field, value } of breakages) {
      if (field === undefined) {
        broken[variable] = value;
        continue;
      }
      const facts = broken[variable];
      if (typeof facts === 'object' && facts !== null && !Array.isArray(facts)) broken[variable] = { ...facts, [field]: value };
    }
    return broken as unknown as PolicyInputs[Phase];
  });
}

/** Values on either side of a guard's literal, the literal itself, and values of the wrong type for its field. */
function valueAroundGuardArbitrary(guard: PolicyGuard): fc.Arbitrary<unknown> {
  switch (guard.kind) {
    case 'compare': {
      if (typeof guard.value === 'number') {
        const literal = guard.value;
        const near = fc.constantFrom(-1, -0.9, -0.5, -0.1, 0, 0.1, 0.5, 0.9, 1).map((nudge) => literal + nudge);
        return fc.oneof(near, fc.constant(-literal), oddValues[guard.type as 'int' | 'double']);
      }
      if (typeof guard.value === 'boolean') return fc.oneof(fc.boolean(), oddValues.bool);
      return fc.oneof(fc.constantFrom(guard.value, `${guard.value}x`, `x${guard.value}`, guard.value.slice(1), ''), oddValues.string);
    }
    case 'bool':
      return fc.oneof(fc.boolean(), oddValues.bool);
    case 'string-method':
      return fc.oneof(fc.constantFrom(guard.value, `${guard.value}x`, `x${guard.value}`, `x${guard.value}x`, guard.value.slice(1), ''), oddValues.string);
    case 'in':
      return fc.oneof(guard.values.length > 0 ? fc.constantFrom(...guard.values) : fc.constant(''), fc.constantFrom('', 'x'), oddValues.string);
    case 'has':
      return fc.oneof(fc.jsonValue({ maxDepth: 1 }).map((value) => ({ [guard.key]: value })), fc.constant({}), oddMap.map((map) => (map === undefined ? map : replaceKey(map, guard.key))));
  }
}

/** `map` with its `team` key (the key odd maps use) renamed to `key`. */
function replaceKey(map: unknown, key: string): unknown {
  if (map instanceof Map) return new Map([[key, map.get('team')]]);
  if (typeof map !== 'object' || map === null || Array.isArray(map) || !Object.hasOwn(map, 'team')) return map;
  const copy = Object.create(Object.getPrototypeOf(map) as object | null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(map)) copy[name === 'team' ? key : name] = value;
  return copy;
}

/**
 * Inputs of `phase` whose fields sit on the edges of `guards` (given at least one): a valid
 * input with one to three guarded fields set to their literal, next to it, or to a wrong type.
 */
export function inputAroundGuardsArbitrary<Phase extends PolicyPhase>(phase: Phase, guards: readonly PolicyGuard[]): fc.Arbitrary<PolicyInputs[Phase]> {
  const change = fc.constantFrom(...guards).chain((guard) => valueAroundGuardArbitrary(guard).map((value) => ({ guard, value })));
  return fc.tuple(policyInputArbitrary(phase), fc.array(change, { minLength: 1, maxLength: 3 })).map(([input, changes]) => {
    const changed: Record<string, unknown> = { ...(input as unknown as Record<string, unknown>) };
    for (const { guard, value } of changes) changed[guard.variable] = { ...(changed[guard.variable] as object), [guard.field]: value };
    return changed as unknown as PolicyInputs[Phase];
  });
}
