import { describe, expect, it } from 'vitest';
import { architecturePatternsFile } from './architecture-patterns.js';
import { cloudRegionsFile } from './cloud-regions.js';
import { componentCatalogue } from './component-catalogue.js';
import { complianceChecklist } from './compliance-checklist.js';
import { findKnowledgeBaseProblems, type KnowledgeBaseParts } from './find-knowledge-base-problems.js';

function shippedParts(): KnowledgeBaseParts {
  return structuredClone({
    version: '1.0.0',
    fileVersions: { 'architecture-patterns.json': architecturePatternsFile.version },
    patterns: architecturePatternsFile,
    components: componentCatalogue,
    checklist: complianceChecklist,
    regions: cloudRegionsFile,
  });
}

describe('findKnowledgeBaseProblems', () => {
  it('finds nothing wrong with the shipped knowledge base', () => {
    expect(findKnowledgeBaseProblems(shippedParts())).toEqual([]);
  });

  it('reports a pattern built on a component the catalogue does not have', () => {
    const parts = shippedParts();
    parts.patterns.patterns[0]?.baseComponents.push('quantum_accelerator');
    expect(findKnowledgeBaseProblems(parts).join('\n')).toMatch(/refers to unknown component quantum_accelerator/);
  });

  it('reports a control whose default component does not provide it', () => {
    const parts = shippedParts();
    parts.checklist.controls.waf.defaultComponent = 'kms';
    expect(findKnowledgeBaseProblems(parts).join('\n')).toMatch(/control waf defaults to kms, which does not provide it/);
  });

  it('reports a data file whose version differs from the knowledge base', () => {
    const parts = shippedParts();
    parts.fileVersions['cloud-regions.json'] = '0.9.0';
    expect(findKnowledgeBaseProblems(parts)).toContain('cloud-regions.json has version 0.9.0, the knowledge base 1.0.0');
  });

  it('reports a default EU region that is not listed as EU', () => {
    const parts = shippedParts();
    parts.regions.clouds.aws.defaultRegionByJurisdiction.eu = 'us-east-1';
    expect(findKnowledgeBaseProblems(parts)).toContain('aws default eu region us-east-1 is not listed as eu');
  });
});
