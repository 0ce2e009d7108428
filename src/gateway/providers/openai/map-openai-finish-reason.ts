import type { FinishReason } from '../../language-model.js';

/**
 * Maps OpenAI's `finish_reason` to the port's. `function_call` is the deprecated name of
 * `tool_calls`; anything a compatible server invents is `other`.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function mapOpenAiFinishReason(finishReason: string | null | undefined): FinishReason {
  switch (finishReason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}
