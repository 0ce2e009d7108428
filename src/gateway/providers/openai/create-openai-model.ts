import { redactSecrets } from '../../../core/redact-secrets.js';
import type { LanguageModel, LanguageModelRequest, LanguageModelStreamPart } from '../../language-model.js';
import { ProviderError } from '../../provider-error.js';
import { readProviderEvents } from '../../transport/read-provider-events.js';
import { sendProviderRequest, toProviderError, type ProviderHttpRequest, type ProviderHttpResponse } from '../../transport/send-provider-request.js';
import { parseOpenAiResponse } from './parse-openai-response.js';
import { parseOpenAiStream } from './parse-openai-stream.js';
import { redactApiKey } from './redact-api-key.js';
import { toOpenAiRequest } from './to-openai-request.js';

export interface OpenAiModelConfig {
  /** The name errors, usage and traces carry; default `openai`. */
  provider?: string;
  modelId: string;
  /** Default `https://api.openai.com/v1`; the path `/chat/completions` is appended. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** No response headers within this → `timeout`; default 60 s. */
  timeoutMs?: number;
  /** No stream bytes within this → `stream_stalled`; default 30 s. */
  stallTimeoutMs?: number;
  /** Extra headers (`OpenAI-Organization`, a proxy's auth); they override the defaults. */
  headers?: Record<string, string>;
  /** Default `max_completion_tokens`; OpenAI-compatible servers want `max_tokens`. */
  maxTokensField?: 'max_completion_tokens' | 'max_tokens';
}

/**
 * Creates a model that calls OpenAI's Chat Completions API (or any server speaking it). Every error
 * it throws is a `ProviderError` whose message never contains the configured key.
 * @see https://platform.openai.com/docs/api-reference/chat
 */
export function createOpenAiModel(config: OpenAiModelConfig): LanguageModel {
  const provider = config.provider ?? 'openai';
  const url = `${(config.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '')}/chat/completions`;
  const headers = { ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}), ...config.headers };
  const timeoutMs = config.timeoutMs ?? 60_000;
  const stallTimeoutMs = config.stallTimeoutMs ?? 30_000;
  const maxTokensField = config.maxTokensField ?? 'max_completion_tokens';

  const toSafeError = (error: unknown, signal: AbortSignal | undefined) => redactApiKey(toProviderError(error, provider, signal), config.apiKey);
  const send = (request: LanguageModelRequest, stream: boolean): Promise<ProviderHttpResponse> => {
    const call: ProviderHttpRequest = {
      provider,
      url,
      headers,
      body: toOpenAiRequest(request, { modelId: config.modelId, maxTokensField, stream }),
      timeoutMs,
      requestIdHeader: 'x-request-id',
      ...(stream ? { stallTimeoutMs } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    };
    return sendProviderRequest(call);
  };

  return {
    provider,
    modelId: config.modelId,

    async doGenerate(request) {
      try {
        const response = await send(request, false);
        const text = await response.body.text();
        return parseOpenAiResponse(parseJson(text, provider, response.providerRequestId), { provider, providerRequestId: response.providerRequestId });
      } catch (error) {
        throw toSafeError(error, request.signal);
      }
    },

    async doStream(request) {
      let response: ProviderHttpResponse;
      try {
        response = await send(request, true);
        const contentType = String(response.headers['content-type'] ?? '');
        // A JSON body on a stream request (a proxy's error, a server ignoring `stream`) would
        // otherwise read as an empty, cut stream; rejecting here keeps failover possible.
        if (contentType.includes('application/json')) {
          const detail = errorMessageOf(await response.body.text());
          throw new ProviderError(`${provider} answered a stream request with JSON instead of events${detail ? `: ${detail}` : ''}`, { kind: 'invalid_response', provider, ...(response.providerRequestId ? { providerRequestId: response.providerRequestId } : {}) });
        }
      } catch (error) {
        throw toSafeError(error, request.signal);
      }
      const parts = parseOpenAiStream(readProviderEvents(response.body, provider, request.signal), { provider, providerRequestId: response.providerRequestId, signal: request.signal });
      return redactStreamErrors(parts, (error) => toSafeError(error, request.signal));
    },
  };
}

async function* redactStreamErrors(parts: AsyncGenerator<LanguageModelStreamPart>, toSafeError: (error: unknown) => ProviderError): AsyncGenerator<LanguageModelStreamPart> {
  try {
    yield* parts;
  } catch (error) {
    throw toSafeError(error);
  }
}

/** The `error.message` of a JSON body, if it has one; never the body itself, which may hold an answer. */
function errorMessageOf(text: string): string | undefined {
  try {
    const message: unknown = (JSON.parse(text) as { error?: { message?: unknown } } | null)?.error?.message;
    return typeof message === 'string' ? redactSecrets(message.slice(0, 300)) : undefined;
  } catch {
    return undefined;
  }
}

function parseJson(text: string, provider: string, providerRequestId: string | undefined): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProviderError(`${provider} answered with a body that is not JSON`, { kind: 'invalid_response', provider, cause: error, ...(providerRequestId ? { providerRequestId } : {}) });
  }
}
