import { describe, expect, it } from 'vitest';
import { criticFindingSchema, type CriticFinding } from '../../../contracts/mlops-architect.js';
import { buildConstraints } from '../planner/__fixtures__/build-constraints.js';
import { planArchitecture } from '../planner/plan-architecture.js';
import { planArchitectureWithPattern } from '../planner/plan-architecture-with-pattern.js';
import { feasibilityCritic } from './feasibility-critic.js';

function codes(findings: readonly CriticFinding[]): string[] {
  return findings.map((finding) => finding.code);
}

describe('feasibilityCritic', () => {
  it('flags cold_start_latency as blocking on a Lambda plan that must answer within 50 ms', () => {
    const constraints = buildConstraints({ latencyMs: 50, throughputRps: 2000, workloads: ['online_inference'] });
    const findings = feasibilityCritic.review(constraints, planArchitectureWithPattern(constraints, 'serverless_inference'));
    const coldStart = findings.find((finding) => finding.code === 'cold_start_latency');
    expect(coldStart).toMatchObject({ critic: 'feasibility', severity: 'blocking', componentIds: ['lambda_inference'] });
    expect(coldStart?.message).toMatch(/AWS Lambda cold starts reach ≈ 250–1000 ms at p99, above the 50 ms target/);
    expect(coldStart?.fix).toMatch(/eks behind a load_balancer/);
    // The cold start is the specific reason; it is not reported a second time as a latency floor.
    expect(codes(findings)).not.toContain('latency_unachievable');
  });

  it('lets a Lambda plan with a 2 second target through', () => {
    const constraints = buildConstraints({ latencyMs: 2000, workloads: ['online_inference'] });
    expect(feasibilityCritic.review(constraints, planArchitectureWithPattern(constraints, 'serverless_inference'))).toEqual([]);
  });

  it('flags throughput_exceeds_limits when Lambda concurrency cannot carry the peak', () => {
    const constraints = buildConstraints({ throughputRps: 8000, workloads: ['online_inference'] });
    const findings = feasibilityCritic.review(constraints, planArchitectureWithPattern(constraints, 'serverless_inference'));
    expect(findings.find((finding) => finding.componentIds.includes('lambda_inference'))).toMatchObject({ code: 'throughput_exceeds_limits', severity: 'blocking' });
  });

  it('flags gpu_unavailable_on_pattern when a GPU workload lands on serverless', () => {
    const constraints = buildConstraints({ gpu: 'required', workloads: ['online_inference'] });
    const findings = feasibilityCritic.review(constraints, planArchitectureWithPattern(constraints, 'serverless_inference'));
    expect(findings.find((finding) => finding.code === 'gpu_unavailable_on_pattern')?.message).toMatch(/^Serverless inference cannot run models on GPUs/);
  });

  it('flags latency_unachievable when no known architecture is fast enough', () => {
    const constraints = buildConstraints({ latencyMs: 2, workloads: ['online_inference'] });
    const finding = feasibilityCritic.review(constraints, planArchitecture(constraints)).find((candidate) => candidate.code === 'latency_unachievable');
    expect(finding?.message).toMatch(/No known architecture answers online_inference within 2 ms/);
    expect(finding?.fix).toMatch(/at least 10 ms/);
  });

  it('flags latency_unachievable on a plan whose pattern is slower than another that exists', () => {
    const constraints = buildConstraints({ latencyMs: 30, workloads: ['online_inference'] });
    const finding = feasibilityCritic.review(constraints, planArchitectureWithPattern(constraints, 'streaming_inference')).find((candidate) => candidate.code === 'latency_unachievable');
    expect(finding?.message).toMatch(/Streaming inference has broker and processor hops at p99 ≈ 50 ms/);
    expect(finding?.fix).toMatch(/Real-time containers/);
  });

  it('warns requirements_incomplete, with the questions to ask, when the request names no workload', () => {
    const constraints = buildConstraints();
    const [finding] = feasibilityCritic.review(constraints, planArchitecture(constraints));
    expect(finding).toMatchObject({ code: 'requirements_incomplete', severity: 'warning' });
    expect(finding?.message).toMatch(/a latency target, the peak requests per second or a monthly budget/);
    expect(finding?.fix).toMatch(/^Ask:/);
  });

  it('finds nothing wrong with the planner’s plan for a precise, feasible request', () => {
    const constraints = buildConstraints({ latencyMs: 100, throughputRps: 10_000, compliance: ['PCI_DSS'], workloads: ['online_inference'] });
    expect(feasibilityCritic.review(constraints, planArchitecture(constraints))).toEqual([]);
  });

  it('returns findings that parse with the contract schema', () => {
    const constraints = buildConstraints({ latencyMs: 50, throughputRps: 8000, gpu: 'required' });
    const findings = feasibilityCritic.review(constraints, planArchitectureWithPattern(constraints, 'serverless_inference'));
    expect(findings.length).toBeGreaterThanOrEqual(4);
    for (const finding of findings) expect(() => criticFindingSchema.parse(finding)).not.toThrow();
  });
});
