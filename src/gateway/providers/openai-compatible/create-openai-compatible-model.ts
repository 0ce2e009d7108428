import type { LanguageModel } from '../../language-model.js';
import { createOpenAiModel, type OpenAiModelConfig } from '../openai/create-openai-model.js';

export interface OpenAiCompatibleModelConfig extends Omit<OpenAiModelConfig, 'baseUrl' | 'maxTokensField'> {
  /** The server's API root, including its `/v1` (Ollama: `http://localhost:11434/v1`). */
  baseUrl: string;
}

/**
 * Creates a model for a server that speaks OpenAI's Chat Completions API: Ollama, vLLM, llama.cpp
 * server, LM Studio. It is the OpenAI provider with a required base URL, an optional key, and
 * `max_tokens` instead of `max_completion_tokens`, the only output limit these servers know.
 * @see https://github.com/ollama/ollama/blob/main/docs/openai.md
 * @see https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
 */
export function createOpenAiCompatibleModel(config: OpenAiCompatibleModelConfig): LanguageModel {
  return createOpenAiModel({ ...config, provider: config.provider ?? 'openai-compatible', maxTokensField: 'max_tokens' });
}
