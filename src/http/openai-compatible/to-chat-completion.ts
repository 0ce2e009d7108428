import type { ChatCompletion, ChatCompletionUsage } from '../../contracts/openai-chat-completions.js';
import type { FinishReason, LanguageModelResult, LanguageModelUsage, ToolCall } from '../../gateway/language-model.js';

/** OpenAI's `finish_reason` for ours (an error never reaches here: it is an error response). */
export function toOpenAiFinishReason(reason: FinishReason): 'stop' | 'length' | 'tool_calls' | 'content_filter' {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** OpenAI's usage for ours: its `prompt_tokens` includes cached tokens (ours does not), so they are added back. */
export function toOpenAiUsage(usage: LanguageModelUsage): ChatCompletionUsage {
  const promptTokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: promptTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

export function toOpenAiToolCall(call: ToolCall): { id: string; type: 'function'; function: { name: string; arguments: string } } {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) } };
}

/** The Chat Completions response for a generated answer. */
export function toChatCompletion(id: string, model: string, result: LanguageModelResult): ChatCompletion {
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: result.toolCalls.length > 0 && result.text === '' ? null : result.text,
          refusal: null,
          ...(result.toolCalls.length > 0 ? { tool_calls: result.toolCalls.map(toOpenAiToolCall) } : {}),
        },
        finish_reason: toOpenAiFinishReason(result.finishReason),
        logprobs: null,
      },
    ],
    usage: toOpenAiUsage(result.usage),
  };
}
