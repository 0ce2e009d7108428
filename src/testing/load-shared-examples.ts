import { readFileSync } from 'node:fs';
import { requirementExampleSchema, type RequirementExample } from '../workflows/mlops-architect/planner/__fixtures__/requirement-example.js';

/**
 * The MLOps Architect request examples, vendored from ../shared/examples so a clone anywhere can run
 * the tests; `test/shared-examples.test.ts` keeps the copy equal to ../shared when that folder exists.
 */
export const sharedExamplesUrl = new URL('../../test/fixtures/shared-examples/requirements.jsonl', import.meta.url);

/** Every example, validated. Read at collection time: a missing or malformed file fails the suite, never skips it. */
export function loadSharedExamples(): RequirementExample[] {
  return readFileSync(sharedExamplesUrl, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => requirementExampleSchema.parse(JSON.parse(line)));
}
