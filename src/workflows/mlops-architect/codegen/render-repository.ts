import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildRepositoryView } from './build-repository-view.js';
import { listTemplateFiles } from './list-template-files.js';
import { renderTemplate } from './render-template.js';
import type { RepositoryInput } from './repository-input.js';

// The templates ship beside the compiled code (copied into dist by the build), so they are read
// relative to this module rather than the working directory.
const templatesFolder = fileURLToPath(new URL('./templates/', import.meta.url));
const templateSuffix = '.tmpl';

/** Renders the generated repository (relative path → content) from the template files; pure apart from reading templates. */
export function renderRepository(input: RepositoryInput): Map<string, string> {
  const view = buildRepositoryView(input);
  const files = new Map<string, string>();
  const renderFolder = (folder: string, outputPrefix: string, scope: Record<string, unknown>) => {
    for (const relativePath of listTemplateFiles(`${templatesFolder}${folder}`)) {
      if (!relativePath.endsWith(templateSuffix)) continue;
      const template = readFileSync(`${templatesFolder}${folder}/${relativePath}`, 'utf8');
      files.set(`${outputPrefix}${relativePath.slice(0, -templateSuffix.length)}`, renderTemplate(template, scope, `${folder}/${relativePath}`));
    }
  };
  renderFolder('repository', '', view);
  renderFolder(`cloud/${view.cloud}`, 'infra/terraform/', view);
  for (const component of view.components) renderFolder('module', `infra/terraform/modules/${component.slug}/`, { ...view, component });
  if (view.hasTraining) renderFolder('pipelines/training', 'pipelines/training/', view);
  if (view.hasBatch) renderFolder('pipelines/batch', 'pipelines/batch/', view);
  if (view.hasFeatures) renderFolder('pipelines/features', 'pipelines/features/', view);
  // Sorted paths make the map, and so any archive of it, byte-identical between runs.
  return new Map([...files.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
}
