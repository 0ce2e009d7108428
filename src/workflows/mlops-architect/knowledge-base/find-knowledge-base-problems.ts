import type { CloudProvider } from '../../../contracts/mlops-architect.js';
import type { ArchitecturePatternsFile } from './architecture-patterns.js';
import type { CloudRegionsFile } from './cloud-regions.js';
import type { CatalogueComponent } from './component-catalogue.js';
import type { ComplianceChecklist } from './compliance-checklist.js';

/** The parts of the knowledge base that refer to each other. */
export interface KnowledgeBaseParts {
  version: string;
  fileVersions: Record<string, string>;
  patterns: ArchitecturePatternsFile;
  components: readonly CatalogueComponent[];
  checklist: ComplianceChecklist;
  regions: CloudRegionsFile;
}

const clouds: readonly CloudProvider[] = ['aws', 'gcp', 'azure'];

/**
 * Cross-file checks zod cannot do file by file: every referenced component exists, every control's
 * default component provides it, sizing units are priced, defaults are known regions and all files
 * carry the same version. Returns one sentence per problem.
 */
export function findKnowledgeBaseProblems(parts: KnowledgeBaseParts): string[] {
  const problems: string[] = [];
  const byId = new Map(parts.components.map((component) => [component.id, component]));
  if (byId.size !== parts.components.length) problems.push('component ids are not unique across the catalogue files');

  for (const [file, version] of Object.entries(parts.fileVersions)) {
    if (version !== parts.version) problems.push(`${file} has version ${version}, the knowledge base ${parts.version}`);
  }

  for (const pattern of parts.patterns.patterns) {
    for (const id of [...pattern.baseComponents, ...pattern.gpuComponents, ...pattern.gpuReplaces]) {
      if (!byId.has(id)) problems.push(`pattern ${pattern.id} refers to unknown component ${id}`);
    }
    if (pattern.gpu === 'supported' && pattern.gpuComponents.length === 0 && pattern.servingMode === 'always_on') {
      problems.push(`pattern ${pattern.id} supports GPUs but names no GPU components`);
    }
  }

  for (const [control, definition] of Object.entries(parts.checklist.controls)) {
    const component = byId.get(definition.defaultComponent);
    if (component === undefined) problems.push(`control ${control} defaults to unknown component ${definition.defaultComponent}`);
    else if (!component.provides.some((provided) => provided === control)) problems.push(`control ${control} defaults to ${component.id}, which does not provide it`);
  }

  for (const component of parts.components) {
    for (const cloud of clouds) {
      const units = component.cost[cloud].rates.map((rate) => rate.unit);
      if (new Set(units).size !== units.length) problems.push(`${component.id} prices a unit twice on ${cloud}`);
    }
    if (component.latency?.coldStartP99Ms !== undefined && component.latency.coldStartP99Ms[0] > component.latency.coldStartP99Ms[1]) {
      problems.push(`${component.id} has a cold start range that runs backwards`);
    }
  }

  for (const cloud of clouds) {
    const regions = parts.regions.clouds[cloud];
    const codes = new Map(regions.regions.map((region) => [region.code, region.jurisdiction]));
    if (!codes.has(regions.defaultRegion)) problems.push(`${cloud} default region ${regions.defaultRegion} is not in its region list`);
    for (const jurisdiction of ['eu', 'us'] as const) {
      const code = regions.defaultRegionByJurisdiction[jurisdiction];
      if (codes.get(code) !== jurisdiction) problems.push(`${cloud} default ${jurisdiction} region ${code} is not listed as ${jurisdiction}`);
    }
  }
  return problems;
}
