import type { AcceleratorTier } from './gpu-accelerators.js';
import type { MlSignalProfile } from './ml-signals.js';

/** How one replica of a non-LLM workload is sized (LLMs are sized from their parameter count instead). */
export interface WorkloadSizing {
  /** What the workload is, for the reason text. */
  label: string;
  /** GPU memory one serving replica needs, in GB. */
  memoryGb: number;
  tier: AcceleratorTier;
  /** Items (requests, images, frames) one GPU handles per second; the unit is named in `unit`. */
  unitsPerSecond: number;
  unit: string;
  /** The class of GPU that trains this kind of model in reasonable time, and the memory a training job uses. */
  trainingTier: AcceleratorTier;
  trainingMemoryGb: number;
}

/**
 * Rough per-GPU rates from public benchmarks (NVIDIA's inference results, Ultralytics' speed tables, 2024–25),
 * discounted for pre- and post-processing. Estimates for a first sizing, to be replaced by a load test.
 */
export const workloadSizing: Readonly<Partial<Record<MlSignalProfile, WorkloadSizing>>> = {
  // SDXL at 1024², 30 steps: 3–4 s per image on an A10G.
  diffusion: { label: 'image generation', memoryGb: 12, tier: 'medium', unitsPerSecond: 0.3, unit: 'images', trainingTier: 'large', trainingMemoryGb: 40 },
  // 2D U-Net class at 512² in FP16 on a T4; 3D volumes are slower and are worth a load test.
  vision_segmentation: { label: 'image segmentation', memoryGb: 4, tier: 'small', unitsPerSecond: 40, unit: 'images', trainingTier: 'medium', trainingMemoryGb: 16 },
  // YOLOv8s/m at 640² with TensorRT FP16 on a T4: 2–5 ms of GPU time, about 250 frames/s end to end.
  vision_detection: { label: 'object detection', memoryGb: 2, tier: 'small', unitsPerSecond: 250, unit: 'frames', trainingTier: 'medium', trainingMemoryGb: 12 },
  // Whisper large-v3 in FP16, batched: a handful of 30-second clips per second on a 24 GB card.
  speech: { label: 'speech recognition', memoryGb: 10, tier: 'medium', unitsPerSecond: 4, unit: 'clips', trainingTier: 'large', trainingMemoryGb: 40 },
  // ResNet-50 with TensorRT FP16 and small batches (latency-bound) on a T4: about 1,000 images/s.
  vision_classification: { label: 'image classification', memoryGb: 2, tier: 'small', unitsPerSecond: 1000, unit: 'images', trainingTier: 'medium', trainingMemoryGb: 12 },
  // BERT-base at 128 tokens on a T4.
  embedding: { label: 'text encoding', memoryGb: 2, tier: 'small', unitsPerSecond: 500, unit: 'requests', trainingTier: 'medium', trainingMemoryGb: 12 },
  // Training memory: batches of a few dozen samples with activations kept for backpropagation, mixed precision.
  // A model of unknown shape: a conservative mid-size figure.
  deep_learning: { label: 'deep-learning', memoryGb: 8, tier: 'small', unitsPerSecond: 100, unit: 'requests', trainingTier: 'medium', trainingMemoryGb: 16 },
};

/** Stronger profiles first: when several are present the heaviest one sizes the GPU. */
export const profilePriority: readonly MlSignalProfile[] = [
  'llm',
  'diffusion',
  'vision_segmentation',
  'vision_detection',
  'speech',
  'vision_classification',
  'embedding',
  'deep_learning',
  'training',
];
