/** Typical sizes when a family is named without one (the most deployed member of each family, 2025). */
const defaultBillionsByFamily: Readonly<Record<string, number>> = {
  Llama: 8,
  Mistral: 7,
  Mixtral: 46.7,
  Qwen: 7,
  DeepSeek: 7,
  Gemma: 9,
  Phi: 4,
  'GPT-J': 6,
  Falcon: 7,
};

/** An 8B-class model is what most teams self-host first; used when nothing narrower is known. */
const fallbackBillions = 8;

/**
 * Serving memory is the weights plus the KV cache and activations; 20 % on top of the weights holds a
 * modest batch at a few thousand tokens of context (vLLM's own default reserves 10 % of the card besides).
 */
const servingOverhead = 1.2;

/**
 * LoRA fine-tuning keeps the frozen weights, small adapters with their optimizer state, and activations
 * for backpropagation: about 1.5 × the fp16 weights at short sequence lengths.
 */
const loraTrainingOverhead = 1.5;

/**
 * Requests per second one replica sustains with continuous batching, assuming ~250 output tokens per
 * answer: an 8B model on one 24 GB card produces roughly 2,500 tokens/s in aggregate.
 */
function requestsPerSecondPerReplica(billions: number): number {
  if (billions <= 10) return 10;
  if (billions <= 35) return 6;
  if (billions <= 80) return 4;
  return 2;
}

/** Memory and throughput figures for one replica of a large language model. */
export function sizeLlm(options: { billions: number | null; family: string | null; bytesPerParameter: number; training: boolean }): {
  billions: number;
  assumedSize: boolean;
  weightsGb: number;
  memoryGb: number;
  requestsPerSecondPerReplica: number;
} {
  const familyDefault = options.family === null ? undefined : defaultBillionsByFamily[options.family];
  const billions = options.billions ?? familyDefault ?? fallbackBillions;
  // Fine-tuning loads fp16 weights whatever precision the served model uses.
  const weightsGb = billions * (options.training ? 2 : options.bytesPerParameter);
  const memoryGb = weightsGb * (options.training ? loraTrainingOverhead : servingOverhead);
  return {
    billions: Math.round(billions * 10) / 10,
    assumedSize: options.billions === null,
    weightsGb: Math.round(weightsGb * 10) / 10,
    memoryGb: Math.round(memoryGb * 10) / 10,
    requestsPerSecondPerReplica: requestsPerSecondPerReplica(billions),
  };
}
