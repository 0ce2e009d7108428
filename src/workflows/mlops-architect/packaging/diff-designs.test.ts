import { describe, expect, it } from 'vitest';
import type { DesignManifest } from './design-manifest.js';
import { diffDesigns } from './diff-designs.js';

const manifest = (overrides: Partial<DesignManifest>): DesignManifest => ({
  format: 'agentbus-mlops-design/1',
  generatedAt: '2026-01-15T09:30:00Z',
  knowledgeBase: { version: '1.0.0', pricesAsOf: '2025-06-01' },
  request: { characters: 10, sha256: 'abc' },
  pattern: 'realtime_containers',
  cloud: 'aws',
  region: 'us-east-1',
  components: ['eks', 'waf'],
  estimatedMonthlyCostUsd: 1000,
  findings: [],
  confidence: 0.8,
  files: [
    { path: 'README.md', size: 1, sha256: 'r1' },
    { path: 'docs/COST.md', size: 1, sha256: 'c1' },
  ],
  ...overrides,
});

describe('diffDesigns', () => {
  it('lists added, removed and changed files and components, the pattern change and the cost delta', () => {
    const previous = manifest({});
    const current = manifest({
      pattern: 'serverless',
      components: ['waf', 'lambda_inference'],
      estimatedMonthlyCostUsd: 640.5,
      files: [
        { path: 'README.md', size: 1, sha256: 'r1' },
        { path: 'docs/COST.md', size: 2, sha256: 'c2' },
        { path: 'pipelines/training/train.py', size: 3, sha256: 't1' },
      ],
    });
    const previousRunId = '01a1ff61-e97c-737e-8b1a-78d54cc47665';
    expect(diffDesigns({ runId: previousRunId, contentHash: 'zip1', manifest: previous }, current)).toEqual({
      previousRunId,
      previousContentHash: 'zip1',
      filesAdded: ['pipelines/training/train.py'],
      filesRemoved: [],
      filesChanged: ['docs/COST.md'],
      componentsAdded: ['lambda_inference'],
      componentsRemoved: ['eks'],
      patternChanged: { from: 'realtime_containers', to: 'serverless' },
      monthlyCostDeltaUsd: -359.5,
    });
  });

  it('finds nothing between identical designs', () => {
    const diff = diffDesigns({ runId: 'r', contentHash: 'h', manifest: manifest({}) }, manifest({}));
    expect([...diff.filesAdded, ...diff.filesRemoved, ...diff.filesChanged, ...diff.componentsAdded, ...diff.componentsRemoved]).toEqual([]);
    expect(diff.patternChanged).toBeNull();
  });
});
