import type { LanguageModelRequest } from './language-model.js';

/**
 * About four characters per token for English text with common tokenizers; rounded up, so
 * estimates err high. Used where a count is needed before a provider reports one: budget
 * reservations, token rate limits, and what a cut stream had produced.
 */
export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** An upper-leaning estimate of a request's prompt tokens: messages, tools and schema, plus per-message framing. */
export function estimatePromptTokens(request: LanguageModelRequest): number {
  let characters = 0;
  for (const message of request.messages) {
    characters += message.content.length + 16;
    if (message.role === 'assistant') for (const call of message.toolCalls ?? []) characters += call.name.length + JSON.stringify(call.arguments ?? {}).length;
  }
  for (const tool of request.tools ?? []) characters += tool.name.length + tool.description.length + JSON.stringify(tool.parameters).length;
  if (request.responseSchema) characters += JSON.stringify(request.responseSchema).length;
  return Math.ceil(characters / 4) + 3;
}

/**
 * A count a provider's tokenizer will not exceed for ordinary text: half a token per UTF-8 byte
 * bounds English (about 0.25), code (about 0.3) and CJK text (about 0.5), plus framing per message.
 * Budgets reserve on this bound, so a call's real cost stays inside its reservation; only text built
 * to tokenize worse than one token per two bytes could overshoot, by at most that call's prompt.
 */
export function upperBoundPromptTokens(request: LanguageModelRequest): number {
  let bytes = 0;
  for (const message of request.messages) {
    bytes += Buffer.byteLength(message.content) + 32;
    if (message.role === 'assistant') for (const call of message.toolCalls ?? []) bytes += Buffer.byteLength(call.name) + Buffer.byteLength(JSON.stringify(call.arguments ?? {}));
  }
  for (const tool of request.tools ?? []) bytes += Buffer.byteLength(tool.name) + Buffer.byteLength(tool.description) + Buffer.byteLength(JSON.stringify(tool.parameters));
  if (request.responseSchema) bytes += Buffer.byteLength(JSON.stringify(request.responseSchema));
  return Math.ceil(bytes / 2) + 8;
}
