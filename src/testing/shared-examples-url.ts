/**
 * The MLOps Architect request examples, vendored from ../shared/examples so a clone anywhere can run
 * the tests; `shared-examples.test.ts` keeps the copy equal to ../shared when that folder exists.
 */
export const sharedExamplesUrl = new URL('../../test/fixtures/shared-examples/requirements.jsonl', import.meta.url);
