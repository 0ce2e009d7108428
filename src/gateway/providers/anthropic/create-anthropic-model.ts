import type { LanguageModel, LanguageModelRequest, LanguageModelResult, LanguageModelStreamPart } from '../../language-model.js';
import { ProviderError } from '../../provider-error.js';
import { readProviderEvents } from '../../transport/read-provider-events.js';
import { sendProviderRequest, toProviderError, type ProviderHttpResponse } from '../../transport/send-provider-request.js';
import { parseAnthropicResponse, type AnthropicAnswerContext } from './parse-anthropic-response.js';
import { parseAnthropicStream } from './parse-anthropic-stream.js';
import { toAnthropicRequest } from './to-anthropic-request.js';

/** How to reach one Anthropic model (or a server speaking the Messages API). */
export interface AnthropicModelConfig {
  /** The name in usage records and errors; default `anthropic`. */
  provider?: string;
  modelId: string;
  /** The origin; `/v1/messages` is appended. Default `https://api.anthropic.com`. */
  baseUrl?: string;
  apiKey: string;
  /** No response headers within this → `timeout`; also bounds reading a JSON answer. Default 60 s. */
  timeoutMs?: number;
  /** Streams: no bytes within this → `stream_stalled`. Anthropic pings while it thinks. Default 30 s. */
  stallTimeoutMs?: number;
  /** Extra headers, such as `anthropic-beta`. */
  headers?: Record<string, string>;
  /** Default `2023-06-01`, the current version of the Messages API. */
  anthropicVersion?: string;
}

const defaultBaseUrl = 'https://api.anthropic.com';
const defaultTimeoutMs = 60_000;
const defaultStallTimeoutMs = 30_000;
const defaultAnthropicVersion = '2023-06-01';

/**
 * The model port over Anthropic's Messages API. Every error it throws is a `ProviderError` whose
 * message never contains the configured key.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function createAnthropicModel(config: AnthropicModelConfig): LanguageModel {
  const provider = config.provider ?? 'anthropic';
  const url = `${(config.baseUrl ?? defaultBaseUrl).replace(/\/+$/, '')}/v1/messages`;
  // The required headers come last so that extra headers cannot drop them by accident.
  const headers = { ...config.headers, 'x-api-key': config.apiKey, 'anthropic-version': config.anthropicVersion ?? defaultAnthropicVersion };
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs;
  const stallTimeoutMs = config.stallTimeoutMs ?? defaultStallTimeoutMs;
  const toSafeError = (error: unknown, signal: AbortSignal | undefined) => withoutApiKey(toModelError(error, provider, signal), config.apiKey);

  const send = async (request: LanguageModelRequest, stream: boolean): Promise<{ response: ProviderHttpResponse; context: AnthropicAnswerContext }> => {
    const plan = toAnthropicRequest(request, config.modelId, stream);
    const response = await sendProviderRequest({
      provider,
      url,
      headers,
      body: plan.body,
      timeoutMs,
      ...(stream ? { stallTimeoutMs } : {}),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      requestIdHeader: 'request-id',
    });
    return { response, context: { provider, providerRequestId: response.providerRequestId, structuredOutputToolName: plan.structuredOutputToolName } };
  };

  return {
    provider,
    modelId: config.modelId,

    async doGenerate(request: LanguageModelRequest): Promise<LanguageModelResult> {
      try {
        const { response, context } = await send(request, false);
        let text: string;
        try {
          text = await response.body.text();
        } catch (error) {
          throw toProviderError(error, provider, request.signal);
        }
        return parseAnthropicResponse(parseJson(text, context), context);
      } catch (error) {
        throw toSafeError(error, request.signal);
      }
    },

    async doStream(request: LanguageModelRequest): Promise<AsyncIterable<LanguageModelStreamPart>> {
      let accepted: Awaited<ReturnType<typeof send>>;
      try {
        accepted = await send(request, true);
      } catch (error) {
        throw toSafeError(error, request.signal);
      }
      const { response, context } = accepted;
      return (async function* streamParts() {
        try {
          for await (const part of parseAnthropicStream(readProviderEvents(response.body, provider, request.signal), context)) {
            // Events already received are not handed out once the caller gave up.
            if (request.signal?.aborted) throw toProviderError(request.signal.reason, provider, request.signal, 'stream');
            yield part;
          }
        } catch (error) {
          throw toSafeError(error, request.signal);
        }
      })();
    },
  };
}

function parseJson(text: string, context: AnthropicAnswerContext): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError(`${context.provider} answered with a body that is not JSON`, {
      kind: 'invalid_response',
      provider: context.provider,
      ...(context.providerRequestId === undefined ? {} : { providerRequestId: context.providerRequestId }),
    });
  }
}

/** Anything thrown becomes a provider error: an abort stays an abort, an unexpected shape is an invalid response. */
function toModelError(error: unknown, provider: string, signal: AbortSignal | undefined): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal?.aborted) return toProviderError(error, provider, signal);
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(`${provider} answered with something that could not be read: ${message}`, { kind: 'invalid_response', provider, cause: error });
}

/**
 * The configured key, whatever its shape, never leaves in a message: `redactSecrets` in the
 * transport only knows the usual key formats, and a provider may echo the key back.
 */
function withoutApiKey(error: ProviderError, apiKey: string): ProviderError {
  if (apiKey === '' || !error.message.includes(apiKey)) return error;
  return new ProviderError(error.message.replaceAll(apiKey, '***'), {
    kind: error.kind,
    provider: error.provider,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    providerRequestId: error.providerRequestId,
    cause: error.cause,
  });
}
