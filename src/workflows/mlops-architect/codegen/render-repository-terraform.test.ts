import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ArchitecturePlan } from '../../../contracts/mlops-architect.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { buildConstraints } from '../planner/__fixtures__/build-constraints.js';
import { checkTerraform } from '../validators/check-terraform.js';
import { validateRepository } from '../validators/validate-repository.js';
import { loadComponentModuleInputs } from './load-component-module-inputs.js';
import { renderRepository } from './render-repository.js';

const clouds = ['aws', 'gcp', 'azure'] as const;
type Cloud = (typeof clouds)[number];

const providerPrefix: Record<Cloud, string> = { aws: 'aws_', gcp: 'google_', azure: 'azurerm_' };
const regions: Record<Cloud, string> = { aws: 'eu-west-1', gcp: 'europe-west1', azure: 'westeurope' };
// The module variable that carries the KMS key on each cloud.
const keyVariable: Record<Cloud, string> = { aws: 'var.kms_key_arn', gcp: 'var.kms_key_id', azure: 'var.key_vault_key_id' };

// Components that keep data at rest and encrypt it with the planned key. Left out where the managed
// service's tier cannot use a customer key (Azure Cache for Redis Standard, Event Hubs Standard) or
// the resource has no such setting (GCP backup vaults).
const dataStores = ['object_storage', 'data_warehouse', 'vector_store', 'container_registry', 'feature_store', 'audit_logging', 'eks'];
const cloudDataStores: Record<Cloud, string[]> = {
  aws: [...dataStores, 'backup', 'cache', 'stream_broker', 'secrets_manager', 'drift_monitoring', 'training_pipeline'],
  gcp: [...dataStores, 'cache', 'stream_broker', 'secrets_manager', 'stream_processor', 'monitoring', 'drift_monitoring'],
  azure: [...dataStores, 'backup', 'managed_llm_api', 'embedding_service'],
};

const allComponentIds = knowledgeBase.components.map((component) => component.id);
const componentsFolder = fileURLToPath(new URL('./templates/components/', import.meta.url));

function buildPlan(cloud: Cloud, componentIds: readonly string[]): ArchitecturePlan {
  return {
    pattern: 'every_component',
    patternName: 'Every catalogue component',
    cloud,
    region: regions[cloud],
    components: componentIds.map((id) => {
      const entry = knowledgeBase.components.find((candidate) => candidate.id === id);
      if (entry === undefined) throw new Error(`${id} is not in the catalogue`);
      return { id, name: entry.name, service: entry.services[cloud], purpose: entry.purpose, monthlyCostUsd: 1, reasons: [] };
    }),
    estimatedMonthlyCostUsd: componentIds.length,
    score: 1,
    alternatives: [],
    revision: 0,
    addressedFindings: [],
  };
}

function render(cloud: Cloud, componentIds: readonly string[]) {
  const constraints = buildConstraints({ cloud, compliance: ['PCI_DSS'] });
  return renderRepository({ requestText: 'Every component', constraints, plan: buildPlan(cloud, componentIds), findings: [], generatedAt: '2026-01-01T00:00:00.000Z' });
}

function moduleFiles(files: ReadonlyMap<string, string>, componentId: string): string {
  const folder = `infra/terraform/modules/${componentId}/`;
  return [...files].filter(([file]) => file.startsWith(folder) && file.endsWith('.tf')).map(([, content]) => content).join('\n');
}

function moduleBlock(mainTf: string, componentId: string): string {
  const start = mainTf.indexOf(`module "${componentId}" {`);
  return start === -1 ? '' : mainTf.slice(start, mainTf.indexOf('\n}\n', start));
}

describe.each(clouds)('the component templates on %s', (cloud) => {
  it('have one folder per catalogue component, and no other', () => {
    expect(readdirSync(`${componentsFolder}${cloud}`).sort()).toEqual([...allComponentIds].sort());
  });

  it.each(allComponentIds)('take the inputs of %s only from catalogue components', (componentId) => {
    const sources = loadComponentModuleInputs(`${componentsFolder}${cloud}/${componentId}`).flatMap((input) => input.from);
    expect(sources.filter((id) => !allComponentIds.includes(id) || id === componentId)).toEqual([]);
  });
});

describe.each(clouds)('the Terraform of every catalogue component on %s', (cloud) => {
  const files = render(cloud, allComponentIds);
  const mainTf = files.get('infra/terraform/main.tf') ?? '';

  it('passes every validator with zero problems', async () => {
    const report = await validateRepository(files);
    expect(report.checks.flatMap((check) => check.problems)).toEqual([]);
  });

  it('declares no placeholder resources', () => {
    const placeholders = [...files].filter(([file, content]) => file.endsWith('.tf') && /\b(?:terraform_data|null_resource)\b/.test(content)).map(([file]) => file);
    expect(placeholders).toEqual([]);
  });

  it.each(allComponentIds)('gives %s a module with a real resource and id and name outputs', (componentId) => {
    const module = moduleFiles(files, componentId);
    const resourceTypes = [...module.matchAll(/^resource "([a-z0-9_]+)"/gm)].map((match) => match[1] ?? '');
    expect(resourceTypes.some((type) => type.startsWith(providerPrefix[cloud])), `resources: ${resourceTypes.join(', ')}`).toBe(true);
    expect(module).toMatch(/^output "id" \{/m);
    expect(module).toMatch(/^output "name" \{/m);
  });

  it.each(cloudDataStores[cloud])('encrypts the data of %s with the planned KMS key', (componentId) => {
    expect(moduleBlock(mainTf, componentId)).toMatch(/= module\.kms\./);
    expect(moduleFiles(files, componentId)).toContain(keyVariable[cloud]);
  });

  it('wires modules without a cycle', () => {
    const dependsOn = new Map(allComponentIds.map((id) => [id, [...moduleBlock(mainTf, id).matchAll(/module\.([a-z0-9_-]+)\./g)].map((match) => match[1] ?? '')]));
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (id: string): boolean => {
      if (done.has(id)) return true;
      if (visiting.has(id)) return false;
      visiting.add(id);
      const acyclic = (dependsOn.get(id) ?? []).every(visit);
      done.add(id);
      return acyclic;
    };
    expect(allComponentIds.every(visit)).toBe(true);
  });

  it('asks only for what no planned component provides', () => {
    const asked = [...(files.get('infra/terraform/variables.tf') ?? '').matchAll(/^variable "([a-z0-9_]+)"/gm)].map((match) => match[1]);
    const cloudVariables = cloud === 'gcp' ? ['project_id'] : cloud === 'azure' ? ['subscription_id'] : [];
    expect(asked).toEqual(['name_prefix', 'region', ...cloudVariables, 'domain_name', 'operator_email']);
  });
});

describe.each(clouds)('each catalogue component alone on %s', (cloud) => {
  it.each(allComponentIds)('renders %s into Terraform whose references and module calls resolve', async (componentId) => {
    const files = render(cloud, [componentId]);
    const check = await checkTerraform(files);
    expect(check.problems).toEqual([]);
    expect(files.get('infra/terraform/main.tf')).not.toMatch(/module\.kms\./);
  });
});
