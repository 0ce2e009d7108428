import { describe, expect, it } from 'vitest';
import { detectMlWorkload } from './detect-ml-workload.js';
import { findMlSignals } from './find-ml-signals.js';
import { mlSignals } from './ml-signals.js';
import { createWordPattern } from '../text-matching/create-word-pattern.js';

function terms(text: string): string[] {
  return findMlSignals(text).map((signal) => signal.term);
}

describe('findMlSignals', () => {
  it('does not read "training" inside "entertaining" nor "RAG" inside "drag" or "storage"', () => {
    expect(terms('An entertaining drag-and-drop storage dashboard, with leverage and a carafe')).toEqual([]);
  });

  it('reads the same words when they stand alone', () => {
    expect(terms('Training a RAG pipeline')).toEqual(['training', 'RAG']);
  });

  it('does not read a GPU into "GPUs-free" lookalikes such as "subGPU" or "LLMOps"', () => {
    expect(terms('subGPU LLMOps vLLMish')).toEqual([]);
  });

  it('keeps "customer segmentation" (tabular clustering) apart from image segmentation', () => {
    expect(terms('customer segmentation for marketing')).toEqual(['customer segmentation']);
    expect(terms('semantic segmentation of CT scans')).toEqual(['segmentation', 'medical imaging']);
  });

  it('names frameworks and model families with the exact span they came from', () => {
    const text = 'We fine-tune Llama-3 with PyTorch, then serve YOLOv8 and ResNet-50 next to an XGBoost model.';
    const signals = findMlSignals(text);
    expect(signals.map((signal) => [signal.term, signal.kind])).toEqual([
      ['fine-tuning', 'keyword'],
      ['Llama', 'model_family'],
      ['PyTorch', 'framework'],
      ['YOLO', 'model_family'],
      ['ResNet', 'model_family'],
      ['XGBoost', 'framework'],
    ]);
    for (const signal of signals) expect(text.slice(signal.span.start, signal.span.end)).toBe(signal.span.text);
    expect(signals.find((signal) => signal.term === 'YOLO')?.span.text).toBe('YOLOv8');
  });

  it('skips a negated term ("no GPU") and records the refusal instead', () => {
    expect(terms('This must run with no GPU at all')).toEqual(['CPU only']);
  });

  it('counts a term once however often it is repeated', () => {
    expect(findMlSignals('GPU '.repeat(1000))).toHaveLength(1);
  });

  it('compiles every pattern of the table, none of which matches an empty string', () => {
    for (const signal of mlSignals) {
      const pattern = createWordPattern(signal.pattern, { caseSensitive: signal.caseSensitive });
      expect([...''.matchAll(pattern)], signal.term).toEqual([]);
    }
  });
});

describe('detectMlWorkload', () => {
  it('finds no GPU need for gradient-boosted trees and statistical forecasting', () => {
    for (const text of ['Churn model with XGBoost', 'Demand forecasting with Prophet and LightGBM', 'A scikit-learn logistic regression']) {
      const detection = detectMlWorkload(text);
      expect(detection.gpu, text).toBe('none');
      expect(detection.estimate, text).toBeNull();
      expect(detection.score, text).toBeLessThan(0);
    }
  });

  it('finds no GPU need in text that names no model at all', () => {
    expect(detectMlWorkload('We want to do machine learning in production.')).toMatchObject({ gpu: 'none', score: 0, signals: [], estimate: null });
  });

  it('calls a GPU optional for a RAG assistant whose LLM may be a hosted API', () => {
    const detection = detectMlWorkload('An internal RAG assistant over our wiki');
    expect(detection.gpu).toBe('optional');
    expect(detection.estimate?.reason).toContain('hosted LLM API');
  });

  it('requires a GPU for a PyTorch segmentation model trained on CT scans', () => {
    const detection = detectMlWorkload('Train a PyTorch segmentation model on chest CT scans');
    expect(detection.gpu).toBe('required');
    expect(detection.score).toBeGreaterThanOrEqual(3);
    expect(detection.estimate).toMatchObject({ accelerator: 'NVIDIA A10G (g5)', count: 1 });
  });

  it('sizes an 8B LLM in fp16 (≈16 GB of weights) onto one 24 GB card', () => {
    const detection = detectMlWorkload('Serve Llama 3 8B with vLLM');
    expect(detection.gpu).toBe('required');
    expect(detection.estimate).toMatchObject({ accelerator: 'NVIDIA A10G (g5)', count: 1, memoryGb: 19.2 });
    expect(detection.estimate?.reason).toContain('~16 GB of weights');
  });

  it('adds replicas for the stated load: 300 req/s at ~10 per 8B replica is 30 cards', () => {
    expect(detectMlWorkload('Serve Llama 3 8B with vLLM', { throughputRps: 300 }).estimate?.count).toBe(30);
  });

  it('spreads a 70B model over four A100 80 GB cards', () => {
    expect(detectMlWorkload('Serve Llama 3 70B').estimate).toMatchObject({ accelerator: 'NVIDIA A100 80GB (p4de)', count: 4, memoryGb: 168 });
  });

  it('fits a 4-bit 70B model on one A100 80 GB card', () => {
    expect(detectMlWorkload('Serve Llama 3 70B quantised to 4-bit with AWQ').estimate).toMatchObject({ count: 1, memoryGb: 42 });
  });

  it('counts T4s for real-time YOLO video from streams × fps (200 × 30 / 250 per card = 24)', () => {
    const detection = detectMlWorkload('Real-time video object detection on 200 camera streams at 30 fps with YOLOv8');
    expect(detection.gpu).toBe('required');
    expect(detection.estimate).toMatchObject({ accelerator: 'NVIDIA T4 (g4dn)', count: 24 });
    expect(detection.estimate?.reason).toContain('200 streams × 30 fps = 6000 frames/s');
  });

  it('assumes 15 fps when cameras are counted but no frame rate is written', () => {
    expect(detectMlWorkload('YOLO on 100 cameras').estimate?.reason).toContain('rate not stated, assumed');
  });

  it('names the instance family of the chosen cloud', () => {
    expect(detectMlWorkload('Serve Mistral 7B', { cloud: 'gcp' }).estimate?.accelerator).toBe('NVIDIA L4 (g2)');
    expect(detectMlWorkload('Serve Mistral 7B', { cloud: 'azure' }).estimate?.accelerator).toBe('NVIDIA A10 (NVadsA10 v5)');
  });

  it('honours "CPU only" even for a model that normally wants a GPU', () => {
    expect(detectMlWorkload('Llama 3 8B, CPU only').gpu).toBe('none');
  });

  it('still requires a GPU when tabular trees sit next to an LLM', () => {
    expect(detectMlWorkload('XGBoost features feeding a Llama 3 8B assistant').gpu).toBe('required');
  });
});
