import { z } from 'zod';
import { architecturePatternsFile } from './architecture-patterns.js';
import { cloudRegionsFile } from './cloud-regions.js';
import { componentCatalogue, componentCatalogueVersions } from './component-catalogue.js';
import { complianceChecklist } from './compliance-checklist.js';
import { findKnowledgeBaseProblems } from './find-knowledge-base-problems.js';
import versionFile from './knowledge-base-version.json' with { type: 'json' };
import { sizingAssumptions } from './sizing-assumptions.js';

const knowledgeBaseVersionSchema = z.strictObject({
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  pricesAsOf: z.iso.date(),
  currency: z.literal('USD'),
  note: z.string().min(1),
});

const { version, pricesAsOf, currency, note } = knowledgeBaseVersionSchema.parse(versionFile);

const fileVersions: Record<string, string> = {
  'architecture-patterns.json': architecturePatternsFile.version,
  'compliance-checklist.json': complianceChecklist.version,
  'cloud-regions.json': cloudRegionsFile.version,
  'sizing-assumptions.json': sizingAssumptions.version,
  ...componentCatalogueVersions,
};

const problems = findKnowledgeBaseProblems({
  version,
  fileVersions,
  patterns: architecturePatternsFile,
  components: componentCatalogue,
  checklist: complianceChecklist,
  regions: cloudRegionsFile,
});
// A knowledge base that refers to itself wrongly would plan nonsense; fail at import, not mid-run.
if (problems.length > 0) throw new Error(`The MLOps knowledge base is inconsistent: ${problems.join('; ')}`);

/**
 * The planner's and critics' knowledge: patterns, the component catalogue with cost models, the
 * compliance checklist, regions and sizing assumptions. Prices are estimates (see `note`).
 */
export const knowledgeBase = {
  version,
  pricesAsOf,
  currency,
  note,
  requestPathWorkloads: architecturePatternsFile.requestPathWorkloads,
  workloadWeights: architecturePatternsFile.workloadWeights,
  addOnPreference: architecturePatternsFile.addOnPreference,
  patterns: architecturePatternsFile.patterns,
  components: componentCatalogue,
  checklist: complianceChecklist,
  regions: cloudRegionsFile.clouds,
  sizing: sizingAssumptions,
} as const;
