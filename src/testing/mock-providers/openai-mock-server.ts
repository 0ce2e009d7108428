import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenAiChatChunk, OpenAiChatRequest, OpenAiChatResponse, OpenAiErrorBody, OpenAiToolCall, OpenAiUsage } from '../../gateway/providers/openai/openai-wire.js';
import { defaultReplyText, splitIntoParts, type MockProviderScenario, type MockProviderServer, type MockUsage, type RecordedProviderRequest } from './mock-provider-scenario.js';

export interface OpenAiMockServerOptions {
  /** What `GET /v1/models` lists. */
  models?: string[];
  /**
   * Whether streams send the usage chunk that `stream_options.include_usage` asks for (default
   * true); false imitates compatible servers that never send usage in a stream.
   */
  streamUsage?: boolean;
}

/** The answer a scenario resolves to, before it is put in a JSON body or a stream. */
interface MockReply {
  text: string;
  toolCalls: OpenAiToolCall[];
  usage: OpenAiUsage;
  finishReason: 'stop' | 'length' | 'tool_calls';
  model: string;
}

/**
 * Starts a loopback server speaking OpenAI's Chat Completions wire format byte for byte (JSON and
 * SSE with the usage chunk, error bodies, `retry-after`/`retry-after-ms`, `x-request-id`), answering
 * each request with the next queued scenario. It never sleeps unless a scenario asks, so it also
 * serves the gateway's latency benchmark.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export async function startOpenAiMockServer(options: OpenAiMockServerOptions = {}): Promise<MockProviderServer> {
  const queue: MockProviderScenario[] = [];
  const requests: RecordedProviderRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let fallback: MockProviderScenario | undefined;
  let closing = false;

  const wait = (milliseconds: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, milliseconds);
      timers.add(timer);
    });

  const server = createServer({ noDelay: true }, (request, response) => {
    void handle(request, response).catch(() => response.destroy());
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Recorded as text; the route answers 400 below.
    }
    const record: RecordedProviderRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, closedEarly: false };
    requests.push(record);
    let closedByMock = false;
    response.on('close', () => {
      if (!response.writableEnded && !closedByMock && !closing) record.closedEarly = true;
    });
    const destroySocket = () => {
      closedByMock = true;
      request.socket.destroy();
    };

    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/v1/models') {
      const models = options.models ?? ['gpt-4o-mini', 'gpt-4.1-mini'];
      sendJson(response, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_715_367_049, owned_by: 'system' })) });
      return;
    }
    if (request.method !== 'POST' || path !== '/v1/chat/completions') {
      sendError(response, 404, `Invalid URL (${request.method ?? ''} ${path ?? ''})`);
      return;
    }
    const chatRequest = body as Partial<OpenAiChatRequest> | undefined;
    if (typeof chatRequest !== 'object' || chatRequest === null) return sendError(response, 400, 'We could not parse the JSON body of your request.');
    if (typeof chatRequest.model !== 'string') return sendError(response, 400, 'you must provide a model parameter');
    if (!Array.isArray(chatRequest.messages)) return sendError(response, 400, "Missing required parameter: 'messages'.");

    const scenario = queue.shift() ?? fallback ?? { kind: 'reply' };
    const streaming = chatRequest.stream === true;
    const includeUsage = chatRequest.stream_options?.include_usage === true && options.streamUsage !== false;
    switch (scenario.kind) {
      case 'error':
        return sendError(response, scenario.status, scenario.message, scenario.retryAfterSeconds);
      case 'no-response':
        // Held until the client gives up or close() ends every connection.
        return;
      case 'reset':
        return destroySocket();
      case 'reply': {
        if (scenario.delayMs) await wait(scenario.delayMs);
        if (response.destroyed) return;
        const reply = toMockReply(scenario, chatRequest as OpenAiChatRequest);
        if (!streaming) return sendJson(response, 200, toCompletion(reply));
        writeStreamHead(response);
        const events = toStreamEvents(reply, includeUsage);
        if (!scenario.partDelayMs) {
          response.end(events.join(''));
          return;
        }
        for (const [index, event] of events.entries()) {
          if (index > 0) await wait(scenario.partDelayMs);
          if (response.destroyed) return;
          response.write(event);
        }
        response.end();
        return;
      }
      case 'stall':
      case 'cut':
      case 'end-early': {
        const reply = toMockReply({ kind: 'reply', ...(scenario.text === undefined ? {} : { text: scenario.text }) }, chatRequest as OpenAiChatRequest);
        // Streams: the role chunk and `afterParts` text chunks, never the finish; JSON: half a body.
        const completion = JSON.stringify(toCompletion(reply));
        const partial = streaming ? toStreamEvents(reply, includeUsage).slice(0, 1 + scenario.afterParts).join('') : completion.slice(0, Math.floor(completion.length / 2));
        if (streaming) writeStreamHead(response);
        else response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': newId('req_') });
        if (scenario.kind === 'stall') response.write(partial);
        else if (scenario.kind === 'cut') response.write(partial, destroySocket);
        else response.end(partial);
        return;
      }
    }
  }

  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...scenarios) => void queue.push(...scenarios),
    setFallback: (scenario) => {
      fallback = scenario;
    },
    close: async () => {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function newId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': newId('req_'), ...headers });
  response.end(text);
}

/** OpenAI's error body; `type` and `code` as OpenAI sends them for each status. */
function sendError(response: ServerResponse, status: number, message?: string, retryAfterSeconds?: number): void {
  const [type, code] =
    status === 401 ? ['invalid_request_error', 'invalid_api_key']
    : status === 403 ? ['permission_error', null]
    : status === 429 ? ['requests', 'rate_limit_exceeded']
    : status >= 500 ? ['server_error', null]
    : ['invalid_request_error', null];
  const body: OpenAiErrorBody = { error: { message: message ?? `The mock answered HTTP ${status}.`, type, param: null, code } };
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds), 'retry-after-ms': String(Math.round(retryAfterSeconds * 1000)) };
  sendJson(response, status, body, headers);
}

function writeStreamHead(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': newId('req_') });
  // Headers go out at once, as OpenAI's do, so the client's doStream resolves before the first part.
  response.flushHeaders();
}

/** About four characters a token, like the real tokenizers for English and JSON. */
function estimateTokens(characters: number): number {
  return Math.ceil(characters / 4);
}

function toMockReply(scenario: Extract<MockProviderScenario, { kind: 'reply' }>, request: OpenAiChatRequest): MockReply {
  const toolCalls: OpenAiToolCall[] = (scenario.toolCalls ?? []).map((toolCall) => ({ id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: JSON.stringify(toolCall.arguments) } }));
  const lastUserMessage = request.messages.findLast((message) => message.role === 'user');
  const text = scenario.text ?? (toolCalls.length > 0 ? '' : defaultReplyText(lastUserMessage?.content ?? ''));
  const promptCharacters = request.messages.reduce((sum, message) => sum + (message.content?.length ?? 0) + ('tool_calls' in message ? JSON.stringify(message.tool_calls).length : 0), 0);
  const outputCharacters = text.length + toolCalls.reduce((sum, toolCall) => sum + toolCall.function.name.length + toolCall.function.arguments.length, 0);
  const usage: MockUsage = scenario.usage ?? { inputTokens: Math.max(1, estimateTokens(promptCharacters)), outputTokens: Math.max(1, estimateTokens(outputCharacters)) };
  const finishReason = scenario.finishReason === 'tool-calls' || (scenario.finishReason === undefined && toolCalls.length > 0) ? 'tool_calls' : (scenario.finishReason ?? 'stop');
  return { text, toolCalls, usage: toOpenAiUsage(usage), finishReason, model: scenario.model ?? request.model };
}

/**
 * Encodes normalized usage in OpenAI's convention: `prompt_tokens` includes cached tokens. OpenAI
 * reports no cache writes; when a scenario has some they are sent the way OpenRouter does
 * (`prompt_tokens_details.cache_write_tokens`, also inside `prompt_tokens`), so the field is absent
 * in every ordinary answer.
 */
function toOpenAiUsage(usage: MockUsage): OpenAiUsage {
  const cacheReadTokens = usage.cacheReadTokens ?? 0;
  const cacheWriteTokens = usage.cacheWriteTokens ?? 0;
  const promptTokens = usage.inputTokens + cacheReadTokens + cacheWriteTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: promptTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: cacheReadTokens, audio_tokens: 0, ...(cacheWriteTokens > 0 ? { cache_write_tokens: cacheWriteTokens } : {}) },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function toCompletion(reply: MockReply): OpenAiChatResponse {
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: reply.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.toolCalls.length > 0 && reply.text === '' ? null : reply.text, refusal: null, ...(reply.toolCalls.length > 0 ? { tool_calls: reply.toolCalls } : {}) },
        logprobs: null,
        finish_reason: reply.finishReason,
      },
    ],
    usage: reply.usage,
    system_fingerprint: 'fp_mock',
  };
}

/**
 * The `data:` lines of a streamed answer, in OpenAI's order: the role, text pieces, tool calls
 * (id and name, then argument pieces), the finish reason, the usage chunk when asked for, `[DONE]`.
 */
function toStreamEvents(reply: MockReply, includeUsage: boolean): string[] {
  const base = { id: newId('chatcmpl-'), object: 'chat.completion.chunk' as const, created: Math.floor(Date.now() / 1000), model: reply.model, system_fingerprint: 'fp_mock' };
  // With include_usage OpenAI puts `usage: null` on every chunk but the last.
  const chunk = (delta: OpenAiChatChunk['choices'][number]['delta'], finishReason: string | null = null): OpenAiChatChunk => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const chunks: OpenAiChatChunk[] = [chunk({ role: 'assistant', content: reply.text === '' && reply.toolCalls.length > 0 ? null : '', refusal: null })];
  for (const piece of splitIntoParts(reply.text)) chunks.push(chunk({ content: piece }));
  for (const [index, toolCall] of reply.toolCalls.entries()) {
    chunks.push(chunk({ tool_calls: [{ index, id: toolCall.id, type: 'function', function: { name: toolCall.function.name, arguments: '' } }] }));
    for (const piece of splitIntoParts(toolCall.function.arguments)) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  }
  chunks.push(chunk({}, reply.finishReason));
  if (includeUsage) chunks.push({ ...base, choices: [], usage: reply.usage });
  return [...chunks.map((item) => `data: ${JSON.stringify(item)}\n\n`), 'data: [DONE]\n\n'];
}
