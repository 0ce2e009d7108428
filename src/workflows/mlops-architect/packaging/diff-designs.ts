import type { DesignDiff } from '../../../contracts/mlops-architect.js';
import type { DesignManifest } from './design-manifest.js';

/** What changed from the previous design of the project to this one, by file hash and by decision. */
export function diffDesigns(previous: { runId: string; contentHash: string; manifest: DesignManifest }, current: DesignManifest): DesignDiff {
  const before = new Map(previous.manifest.files.map((file) => [file.path, file.sha256]));
  const after = new Map(current.files.map((file) => [file.path, file.sha256]));
  const previousComponents = new Set(previous.manifest.components);
  const currentComponents = new Set(current.components);
  return {
    previousRunId: previous.runId,
    previousContentHash: previous.contentHash,
    filesAdded: [...after.keys()].filter((path) => !before.has(path)),
    filesRemoved: [...before.keys()].filter((path) => !after.has(path)),
    filesChanged: [...after.entries()].filter(([path, hash]) => before.has(path) && before.get(path) !== hash).map(([path]) => path),
    componentsAdded: current.components.filter((id) => !previousComponents.has(id)),
    componentsRemoved: previous.manifest.components.filter((id) => !currentComponents.has(id)),
    patternChanged: previous.manifest.pattern === current.pattern ? null : { from: previous.manifest.pattern, to: current.pattern },
    monthlyCostDeltaUsd: Math.round((current.estimatedMonthlyCostUsd - previous.manifest.estimatedMonthlyCostUsd) * 100) / 100,
  };
}
