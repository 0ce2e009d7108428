import { describe, expect, it } from 'vitest';
import type { WorkloadKind } from '../../../contracts/mlops-architect.js';
import { extractWorkloads, type WorkloadHints } from './extract-workloads.js';

const noHints: WorkloadHints = { latency: null, trainingFrequency: null };

function workloads(text: string, hints: WorkloadHints = noHints): WorkloadKind[] {
  return extractWorkloads(text, hints).value;
}

describe('extractWorkloads', () => {
  it.each<[string, WorkloadKind[]]>([
    ['a service that serves predictions to radiologists', ['online_inference']],
    ['predictions exposed through a small API', ['online_inference']],
    ['real-time fraud detection', ['online_inference']],
    ['a credit scoring service', ['online_inference']],
    ['nightly batch recommendations', ['batch_inference']],
    ['batch scoring every hour', ['batch_inference']],
    ['a pipeline that trains a model', ['training']],
    ['XGBoost, retrained weekly', ['training']],
    ['we fine-tune Mistral 7B', ['training', 'llm_serving']],
    ['Serve a fine-tuned Llama 3 8B model with vLLM for our chat product', ['llm_serving']],
    ['readings through Kafka', ['streaming']],
    ['200 camera streams', ['streaming']],
    ['An internal RAG assistant over 50k Confluence pages', ['rag']],
    ['semantic search with retrieval over manuals', ['rag']],
    ['a chatbot over our support tickets', ['llm_serving', 'rag']],
    ['with a feature store and drift monitoring', ['feature_pipeline']],
  ])('reads "%s" as %j', (text, expected) => {
    expect(new Set(workloads(text))).toEqual(new Set(expected));
  });

  it('does not read a pre-trained model, mini-batches or token streaming as workloads of their own', () => {
    expect(workloads('a pre-trained ResNet with mini-batch size 32 that we stream tokens from')).toEqual([]);
  });

  it('does not read "training" inside "entertaining"', () => {
    expect(workloads('an entertaining demo')).toEqual([]);
  });

  it('implies online inference from a latency target, with lower confidence', () => {
    const extraction = extractWorkloads('anomaly scores from Kafka', { latency: { latencyMs: 250, span: null }, trainingFrequency: null });
    expect(extraction.value).toEqual(['online_inference', 'streaming']);
    expect(extraction.evidence['workloads.online_inference']?.source).toBe('implied');
    expect(extraction.evidence['workloads.online_inference']?.confidence ?? 1).toBeLessThan(extraction.evidence['workloads.streaming']?.confidence ?? 0);
  });

  it('does not imply online inference for an LLM product or a batch-only job', () => {
    const latency = { latencyMs: 500, span: null };
    expect(workloads('Llama 3 with vLLM', { latency, trainingFrequency: null })).toEqual(['llm_serving']);
    expect(workloads('nightly batch job', { latency, trainingFrequency: null })).toEqual(['batch_inference']);
  });

  it('implies training from a retraining cadence', () => {
    expect(workloads('a model refreshed', { latency: null, trainingFrequency: { span: null } })).toEqual(['training']);
  });

  it('does not add a separate prediction service for an LLM product that has an API', () => {
    expect(workloads('a chatbot API on GPT-4')).toEqual(['llm_serving']);
  });
});
