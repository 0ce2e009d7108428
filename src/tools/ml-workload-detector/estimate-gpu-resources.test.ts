import { describe, expect, it } from 'vitest';
import { estimateGpuResources } from './estimate-gpu-resources.js';
import { findMlSignals } from './find-ml-signals.js';

function estimate(text: string, throughputRps: number | null = null) {
  return estimateGpuResources(text, findMlSignals(text), { throughputRps });
}

describe('estimateGpuResources', () => {
  it('sizes ResNet-50 classification at ~1,000 images/s per T4', () => {
    expect(estimate('ResNet-50 image classification', 2000)).toMatchObject({ accelerator: 'NVIDIA T4 (g4dn)', count: 2, memoryGb: 2 });
  });

  it('reports the heavier of training and serving, and explains both', () => {
    const result = estimate('Train a U-Net segmentation model and serve it');
    expect(result.accelerator).toBe('NVIDIA A10G (g5)');
    expect(result.reason).toContain('serving image segmentation');
    expect(result.reason).toContain('training the image segmentation model');
  });

  it('sizes LoRA fine-tuning of an 8B model above its serving footprint', () => {
    const result = estimate('Fine-tune Llama 3 8B with LoRA');
    expect(result).toMatchObject({ accelerator: 'NVIDIA A100 80GB (p4de)', count: 1, memoryGb: 24 });
    expect(result.reason).toContain('LoRA fine-tuning');
  });

  it('reads a mixture of experts as less than experts × size (Mixtral 8x7B ≈ 46.5B)', () => {
    expect(estimate('Serve Mixtral 8x7B').reason).toContain('Mixtral 46.5B');
  });

  it('says when the model size was assumed', () => {
    expect(estimate('Serve a Llama model').reason).toContain('size not stated, assumed');
  });
});
