import { describe, expect, it } from 'vitest';
import type { Constraints } from '../../../contracts/mlops-architect.js';
import { buildConstraints } from './__fixtures__/build-constraints.js';
import { estimateQuantities } from './estimate-quantities.js';

function estimate(fields: Partial<Constraints>, ids: string[], saving = false, servingMode: 'always_on' | 'on_demand' | 'scheduled' = 'always_on') {
  return estimateQuantities({ constraints: buildConstraints(fields), componentIds: new Set(ids), servingMode, saving });
}

describe('estimateQuantities', () => {
  it('sizes serving nodes from the peak at about 500 rps per node', () => {
    const { quantities, sizingNotes } = estimate({ throughputRps: 10_000 }, ['eks']);
    expect(quantities.serving_node_hours).toBe(20 * 730);
    expect(sizingNotes.get('eks')).toBe('20 nodes: 10,000 rps peak at ≈ 500 rps per node');
  });

  it('keeps three nodes for 99.95% availability however small the load', () => {
    expect(estimate({ throughputRps: 10, availability: 99.95 }, ['eks']).quantities.serving_node_hours).toBe(3 * 730);
  });

  it('drops to one node when saving and no availability target is stated', () => {
    expect(estimate({ throughputRps: 10 }, ['eks'], true).quantities.serving_node_hours).toBe(730);
    expect(estimate({ throughputRps: 10, availability: 99.9 }, ['eks'], true).quantities.serving_node_hours).toBe(2 * 730);
  });

  it('sizes GPU nodes from throughput per GPU when an LLM server runs on them', () => {
    const { quantities, sizingNotes } = estimate({ throughputRps: 300, gpu: 'required' }, ['eks', 'gpu_node_pool', 'llm_inference_server']);
    expect(quantities.gpu_node_hours).toBe(20 * 730);
    expect(sizingNotes.get('gpu_node_pool')).toMatch(/20 one-GPU nodes: 300 rps peak at ≈ 15 rps per GPU/);
  });

  it('sizes GPU nodes from the workload detector’s estimate when no throughput is stated', () => {
    const gpuEstimate = { accelerator: 'NVIDIA A10G', count: 4, memoryGb: 24, reason: 'YOLOv8 on 200 streams' };
    expect(estimate({ gpu: 'required', gpuEstimate }, ['gpu_node_pool', 'triton_inference_server']).quantities.gpu_node_hours).toBe(4 * 730);
  });

  it('runs scheduled GPU nodes only for the batch hours', () => {
    expect(estimate({ gpu: 'required' }, ['gpu_node_pool'], false, 'scheduled').quantities.gpu_node_hours).toBe(30 * 2);
  });

  it('bills per-request services at the average load, a quarter of the peak', () => {
    expect(estimate({ throughputRps: 1000 }, ['lambda_inference']).quantities.million_requests).toBeCloseTo((1000 * 0.25 * 2_628_000) / 1_000_000);
  });

  it('assumes a small peak when none is stated, and says so', () => {
    const { quantities, sizingNotes } = estimate({}, ['lambda_inference']);
    expect(quantities.million_requests).toBeCloseTo((2 * 0.25 * 2_628_000) / 1_000_000);
    expect(sizingNotes.get('lambda_inference')).toMatch(/assumed 2 rps peak \(none stated\)/);
  });

  it('trains on GPU instance-hours only when a GPU is required', () => {
    const cpu = estimate({ trainingFrequency: 'daily' }, ['training_pipeline']).quantities;
    const gpu = estimate({ gpu: 'required' }, ['training_pipeline']).quantities;
    expect([cpu.training_cpu_node_hours, cpu.training_gpu_node_hours]).toEqual([30 * 2, 0]);
    expect([gpu.training_cpu_node_hours, gpu.training_gpu_node_hours]).toEqual([0, 4 * 4]);
  });

  it('leaves every quantity at zero for components the plan does not have', () => {
    const { quantities } = estimate({ throughputRps: 5000 }, []);
    expect([quantities.serving_node_hours, quantities.gpu_node_hours, quantities.stream_unit_hours, quantities.vector_storage_gb]).toEqual([0, 0, 0, 0]);
  });
});
