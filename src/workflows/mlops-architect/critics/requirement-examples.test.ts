import { describe, expect, it } from 'vitest';
import { architecturePlanSchema, criticFindingSchema, type ArchitecturePlan, type Constraints, type CriticFinding } from '../../../contracts/mlops-architect.js';
import { buildExampleConstraints, type RequirementExample } from '../planner/__fixtures__/requirement-example.js';
import { planArchitecture } from '../planner/plan-architecture.js';
import { planArchitectureWithPattern } from '../planner/plan-architecture-with-pattern.js';
import { reviewPlan } from './review-plan.js';
import { loadSharedExamples } from '../../../testing/load-shared-examples.js';

const examples: RequirementExample[] = loadSharedExamples();

/**
 * Requests that name the pattern the planner rightly refuses: the critics are shown to catch the
 * plan the request asked for, and the planner's own plan must not contain it.
 */
const requestedPatterns: Record<string, { pattern: string; avoided: string }> = {
  'lambda-trap': { pattern: 'serverless_inference', avoided: 'lambda_inference' },
};

// Findings no planner revision can fix: only a bigger budget or looser constraints can.
const unfixable = new Set(['budget_infeasible']);

interface DesignRound {
  constraints: Constraints;
  first: ArchitecturePlan;
  firstFindings: CriticFinding[];
  final: ArchitecturePlan;
  finalFindings: CriticFinding[];
}

/** Plans, reviews, and revises once when a blocking finding exists, as the workflow does. */
function runDesignRound(example: RequirementExample): DesignRound {
  const constraints = buildExampleConstraints(example);
  const first = planArchitecture(constraints);
  const firstFindings = reviewPlan(constraints, first);
  const final = firstFindings.some((finding) => finding.severity === 'blocking') ? planArchitecture(constraints, { findings: firstFindings, previous: first }) : first;
  return { constraints, first, firstFindings, final, finalFindings: reviewPlan(constraints, final) };
}

function componentIds(plan: ArchitecturePlan): string[] {
  return plan.components.map((component) => component.id);
}

describe('the requirement examples', () => {
  it('are all read from the shared file', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12);
  });

  describe.each(examples.map((example) => [example.id, example] as const))('%s', (_id, example) => {
    // Computed on first use, inside a test, so a planner error fails that test rather than collection.
    let cached: DesignRound | undefined;
    const designRound = (): DesignRound => (cached ??= runDesignRound(example));

    it('gives a final plan with every component the example requires and none it forbids', () => {
      const ids = componentIds(designRound().final);
      expect(ids).toEqual(expect.arrayContaining(example.expectDesign.mustInclude));
      for (const forbidden of example.expectDesign.mustExclude) expect(ids).not.toContain(forbidden);
    });

    it('makes the critics raise every finding the example expects', () => {
      const { constraints, first, firstFindings, final } = designRound();
      const requested = requestedPatterns[example.id];
      const reviewed = requested === undefined ? firstFindings : reviewPlan(constraints, planArchitectureWithPattern(constraints, requested.pattern));
      expect(reviewed.map((finding) => finding.code)).toEqual(expect.arrayContaining(example.expectDesign.criticFlags));
      if (requested !== undefined) {
        expect(componentIds(first)).not.toContain(requested.avoided);
        expect(componentIds(final)).not.toContain(requested.avoided);
      }
    });

    it('leaves no blocking finding after one revision except one no sizing can fix', () => {
      const { first, firstFindings, final, finalFindings } = designRound();
      const blocking = finalFindings.filter((finding) => finding.severity === 'blocking').map((finding) => finding.code);
      expect(blocking.filter((code) => !unfixable.has(code))).toEqual([]);
      if (final !== first) {
        expect(final.revision).toBe(1);
        const fixable = firstFindings.filter((finding) => finding.severity === 'blocking' && !unfixable.has(finding.code)).map((finding) => finding.code);
        expect(final.addressedFindings).toEqual(expect.arrayContaining(fixable));
      }
    });

    it('produces plans and findings that parse with the contract schemas, with a positive cost', () => {
      const { first, firstFindings, final, finalFindings } = designRound();
      for (const plan of [first, final]) {
        expect(() => architecturePlanSchema.parse(plan)).not.toThrow();
        expect(plan.estimatedMonthlyCostUsd).toBeGreaterThan(0);
      }
      for (const finding of [...firstFindings, ...finalFindings]) expect(() => criticFindingSchema.parse(finding)).not.toThrow();
    });

    it('is deterministic: a second run gives deep-equal plans and findings', () => {
      const again = runDesignRound(example);
      const round = designRound();
      expect(again.first).toStrictEqual(round.first);
      expect(again.firstFindings).toStrictEqual(round.firstFindings);
      expect(again.final).toStrictEqual(round.final);
    });
  });

  it('keeps the budget-conflict case flagged budget_infeasible after its revision', () => {
    const example = examples.find((candidate) => candidate.id === 'budget-conflict');
    expect(example).toBeDefined();
    if (example === undefined) return;
    const round = runDesignRound(example);
    expect(round.final.revision).toBe(1);
    expect(round.final.estimatedMonthlyCostUsd).toBeLessThan(round.first.estimatedMonthlyCostUsd);
    expect(round.final.addressedFindings).not.toContain('budget_infeasible');
    expect(round.finalFindings.map((finding) => finding.code)).toContain('budget_infeasible');
  });
});
