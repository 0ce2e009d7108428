import { createHash } from 'node:crypto';
import type { ArchitecturePlan, CriticFinding } from '../../../contracts/mlops-architect.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import type { DesignManifest } from './design-manifest.js';

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

/**
 * The manifest of a design: what was asked (by hash, so the manifest holds no request text), what
 * was decided, and every file with its size and sha256. Files are listed in path order, so the
 * same design always gives the same manifest.
 */
export function buildDesignManifest(input: { request: string; plan: ArchitecturePlan; findings: readonly CriticFinding[]; confidence: number; generatedAt: string; files: ReadonlyMap<string, string> }): DesignManifest {
  const paths = [...input.files.keys()].sort();
  return {
    format: 'agentbus-mlops-design/1',
    generatedAt: input.generatedAt,
    knowledgeBase: { version: knowledgeBase.version, pricesAsOf: knowledgeBase.pricesAsOf },
    request: { characters: input.request.length, sha256: sha256(input.request) },
    pattern: input.plan.pattern,
    cloud: input.plan.cloud,
    region: input.plan.region,
    components: input.plan.components.map((component) => component.id),
    estimatedMonthlyCostUsd: input.plan.estimatedMonthlyCostUsd,
    findings: input.findings.map((finding) => ({ code: finding.code, severity: finding.severity })),
    confidence: input.confidence,
    files: paths.map((path) => {
      const content = Buffer.from(input.files.get(path) ?? '');
      return { path, size: content.length, sha256: sha256(content) };
    }),
  };
}
