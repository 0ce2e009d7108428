import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { buildRepositoryView } from './build-repository-view.js';
import { listTemplateFiles } from './list-template-files.js';
import { loadComponentModuleInputs } from './load-component-module-inputs.js';
import { renderTemplate } from './render-template.js';
import type { RepositoryInput } from './repository-input.js';

// The templates ship beside the compiled code (copied into dist by the build), so they are read
// relative to this module rather than the working directory.
const templatesFolder = fileURLToPath(new URL('./templates/', import.meta.url));
const templateSuffix = '.tmpl';

/** Renders the generated repository (relative path → content) from the template files; pure apart from reading templates. */
export function renderRepository(input: RepositoryInput): Map<string, string> {
  const componentFolders = input.plan.components.map((component) => findComponentFolder(input.plan.cloud, component.id));
  const view = buildRepositoryView(
    input,
    componentFolders.map((folder) => loadComponentModuleInputs(`${templatesFolder}${folder}`)),
  );
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
  // Each module: the cloud's shared variables.tf, then the component's own main.tf and outputs.tf.
  view.components.forEach((component, index) => {
    const scope = { ...view, component };
    renderFolder(`module/${view.cloud}`, `infra/terraform/modules/${component.slug}/`, scope);
    renderFolder(componentFolders[index] ?? '', `infra/terraform/modules/${component.slug}/`, scope);
  });
  if (view.hasTraining) renderFolder('pipelines/training', 'pipelines/training/', view);
  if (view.hasBatch) renderFolder('pipelines/batch', 'pipelines/batch/', view);
  if (view.hasFeatures) renderFolder('pipelines/features', 'pipelines/features/', view);
  // Sorted paths make the map, and so any archive of it, byte-identical between runs.
  return new Map([...files.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
}

// The id picks a template folder, so only catalogue ids (`[a-z][a-z0-9_]*`) may reach the file system.
function findComponentFolder(cloud: string, componentId: string): string {
  if (!knowledgeBase.components.some((entry) => entry.id === componentId)) throw new Error(`No Terraform module template for component "${componentId}": it is not in the catalogue`);
  return `components/${cloud}/${componentId}`;
}
