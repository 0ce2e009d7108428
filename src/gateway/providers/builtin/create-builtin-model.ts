import { estimatePromptTokens, estimateTextTokens } from '../../estimate-tokens.js';
import type { LanguageModel, LanguageModelRequest, LanguageModelResult, LanguageModelStreamPart, ToolCall } from '../../language-model.js';
import { ProviderError } from '../../provider-error.js';
import { exampleFromJsonSchema } from './example-from-json-schema.js';

export interface BuiltinModelConfig {
  provider?: string;
  /** Defaults to `agentbus-builtin` (priced at zero in the price table). */
  modelId?: string;
}

/** The id of the built-in model. */
export const builtinModelId = 'agentbus-builtin';

/**
 * The built-in provider: deterministic, offline, free. It answers structured-output requests with
 * the smallest value that satisfies the schema, calls a tool when the request requires one (with
 * schema-valid arguments), and otherwise acknowledges the last user message. Usage is estimated at
 * four characters a token. It is what tests, the offline default and the last link of a failover
 * chain use; the MLOps Architect's agents have their own built-in engines and never need its text.
 */
export function createBuiltinModel(config: BuiltinModelConfig = {}): LanguageModel {
  const provider = config.provider ?? 'builtin';
  const modelId = config.modelId ?? builtinModelId;

  function answer(request: LanguageModelRequest): LanguageModelResult {
    if (request.signal?.aborted) throw new ProviderError(`${provider} call aborted`, { kind: 'aborted', provider, cause: request.signal.reason });
    const inputTokens = estimatePromptTokens(request);
    const forcedTool = pickForcedTool(request);
    if (forcedTool) {
      const toolCall: ToolCall = { id: `call_builtin_${forcedTool.name}`, name: forcedTool.name, arguments: exampleFromJsonSchema(forcedTool.parameters) };
      const outputTokens = estimateTextTokens(JSON.stringify(toolCall.arguments)) + 1;
      return { text: '', toolCalls: [toolCall], usage: usage(inputTokens, outputTokens), finishReason: 'tool-calls', responseModelId: modelId };
    }
    const full = request.responseSchema ? JSON.stringify(exampleFromJsonSchema(request.responseSchema)) : acknowledge(request);
    const limitCharacters = request.maxOutputTokens === undefined ? Infinity : Math.max(1, request.maxOutputTokens) * 4;
    const text = full.length > limitCharacters ? full.slice(0, limitCharacters) : full;
    return { text, toolCalls: [], usage: usage(inputTokens, estimateTextTokens(text)), finishReason: text.length < full.length ? 'length' : 'stop', responseModelId: modelId };
  }

  return {
    provider,
    modelId,
    async doGenerate(request) {
      return answer(request);
    },
    async doStream(request) {
      const result = answer(request);
      return streamOf(result, request.signal, provider);
    },
  };
}

function usage(inputTokens: number, outputTokens: number) {
  return { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
}

function pickForcedTool(request: LanguageModelRequest) {
  const choice = request.toolChoice;
  if (!request.tools?.length || choice === undefined || choice === 'auto' || choice === 'none') return undefined;
  return choice === 'required' ? request.tools[0] : request.tools.find((tool) => tool.name === choice.name);
}

function acknowledge(request: LanguageModelRequest): string {
  const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
  const words = lastUser ? lastUser.content.trim().split(/\s+/).filter(Boolean) : [];
  const opening = words.slice(0, 12).join(' ');
  return words.length === 0
    ? 'The built-in model received no question. Configure a provider (OPENAI_API_KEY, ANTHROPIC_API_KEY or AGENTBUS_OPENAI_COMPATIBLE_BASE_URL) for real answers.'
    : `The built-in model (offline, deterministic) received ${words.length} word${words.length === 1 ? '' : 's'}, beginning "${opening}${words.length > 12 ? '…' : ''}". Configure a provider (OPENAI_API_KEY, ANTHROPIC_API_KEY or AGENTBUS_OPENAI_COMPATIBLE_BASE_URL) for real answers.`;
}

async function* streamOf(result: LanguageModelResult, signal: AbortSignal | undefined, provider: string): AsyncGenerator<LanguageModelStreamPart> {
  const words = result.text.match(/\S+\s*|\s+/g) ?? [];
  for (const word of words) {
    if (signal?.aborted) throw new ProviderError(`${provider} call aborted`, { kind: 'aborted', provider, cause: signal.reason });
    yield { type: 'text-delta', text: word };
  }
  for (const toolCall of result.toolCalls) yield { type: 'tool-call', toolCall };
  yield { type: 'finish', usage: result.usage, finishReason: result.finishReason, ...(result.responseModelId ? { responseModelId: result.responseModelId } : {}) };
}
