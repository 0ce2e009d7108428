import { describe, expect, it } from 'vitest';
import { architecturePlanSchema, type ArchitecturePlan, type CriticFinding } from '../../../contracts/mlops-architect.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { buildConstraints } from './__fixtures__/build-constraints.js';
import { planArchitecture } from './plan-architecture.js';
import { planArchitectureWithPattern } from './plan-architecture-with-pattern.js';

const fraud = buildConstraints({ latencyMs: 100, throughputRps: 10_000, compliance: ['PCI_DSS'], workloads: ['online_inference'], autoscaling: true });

function ids(plan: ArchitecturePlan): string[] {
  return plan.components.map((component) => component.id);
}

function reasonsOf(plan: ArchitecturePlan, id: string): string {
  return plan.components.find((component) => component.id === id)?.reasons.join(' | ') ?? '';
}

function finding(fields: Partial<CriticFinding> & Pick<CriticFinding, 'code' | 'critic'>): CriticFinding {
  return { severity: 'blocking', message: fields.code, fix: 'fix it', componentIds: [], ...fields };
}

describe('planArchitecture', () => {
  it('returns a plan that parses with the contract schema', () => {
    expect(() => architecturePlanSchema.parse(planArchitecture(fraud))).not.toThrow();
  });

  it('is deterministic: the same constraints give a deep-equal plan', () => {
    expect(planArchitecture(buildConstraints({ ...fraud }))).toStrictEqual(planArchitecture(fraud));
    expect(JSON.stringify(planArchitecture(fraud))).toBe(JSON.stringify(planArchitecture(fraud)));
  });

  it('picks always-on containers for a 100 ms, 10,000 rps online service', () => {
    const plan = planArchitecture(fraud);
    expect(plan.pattern).toBe('realtime_containers');
    expect(plan.revision).toBe(0);
    expect(plan.addressedFindings).toEqual([]);
  });

  it('records every other pattern as an alternative, best first, each with a concrete reason', () => {
    const plan = planArchitecture(fraud);
    expect(plan.alternatives.map((alternative) => alternative.pattern).sort()).toEqual(knowledgeBase.patterns.map((pattern) => pattern.id).filter((id) => id !== plan.pattern).sort());
    for (const alternative of plan.alternatives) expect(alternative.reason.length).toBeGreaterThan(10);
    expect(plan.alternatives.find((alternative) => alternative.pattern === 'serverless_inference')?.reason).toMatch(/p99 cold starts ≈ 250–1000 ms exceed the 100 ms target/);
  });

  it('says serverless lost to a 50 ms target because of cold starts', () => {
    const plan = planArchitecture(buildConstraints({ latencyMs: 50, throughputRps: 2000, workloads: ['online_inference'] }));
    expect(plan.alternatives.find((alternative) => alternative.pattern === 'serverless_inference')?.reason).toBe('p99 cold starts ≈ 250–1000 ms exceed the 50 ms target');
    expect(ids(plan)).not.toContain('lambda_inference');
  });

  it('adds the PCI DSS controls as components, each with the requirement it meets', () => {
    const plan = planArchitecture(fraud);
    expect(ids(plan)).toEqual(expect.arrayContaining(['kms', 'waf', 'audit_logging', 'private_network', 'threat_detection', 'backup']));
    expect(reasonsOf(plan, 'waf')).toMatch(/PCI_DSS: PCI DSS v4.0 requires a web application firewall .*Req\. 6\.4\.2/);
    expect(reasonsOf(plan, 'kms')).toMatch(/Req\. 3\.5/);
  });

  it('adds autoscaling when asked, and for a high peak when not', () => {
    expect(reasonsOf(planArchitecture(fraud), 'autoscaling')).toBe('autoscaling requested');
    expect(ids(planArchitecture(buildConstraints({ workloads: ['online_inference'], throughputRps: 5000 })))).toContain('autoscaling');
    expect(ids(planArchitecture(buildConstraints({ workloads: ['online_inference'], throughputRps: 5 })))).not.toContain('autoscaling');
  });

  it('builds RAG on a vector store and an embedding service', () => {
    const plan = planArchitecture(buildConstraints({ workloads: ['rag'] }));
    expect(plan.pattern).toBe('rag');
    expect(ids(plan)).toEqual(expect.arrayContaining(['vector_store', 'embedding_service', 'managed_llm_api']));
  });

  it('adds a feature store for feature pipelines and drift monitoring for batch predictions', () => {
    const plan = planArchitecture(buildConstraints({ workloads: ['batch_inference', 'feature_pipeline'], cloud: 'azure' }));
    expect(plan.pattern).toBe('batch_scoring');
    expect(ids(plan)).toEqual(expect.arrayContaining(['feature_store', 'drift_monitoring']));
    expect(plan.components.find((component) => component.id === 'feature_store')?.service).toBe('Azure Machine Learning managed feature store');
  });

  it('adds a training pipeline and a model registry for training, beside the serving pattern', () => {
    const plan = planArchitecture(buildConstraints({ workloads: ['training', 'online_inference'], budgetMonthlyUsd: 200 }));
    expect(plan.pattern).toBe('serverless_inference');
    expect(ids(plan)).toEqual(expect.arrayContaining(['training_pipeline', 'model_registry', 'lambda_inference']));
    expect(ids(plan)).not.toContain('eks');
  });

  it('serves a GPU workload from GPU nodes and prices them', () => {
    const plan = planArchitecture(buildConstraints({ workloads: ['online_inference'], gpu: 'required', latencyMs: 2000 }));
    expect(plan.pattern).toBe('gpu_inference');
    expect(plan.components.find((component) => component.id === 'gpu_node_pool')?.monthlyCostUsd).toBeGreaterThan(500);
  });

  it('estimates a positive monthly cost that is the sum of its components', () => {
    for (const constraints of [fraud, buildConstraints(), buildConstraints({ workloads: ['batch_inference'], cloud: 'gcp' })]) {
      const plan = planArchitecture(constraints);
      expect(plan.estimatedMonthlyCostUsd).toBeGreaterThan(0);
      expect(plan.estimatedMonthlyCostUsd).toBe(plan.components.reduce((total, component) => total + component.monthlyCostUsd, 0));
    }
  });

  it('scores in [0, 1], lower for a vague request than for a precise one', () => {
    const vague = planArchitecture(buildConstraints({ ambiguities: [{ field: 'workloads', message: 'no workload' }] }));
    const precise = planArchitecture(fraud);
    for (const plan of [vague, precise]) {
      expect(plan.score).toBeGreaterThanOrEqual(0);
      expect(plan.score).toBeLessThanOrEqual(1);
    }
    expect(vague.score).toBeLessThan(0.75);
    expect(precise.score).toBeGreaterThan(vague.score);
  });

  it('keeps components sorted by id', () => {
    const componentIds = ids(planArchitecture(fraud));
    expect(componentIds).toEqual([...componentIds].sort());
  });
});

describe('planArchitecture revising after findings', () => {
  const lambdaTrap = buildConstraints({ latencyMs: 50, throughputRps: 2000, workloads: ['online_inference'] });

  it('replaces lambda_inference with eks containers after cold_start_latency, and says why', () => {
    const previous = planArchitectureWithPattern(lambdaTrap, 'serverless_inference');
    expect(ids(previous)).toContain('lambda_inference');
    const revised = planArchitecture(lambdaTrap, { previous, findings: [finding({ code: 'cold_start_latency', critic: 'feasibility', componentIds: ['lambda_inference'] })] });
    expect(ids(revised)).not.toContain('lambda_inference');
    expect(ids(revised)).toContain('eks');
    expect(revised.revision).toBe(1);
    expect(revised.addressedFindings).toEqual(['cold_start_latency']);
    expect(reasonsOf(revised, 'eks')).toMatch(/replaces lambda_inference: p99 cold starts ≈ 250–1000 ms exceed the 50 ms target \(cold_start_latency\)/);
  });

  it('adds kms after a missing_encryption finding even when no framework was stated', () => {
    const constraints = buildConstraints({ workloads: ['online_inference'] });
    const previous = planArchitecture(constraints);
    expect(ids(previous)).not.toContain('kms');
    const revised = planArchitecture(constraints, {
      previous,
      findings: [finding({ code: 'missing_encryption', critic: 'policy', framework: 'HIPAA', control: 'encryption_at_rest', componentIds: ['kms'] })],
    });
    expect(ids(revised)).toContain('kms');
    expect(reasonsOf(revised, 'kms')).toMatch(/HIPAA requires data encrypted at rest with customer-managed keys \(missing_encryption\)/);
    expect(revised.addressedFindings).toEqual(['missing_encryption']);
  });

  it('moves a GDPR plan from a US region to an EU region after data_residency_violation', () => {
    const constraints = buildConstraints({ workloads: ['rag'], compliance: ['GDPR'], regions: ['us-east-1'] });
    const previous = planArchitecture(constraints);
    expect(previous.region).toBe('us-east-1');
    const revised = planArchitecture(constraints, { previous, findings: [finding({ code: 'data_residency_violation', critic: 'policy', framework: 'GDPR', control: 'data_residency' })] });
    expect(revised.region).toBe('eu-west-1');
    expect(revised.addressedFindings).toEqual(['data_residency_violation']);
  });

  it('fits the budget with spot capacity and fewer nodes after budget_exceeded', () => {
    const constraints = buildConstraints({ workloads: ['online_inference'], latencyMs: 100, throughputRps: 100, budgetMonthlyUsd: 350 });
    const previous = planArchitecture(constraints);
    expect(previous.estimatedMonthlyCostUsd).toBeGreaterThan(350);
    const revised = planArchitecture(constraints, { previous, findings: [finding({ code: 'budget_exceeded', critic: 'cost' })] });
    expect(revised.estimatedMonthlyCostUsd).toBeLessThanOrEqual(350);
    expect(revised.components.find((component) => component.id === 'eks')?.service).toBe('Amazon EKS on spot capacity');
    expect(revised.addressedFindings).toEqual(['budget_exceeded']);
  });

  it('leaves budget_infeasible unaddressed when no sizing fits, though it still cuts the cost', () => {
    const constraints = buildConstraints({ workloads: ['streaming', 'online_inference'], gpu: 'required', budgetMonthlyUsd: 500 });
    const previous = planArchitecture(constraints);
    const revised = planArchitecture(constraints, { previous, findings: [finding({ code: 'budget_infeasible', critic: 'cost' })] });
    expect(revised.estimatedMonthlyCostUsd).toBeLessThan(previous.estimatedMonthlyCostUsd);
    expect(revised.estimatedMonthlyCostUsd).toBeGreaterThan(500);
    expect(revised.addressedFindings).toEqual([]);
    expect(revised.revision).toBe(1);
  });

  it('keeps earlier fixes in a second revision and counts revisions up', () => {
    const first = planArchitectureWithPattern(lambdaTrap, 'serverless_inference');
    const second = planArchitecture(lambdaTrap, { previous: first, findings: [finding({ code: 'cold_start_latency', critic: 'feasibility', componentIds: ['lambda_inference'] })] });
    const third = planArchitecture(lambdaTrap, { previous: second, findings: [finding({ code: 'missing_waf', critic: 'policy', framework: 'PCI_DSS', control: 'waf' })] });
    expect(third.revision).toBe(2);
    expect(ids(third)).not.toContain('lambda_inference');
    expect(ids(third)).toContain('waf');
    expect(third.addressedFindings).toEqual(['cold_start_latency', 'missing_waf']);
  });

  it('treats info findings as suggestions and changes nothing for them', () => {
    const previous = planArchitecture(fraud);
    const revised = planArchitecture(fraud, { previous, findings: [finding({ code: 'savings_reserved_capacity', critic: 'cost', severity: 'info' })] });
    expect(revised.components).toStrictEqual(previous.components);
    expect(revised.addressedFindings).toEqual([]);
  });

  it('revises deterministically whatever order the findings come in', () => {
    const previous = planArchitectureWithPattern(lambdaTrap, 'serverless_inference');
    const findings = [finding({ code: 'cold_start_latency', critic: 'feasibility', componentIds: ['lambda_inference'] }), finding({ code: 'missing_audit_logging', critic: 'policy', control: 'audit_logging', framework: 'SOC2' })];
    expect(planArchitecture(lambdaTrap, { previous, findings: [...findings].reverse() })).toStrictEqual(planArchitecture(lambdaTrap, { previous, findings }));
  });
});

describe('planArchitectureWithPattern', () => {
  it('builds the plan a named pattern would give, even one the planner would not pick', () => {
    const plan = planArchitectureWithPattern(buildConstraints({ latencyMs: 50, workloads: ['online_inference'] }), 'serverless_inference');
    expect(plan.pattern).toBe('serverless_inference');
    expect(ids(plan)).toContain('lambda_inference');
  });

  it('rejects a pattern the knowledge base does not have', () => {
    expect(() => planArchitectureWithPattern(buildConstraints(), 'mainframe')).toThrow('Unknown architecture pattern: mainframe');
  });
});
