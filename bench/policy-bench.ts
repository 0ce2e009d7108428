// Decision latency of the policy engine: 100 run.create policies (a realistic mix of cost
// comparisons, string equality and startsWith, `in` lists and guarded map access), 10,000 warm-up
// decisions, then 100,000 measured ones over varied inputs (pure CPU). Then what authentication,
// RBAC and the same 100 policies add to POST /api/v1/runs (bench/policy/run-create-overhead.ts),
// on a fresh database (DATABASE_URL's server, or an embedded PostgreSQL).
// Usage: npm run bench:policy
import type { PolicyEffect } from '../src/core/combine-policy-effects.js';
import { compilePolicyExpression, type CompiledPolicyExpression } from '../src/governance/policies/compile-policy-expression.js';
import { hashPolicyInput } from '../src/governance/policies/hash-policy-input.js';
import { convertToPolicyActivation, createPolicyInput, type PolicyInputs } from '../src/governance/policies/policy-input.js';
import type { PolicyRecord } from '../src/governance/policies/policy-record.js';
import { PolicySet } from '../src/governance/policies/policy-set.js';
import { openBenchDatabase } from './bench-database.js';
import { printHeader, printResults, type ReportLine } from './bench-report.js';
import { measureRunCreateOverhead, type OverheadFigures } from './policy/run-create-overhead.js';
import { quantile } from './percentiles.js';

const policyCount = 100;
const warmupDecisions = 10_000;
const measuredDecisions = 100_000;
const distinctInputs = 1_000;
const targetP99Micros = 50;

const regions = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-south-1', 'ap-northeast-1'] as const;
const classifications = ['public', 'internal', 'confidential', 'restricted'] as const;
const roles = ['owner', 'admin', 'developer', 'viewer'] as const;
const teams = ['ml', 'search', 'payments', 'fraud', 'ads'] as const;

/** A seeded generator (mulberry32): every run of the bench sees the same policies and inputs. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = createRandom(20_240_601);
const pick = <Item>(items: readonly Item[]): Item => items[Math.floor(random() * items.length)] as Item;

/** The ten shapes policies take in practice, each instantiated ten times with other constants. */
const templates: readonly ((index: number) => string)[] = [
  (index) => `run.estimatedCostUsd > ${(10 + index * 0.5).toFixed(1)}`,
  () => `budget.hasLimit && run.estimatedCostUsd > budget.remainingUsd * 0.${pick(['5', '8', '9'])} + ${8 + Math.floor(random() * 20)}.0`,
  (index) => `run.workflow == "workflow-${index}" && run.costUsd + run.estimatedCostUsd > ${(index + 1).toFixed(1)}`,
  () => `run.dataClassification == "restricted" && !run.region.startsWith("${pick(['eu-', 'us-', 'ap-'])}")`,
  () => `run.region in ["${pick(regions)}", "${pick(regions)}", "${pick(regions)}"] && run.dataClassification in ["${pick(classifications)}", "restricted"] && run.priority >= 9`,
  () => `principal.role in ["${pick(roles)}", "viewer"] && run.priority > 8 && run.estimatedCostUsd > 4.0`,
  () => `has(run.input.team) && run.input.team == "${pick(teams)}" && run.estimatedCostUsd > 9.0`,
  (index) => `has(run.input.constraints) && has(run.input.constraints.latencyMs) && run.input.constraints.latencyMs < ${1 + index}`,
  () => `run.workflow.startsWith("mlops-") && tenant.id == "tenant-${Math.floor(random() * 20)}" && principal.kind == "api_key"`,
  () => `run.tokens > ${1_000 * (55 + Math.floor(random() * 10))} || run.workflowVersion < ${Math.floor(random() * 2)}`,
];

function createPolicies(): PolicyRecord[] {
  const effects: readonly PolicyEffect[] = ['deny', 'require_approval', 'allow'];
  return Array.from({ length: policyCount }, (_, index) => {
    const expression = (templates[index % templates.length] as (index: number) => string)(Math.floor(index / templates.length));
    return {
      id: `policy-${String(index).padStart(3, '0')}`,
      name: expression,
      phase: 'run.create',
      expression,
      effect: pick(effects),
      priority: Math.floor(random() * 100),
      mode: index % 10 === 9 ? 'shadow' : 'enforce',
    };
  });
}

function createInputs(): PolicyInputs['run.create'][] {
  return Array.from({ length: distinctInputs }, (_, index) => {
    const region = pick(regions);
    const input: Record<string, unknown> = { requirements: 'real-time fraud detection', region };
    if (random() < 0.7) input.team = pick(teams);
    if (random() < 0.5) input.constraints = { latencyMs: Math.floor(random() * 200), dataClassification: pick(classifications) };
    const limitUsd = random() < 0.6 ? 10 + random() * 90 : 0;
    const spentUsd = limitUsd * random();
    return createPolicyInput('run.create', {
      tenant: { id: `tenant-${index % 20}` },
      principal: { kind: pick(['user', 'api_key'] as const), id: `principal-${index % 50}`, role: pick(roles) },
      run: {
        workflow: pick(['mlops-architect', 'workflow-3', 'support-triage', 'mlops-review']),
        workflowVersion: 1 + Math.floor(random() * 5),
        priority: Math.floor(random() * 10),
        // Most runs are cheap: the forecast is skewed towards zero.
        estimatedCostUsd: random() ** 3 * 12,
        costUsd: 0,
        tokens: Math.floor(random() * 60_000),
        dataClassification: random() < 0.05 ? 'restricted' : pick(classifications.slice(0, 3)),
        region,
        input,
      },
      budget: { hasLimit: limitUsd > 0, limitUsd, spentUsd, remainingUsd: limitUsd - spentUsd },
    });
  });
}

function formatMicros(value: number): string {
  return `${value.toFixed(2)} µs`;
}

/** Each decision timed alone, plus the whole loop timed once (the timer's own cost is in the former). */
function measureDecisions(policySet: PolicySet, inputs: readonly PolicyInputs['run.create'][], count: number): { sorted: Float64Array; totalMeanMicros: number; effects: Map<PolicyEffect, number>; errors: number } {
  const samples = new Float64Array(count);
  const effects = new Map<PolicyEffect, number>();
  let errors = 0;
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const before = performance.now();
    const decision = policySet.decide('run.create', inputs[index % inputs.length] as PolicyInputs['run.create']);
    samples[index] = (performance.now() - before) * 1_000;
    effects.set(decision.effect, (effects.get(decision.effect) ?? 0) + 1);
    errors += decision.errors.length;
  }
  const totalMeanMicros = ((performance.now() - started) * 1_000) / count;
  return { sorted: samples.sort(), totalMeanMicros, effects, errors };
}

/** The compiled expressions alone against prepared activations: what one policy costs inside a decision. */
function measureSinglePolicyEvaluation(policies: readonly PolicyRecord[], inputs: readonly PolicyInputs['run.create'][]): number {
  const compiled = policies.map((policy) => {
    const compilation = compilePolicyExpression(policy.phase, policy.expression);
    if (!compilation.valid) throw new Error(`${policy.id}: ${compilation.error.message}`);
    return compilation.evaluate;
  });
  const activations = inputs.map((input) => convertToPolicyActivation('run.create', input));
  const evaluateAll = (rounds: number): number => {
    let evaluations = 0;
    for (let round = 0; round < rounds; round++) {
      const activation = activations[round % activations.length] as Record<string, unknown>;
      for (const evaluate of compiled as CompiledPolicyExpression[]) {
        try {
          evaluate(activation);
        } catch {
          // A missing map key: it costs its evaluation like any other.
        }
        evaluations++;
      }
    }
    return evaluations;
  };
  evaluateAll(1_000);
  const started = performance.now();
  const evaluations = evaluateAll(10_000);
  return ((performance.now() - started) * 1_000) / evaluations;
}

async function main(): Promise<void> {
  const policies = createPolicies();
  const inputs = createInputs();
  const policySet = new PolicySet(policies);
  if (policySet.rejected.length > 0) throw new Error(`policies did not compile: ${JSON.stringify(policySet.rejected)}`);

  printHeader('policy decisions and the governance overhead of POST /api/v1/runs', 'decisions: none (pure CPU); POST /runs: a fresh database', [
    ['policies', `${policyCount} at run.create (${policies.filter((policy) => policy.mode === 'shadow').length} in shadow mode)`],
    ['inputs', `${distinctInputs.toLocaleString('en')} distinct, used in turn`],
    ['decisions', `${warmupDecisions.toLocaleString('en')} warm-up, ${measuredDecisions.toLocaleString('en')} measured`],
  ]);

  measureDecisions(policySet, inputs, warmupDecisions);
  const measured = measureDecisions(policySet, inputs, measuredDecisions);
  const samples = Array.from(measured.sorted);
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;

  const singlePolicySet = new PolicySet([policies[0] as PolicyRecord]);
  measureDecisions(singlePolicySet, inputs, warmupDecisions);
  const single = measureDecisions(singlePolicySet, inputs, measuredDecisions);
  const evaluationMean = measureSinglePolicyEvaluation(policies, inputs);

  const hashRounds = 20;
  for (const input of inputs) hashPolicyInput(input);
  const hashStarted = performance.now();
  for (let round = 0; round < hashRounds; round++) for (const input of inputs) hashPolicyInput(input);
  const hashMean = ((performance.now() - hashStarted) * 1_000) / (inputs.length * hashRounds);

  const evaluatedPerDecision = inputs.reduce((sum, input) => sum + policySet.policiesToEvaluate('run.create', input).length, 0) / inputs.length;
  const share = (effect: PolicyEffect): string => `${(((measured.effects.get(effect) ?? 0) / measuredDecisions) * 100).toFixed(0)} %`;
  const p99 = quantile(samples, 0.99);
  const lines: ReportLine[] = [
    ['decision p50', formatMicros(quantile(samples, 0.5))],
    ['decision p99', `${formatMicros(p99)} (target ≤ ${targetP99Micros} µs: ${p99 <= targetP99Micros ? 'met' : 'NOT met'})`],
    ['decision p99.9', formatMicros(quantile(samples, 0.999))],
    ['decision max', formatMicros(samples.at(-1) ?? Number.NaN)],
    ['decision mean (each timed)', formatMicros(mean)],
    ['decision mean (total time)', formatMicros(measured.totalMeanMicros)],
    ['policies evaluated per decision (mean)', `${evaluatedPerDecision.toFixed(1)} of ${policyCount} (the others settled by their guards)`],
    ['1-policy set decision mean', `${formatMicros(single.totalMeanMicros)} (total time; p99 ${formatMicros(quantile(Array.from(single.sorted), 0.99))})`],
    ['single policy evaluation mean', `${formatMicros(evaluationMean)} (compiled expression alone, over the 100)`],
    ['input hash mean', `${formatMicros(hashMean)} (computed lazily, not in the figures above)`],
    ['effects', `deny ${share('deny')} · require_approval ${share('require_approval')} · allow ${share('allow')}`],
    ['runtime errors', `${(measured.errors / measuredDecisions).toFixed(2)} per decision (missing map keys: fail closed)`],
  ];
  const database = await openBenchDatabase({ applicationName: 'agentbus-policy-bench' });
  try {
    const overhead = await measureRunCreateOverhead(database, policies);
    const [open, authenticated, governed] = overhead as [OverheadFigures, OverheadFigures, OverheadFigures];
    const added = (figures: OverheadFigures) => `p50 +${(figures.p50Ms - open.p50Ms).toFixed(2)} ms · p99 +${(figures.p99Ms - open.p99Ms).toFixed(2)} ms`;
    for (const figures of overhead) lines.push([`POST /runs: ${figures.label}`, `p50 ${figures.p50Ms.toFixed(2)} ms · p99 ${figures.p99Ms.toFixed(2)} ms`]);
    lines.push(['added by API key + RBAC', added(authenticated)]);
    const governedP99Added = governed.p99Ms - open.p99Ms;
    lines.push(['added by API key + RBAC + policies', `${added(governed)} (target p99 ≤ 2 ms: ${governedP99Added <= 2 ? 'met' : 'NOT met'})`]);
    lines.push(['database', `${database.source}, PostgreSQL ${database.serverVersion}, ${database.commitSettings}`]);
  } finally {
    await database.close();
  }
  printResults(lines);
}

await main();
