import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedExamplesUrl } from '../src/testing/load-shared-examples.js';

const upstream = new URL('../../shared/examples/requirements.jsonl', import.meta.url);

describe('the vendored MLOps Architect examples', () => {
  it('hold at least ten requests, each with an id, a text and expectations', () => {
    const lines = readFileSync(sharedExamplesUrl, 'utf8').split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ id: expect.any(String), text: expect.any(String), expect: expect.any(Object) });
  });

  // In the team's checkout the shared folder sits beside the repository; a clone elsewhere (CI) has
  // only the vendored copy, which this keeps honest whenever the original is reachable.
  it.runIf(existsSync(upstream))('equal ../shared/examples/requirements.jsonl', () => {
    expect(readFileSync(sharedExamplesUrl, 'utf8')).toBe(readFileSync(upstream, 'utf8'));
  });
});
