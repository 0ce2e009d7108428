import { describe, expect, it } from 'vitest';
import { complianceFrameworks, workloadKinds } from '../../../contracts/mlops-architect.js';
import { findCatalogueComponent, getCatalogueComponent } from './find-catalogue-component.js';
import { findProvidedControls } from './find-provided-controls.js';
import { findRegionJurisdiction } from './find-region-jurisdiction.js';
import { knowledgeBase } from './knowledge-base.js';

const clouds = ['aws', 'gcp', 'azure'] as const;

describe('knowledgeBase', () => {
  it('declares a version, the date of its prices and that they are estimates from public list prices', () => {
    expect(knowledgeBase.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(knowledgeBase.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(knowledgeBase.note).toMatch(/estimates/);
    expect(knowledgeBase.note).toMatch(/public on-demand list prices/);
  });

  it('has every component id the workflow relies on', () => {
    const required = [
      'waf', 'kms', 'audit_logging', 'autoscaling', 'vector_store', 'feature_store', 'drift_monitoring', 'lambda_inference', 'eks',
      'load_balancer', 'api_gateway', 'container_registry', 'model_registry', 'object_storage', 'data_warehouse', 'stream_broker',
      'stream_processor', 'gpu_node_pool', 'batch_scheduler', 'training_pipeline', 'secrets_manager', 'private_network', 'monitoring',
      'alerting', 'cache', 'llm_inference_server', 'embedding_service',
    ];
    expect(required.filter((id) => findCatalogueComponent(id) === undefined)).toEqual([]);
  });

  it('names the per-cloud service behind one stable id, e.g. eks is EKS, GKE and AKS', () => {
    const eks = getCatalogueComponent('eks');
    expect(eks.services.aws).toMatch(/EKS/);
    expect(eks.services.gcp).toMatch(/GKE/);
    expect(eks.services.azure).toMatch(/AKS/);
  });

  it('gives every component a cost model on every cloud with the list prices it comes from', () => {
    for (const component of knowledgeBase.components) {
      for (const cloud of clouds) {
        const model = component.cost[cloud];
        expect(model.baseMonthlyUsd, `${component.id} on ${cloud}`).toBeGreaterThanOrEqual(0);
        expect(model.basis.length, `${component.id} on ${cloud}`).toBeGreaterThan(0);
        for (const rate of model.rates) expect(rate.priceUsd).toBeGreaterThan(0);
      }
    }
  });

  it('records the latency and throughput characteristics the critics judge by', () => {
    expect(getCatalogueComponent('lambda_inference').latency?.coldStartP99Ms).toEqual([250, 1000]);
    expect(getCatalogueComponent('lambda_inference').throughput?.maxRps).toBeGreaterThan(0);
    expect(getCatalogueComponent('eks').throughput?.rpsPerUnit).toBeGreaterThan(0);
    expect(getCatalogueComponent('gpu_node_pool').gpu).toBe('serving');
  });

  it('describes the nine pattern families with workloads, latency floor, throughput, GPU support and trade-offs', () => {
    expect(knowledgeBase.patterns.map((pattern) => pattern.id).sort()).toEqual([
      'batch_scoring', 'feature_store', 'gpu_inference', 'llm_serving', 'rag', 'realtime_containers', 'serverless_inference', 'streaming_inference', 'training_pipeline',
    ]);
    for (const pattern of knowledgeBase.patterns) {
      expect(pattern.workloads.length).toBeGreaterThan(0);
      expect(pattern.strengths.length).toBeGreaterThan(0);
      expect(pattern.weaknesses.length).toBeGreaterThan(0);
      for (const id of pattern.baseComponents) expect(findCatalogueComponent(id), `${pattern.id} uses ${id}`).toBeDefined();
    }
  });

  it('has a pattern for every workload kind', () => {
    for (const workload of workloadKinds) expect(knowledgeBase.patterns.some((pattern) => pattern.workloads.includes(workload)), workload).toBe(true);
  });

  it('has a checklist for every framework, each with at least four controls that some catalogue component provides', () => {
    const providedByCatalogue = findProvidedControls(knowledgeBase.components.map((component) => component.id));
    expect(Object.keys(knowledgeBase.checklist.frameworks).sort()).toEqual([...complianceFrameworks].sort());
    for (const framework of complianceFrameworks) {
      const controls = knowledgeBase.checklist.frameworks[framework].controls;
      expect(controls.length, framework).toBeGreaterThanOrEqual(4);
      for (const { control } of controls) expect(providedByCatalogue.has(control), `${framework} needs ${control}`).toBe(true);
    }
  });

  it('maps every control to a default component that provides it', () => {
    for (const [control, definition] of Object.entries(knowledgeBase.checklist.controls)) {
      expect(getCatalogueComponent(definition.defaultComponent).provides, control).toContain(control);
    }
  });

  it('knows which regions are in the EU, including that London and Zurich are not', () => {
    expect(findRegionJurisdiction('aws', 'eu-central-1')).toBe('eu');
    expect(findRegionJurisdiction('aws', 'eu-west-2')).toBe('other');
    expect(findRegionJurisdiction('gcp', 'europe-west6')).toBe('other');
    expect(findRegionJurisdiction('azure', 'germanywestcentral')).toBe('eu');
    expect(findRegionJurisdiction('aws', 'us-east-1')).toBe('us');
    expect(findRegionJurisdiction('aws', 'mars-north-1')).toBe('unknown');
  });
});
