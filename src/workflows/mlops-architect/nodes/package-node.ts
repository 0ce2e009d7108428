import { AppError } from '../../../core/app-error.js';
import type { NodeContext, NodeFunction } from '../../../engine/workflow-definition.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { buildDesignManifest } from '../packaging/build-design-manifest.js';
import { createDesignZip } from '../packaging/create-design-zip.js';
import { savedDesignManifestSchema, type DesignManifest } from '../packaging/design-manifest.js';
import { diffDesigns } from '../packaging/diff-designs.js';
import { checkPaths } from '../validators/check-paths.js';
import { checkSecrets } from '../validators/check-secrets.js';
import { renderValidationReport } from '../validators/render-validation-report.js';
import { generationTime } from './codegen-node.js';

/** The artifact the next design of the same project diffs against. */
export const designManifestArtifact = 'design-manifest.json';

/**
 * Packages the design: adds the validation report to the repository, re-checks paths and secrets on
 * what was added after validation, writes `manifest.json`, zips it all under a name derived from the
 * zip's hash, and records the diff against the project's previous design when there is one.
 */
export const packageNode: NodeFunction<MlopsArchitectStateValues> = async (state, context) => {
  const { plan, repository, validation } = state;
  if (!plan || !repository || !validation) throw new Error('packaging ran before validation');
  const files = new Map(Object.entries(repository));
  for (const [path, content] of renderValidationReport(validation)) files.set(path, content);
  const lateChecks = [checkPaths(files), checkSecrets(files)].filter((check) => check.status === 'failed');
  if (lateChecks.length > 0) {
    throw new AppError('GENERATED_REPOSITORY_INVALID', `Files added after validation failed: ${lateChecks.flatMap((check) => check.problems.map((problem) => `${problem.file}: ${problem.message}`)).join('; ')}`);
  }
  const generatedAt = generationTime(state);
  const manifest = buildDesignManifest({ request: state.request, plan, findings: state.findings, confidence: state.confidence, generatedAt, files });
  files.set('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  const zip = createDesignZip(`mlops-${plan.pattern.replace(/_/g, '-')}`, files, generatedAt);

  const previous = await findPreviousDesign(context, state.project);
  const saved = await context.saveArtifact(zip.name, 'application/zip', zip.content);
  await context.saveArtifact(designManifestArtifact, 'application/json', `${JSON.stringify({ ...manifest, package: { name: zip.name, sha256: zip.sha256 } }, null, 2)}\n`);
  const diff = previous ? diffDesigns(previous, manifest) : null;
  if (diff) await context.saveArtifact('design-diff.json', 'application/json', `${JSON.stringify(diff, null, 2)}\n`);
  await context.emitEvent('design-packaged', { artifactId: saved.id, name: zip.name, size: zip.content.length, files: files.size, diff: diff ? { previousRunId: diff.previousRunId, filesChanged: diff.filesChanged.length, filesAdded: diff.filesAdded.length, filesRemoved: diff.filesRemoved.length } : null });
  return { artifact: { id: saved.id, name: zip.name, contentHash: saved.contentHash, size: saved.size }, diff };
};

/** The project's previous design's manifest; a manifest that no longer parses (older format) means no diff. */
async function findPreviousDesign(context: NodeContext, project: string): Promise<{ runId: string; contentHash: string; manifest: DesignManifest } | null> {
  const previous = await context.findPreviousArtifact(designManifestArtifact, { project });
  if (!previous) return null;
  let json: unknown;
  try {
    json = JSON.parse(previous.content.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = savedDesignManifestSchema.safeParse(json);
  return parsed.success ? { runId: previous.runId, contentHash: parsed.data.package.sha256, manifest: parsed.data } : null;
}
