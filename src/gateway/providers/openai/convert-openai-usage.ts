import { emptyUsage, type LanguageModelUsage } from '../../language-model.js';
import type { OpenAiUsage } from './openai-wire.js';

/**
 * Converts OpenAI's usage to the port's: `prompt_tokens` includes cached tokens (and, on
 * OpenRouter, cache writes), so both are subtracted to count each input token exactly once.
 * Reasoning tokens stay inside `outputTokens`, as OpenAI bills them. No usage means zero counts.
 * @see https://platform.openai.com/docs/guides/prompt-caching
 */
export function convertOpenAiUsage(usage: OpenAiUsage | null | undefined): LanguageModelUsage {
  if (usage === null || usage === undefined) return { ...emptyUsage };
  const cacheReadTokens = count(usage.prompt_tokens_details?.cached_tokens);
  const cacheWriteTokens = count(usage.prompt_tokens_details?.cache_write_tokens);
  return {
    inputTokens: Math.max(0, count(usage.prompt_tokens) - cacheReadTokens - cacheWriteTokens),
    outputTokens: count(usage.completion_tokens),
    cacheReadTokens,
    cacheWriteTokens,
    reasoningTokens: count(usage.completion_tokens_details?.reasoning_tokens),
  };
}

/** Compatible servers sometimes send null or omit a count; neither may turn into NaN downstream. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}
