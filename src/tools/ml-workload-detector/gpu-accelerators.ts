import type { CloudProvider } from '../../contracts/mlops-architect.js';

/** Three memory classes cover what the detector sizes: small inference, one mid-size model, a large model. */
export type AcceleratorTier = 'small' | 'medium' | 'large';

/** A GPU a cloud rents, named as its instance family so the planner can price it. */
export interface Accelerator {
  name: string;
  memoryGb: number;
}

/**
 * The common GPU of each memory class per cloud (as listed in the clouds' instance catalogues, 2025):
 * T4 16 GB for vision and encoder inference, a 24 GB card (A10G on AWS, L4 on GCP, A10 on Azure) for 7–8B
 * LLMs and training mid-size models, A100 80 GB for anything larger.
 */
export const acceleratorsByCloud: Readonly<Record<CloudProvider, Readonly<Record<AcceleratorTier, Accelerator>>>> = {
  aws: {
    small: { name: 'NVIDIA T4 (g4dn)', memoryGb: 16 },
    medium: { name: 'NVIDIA A10G (g5)', memoryGb: 24 },
    large: { name: 'NVIDIA A100 80GB (p4de)', memoryGb: 80 },
  },
  gcp: {
    small: { name: 'NVIDIA T4 (n1 + T4)', memoryGb: 16 },
    medium: { name: 'NVIDIA L4 (g2)', memoryGb: 24 },
    large: { name: 'NVIDIA A100 80GB (a2-ultragpu)', memoryGb: 80 },
  },
  azure: {
    small: { name: 'NVIDIA T4 (NCasT4_v3)', memoryGb: 16 },
    medium: { name: 'NVIDIA A10 (NVadsA10 v5)', memoryGb: 24 },
    large: { name: 'NVIDIA A100 80GB (NC A100 v4)', memoryGb: 80 },
  },
};

/** Share of a card's memory a model may plan to use; the CUDA context and fragmentation take the rest. */
export const usableMemoryShare = 0.9;
