import { describe, expect, it } from 'vitest';
import { architecturePlanSchema, criticFindingSchema } from '../../contracts/mlops-architect.js';
import { extractConstraints } from './constraints/extract-constraints.js';
import { designWithRevisions } from './design-with-revisions.js';
import { planArchitecture } from './planner/plan-architecture.js';
import { loadSharedExamples } from '../../testing/load-shared-examples.js';

// The shared examples: a missing file must fail this suite, never skip it.
const examples = loadSharedExamples();

/** The design chain the workflow runs, from the request text. */
function design(text: string) {
  const constraints = extractConstraints(text);
  return { constraints, ...designWithRevisions(constraints) };
}

describe('the MLOps Architect design chain on the shared examples (extracted from the text, not from `expect`)', () => {
  it('has the shared examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  for (const example of examples) {
    it(`designs "${example.id}" with the components and findings a careful architect expects`, () => {
      const result = design(example.text);
      const componentIds = result.plan.components.map((component) => component.id);
      for (const id of example.expectDesign.mustInclude) expect(componentIds, `${example.id} must include ${id}`).toContain(id);
      for (const id of example.expectDesign.mustExclude) expect(componentIds, `${example.id} must exclude ${id}`).not.toContain(id);
      const raised = new Set([...result.firstFindings, ...result.findings].map((finding) => finding.code));
      for (const code of example.expectDesign.criticFlags) expect([...raised], `${example.id} must raise ${code}`).toContain(code);
      architecturePlanSchema.parse(result.plan);
      for (const finding of result.findings) criticFindingSchema.parse(finding);
      expect(result.plan.estimatedMonthlyCostUsd).toBeGreaterThan(0);
      expect(design(example.text)).toEqual(result);
    });
  }

  it('honours a platform the request names, then revises it away when a critic shows it cannot work', () => {
    const text = examples.find((example) => example.id === 'lambda-trap')?.text ?? '';
    const constraints = extractConstraints(text);
    expect(constraints.requestedComponents).toEqual(['lambda_inference']);
    const span = constraints.evidence['requestedComponents.lambda_inference']?.span;
    expect(span && text.slice(span.start, span.end)).toBe(span?.text);
    const firstPlan = planArchitecture(constraints);
    expect(firstPlan.components.map((component) => component.id)).toContain('lambda_inference');
    const result = design(text);
    expect(result.plan.components.map((component) => component.id)).not.toContain('lambda_inference');
    expect(result.plan.revision).toBeGreaterThanOrEqual(1);
    expect(result.plan.addressedFindings).toContain('cold_start_latency');
  });

  it('never leaves a blocking finding after revisions except an unresolvable budget', () => {
    for (const example of examples) {
      const blocking = design(example.text).findings.filter((finding) => finding.severity === 'blocking').map((finding) => finding.code);
      expect(blocking.filter((code) => code !== 'budget_infeasible'), example.id).toEqual([]);
    }
  });
});
