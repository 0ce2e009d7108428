import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AnthropicErrorBody, AnthropicErrorType, AnthropicMessagesRequest, AnthropicMessagesResponse, AnthropicStopReason, AnthropicStreamEvent, AnthropicToolUseBlock } from '../../gateway/providers/anthropic/anthropic-wire.js';
import { defaultReplyText, splitIntoParts, type MockProviderScenario, type MockProviderServer, type RecordedProviderRequest } from './mock-provider-scenario.js';

/** Anthropic's scenarios: the common ones, and an `error` event in the middle of a 200 stream. */
export type AnthropicMockScenario =
  | MockProviderScenario
  /** Streams: send the first `afterParts` parts, then an `error` event (default `overloaded_error`) and end. */
  | { kind: 'stream-error'; afterParts: number; text?: string; errorType?: AnthropicErrorType; message?: string };

/** The mock, accepting Anthropic's own scenarios too. */
export interface AnthropicMockServer extends MockProviderServer {
  enqueue(...scenarios: AnthropicMockScenario[]): void;
  setFallback(scenario: AnthropicMockScenario | undefined): void;
}

type ReplyScenario = Extract<MockProviderScenario, { kind: 'reply' }>;

/** One request being answered. */
interface Exchange {
  request: http.IncomingMessage;
  response: http.ServerResponse;
  body: Partial<AnthropicMessagesRequest>;
  requestId: string;
  sequence: number;
  /** Set when the mock drops the connection on purpose, so that it is not counted as the client's abort. */
  dropped: boolean;
}

const stopReasons: Record<NonNullable<ReplyScenario['finishReason']>, AnthropicStopReason> = { stop: 'end_turn', length: 'max_tokens', 'tool-calls': 'tool_use' };

/**
 * An Anthropic Messages API on loopback, byte for byte as Anthropic sends it: `POST /v1/messages`
 * answers JSON, or SSE (`message_start` … `message_stop`) when `stream` is true, with a
 * `request-id` header and Anthropic's error bodies. Requests without `x-api-key` or
 * `anthropic-version`, or with a body Anthropic would refuse, are rejected as Anthropic does.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export async function startAnthropicMockServer(): Promise<AnthropicMockServer> {
  const queue: AnthropicMockScenario[] = [];
  let fallback: AnthropicMockScenario | undefined;
  const requests: RecordedProviderRequest[] = [];
  // Cancels every pending delay when the server closes, so that no timer outlives it.
  const closing = new AbortController();
  let sequence = 0;

  const server = http.createServer((request, response) => {
    answer(request, response).catch(() => {
      // Also how a delay ends when the server closes: the connection is already gone then.
      if (response.destroyed) return;
      if (response.headersSent) response.destroy();
      else writeError(response, 500, 'api_error', 'Internal server error', undefined);
    });
  });

  async function answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    const record: RecordedProviderRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, closedEarly: false };
    requests.push(record);
    sequence += 1;
    const exchange: Exchange = { request, response, body: (body ?? {}) as Partial<AnthropicMessagesRequest>, requestId: `req_mock_${String(sequence).padStart(6, '0')}`, sequence, dropped: false };
    response.on('close', () => {
      if (!response.writableFinished && !exchange.dropped && !closing.signal.aborted) record.closedEarly = true;
    });

    if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v1/messages') return writeError(response, 404, 'not_found_error', 'Not found', exchange.requestId);
    if (!request.headers['x-api-key']) return writeError(response, 401, 'authentication_error', 'x-api-key header is required', exchange.requestId);
    if (!request.headers['anthropic-version']) return writeError(response, 400, 'invalid_request_error', 'anthropic-version: header is required', exchange.requestId);
    const problem = body === undefined ? 'The request body is not valid JSON.' : findRequestProblem(exchange.body);
    if (problem !== undefined) return writeError(response, 400, 'invalid_request_error', problem, exchange.requestId);

    const scenario = queue.shift() ?? fallback ?? { kind: 'reply' };
    switch (scenario.kind) {
      case 'reply':
        if (scenario.delayMs) await sleep(scenario.delayMs, undefined, { signal: closing.signal });
        return exchange.body.stream === true ? streamMessage(exchange, toMessage(exchange, scenario), { partDelayMs: scenario.partDelayMs ?? 0, signal: closing.signal }) : writeJson(response, 200, toMessage(exchange, scenario), exchange.requestId);
      case 'error':
        return writeError(response, scenario.status, errorTypeOf(scenario.status), scenario.message ?? `Mock error ${scenario.status}`, exchange.requestId, scenario.retryAfterSeconds);
      case 'no-response':
        // Held until the client gives up or the server closes.
        return;
      case 'reset':
        exchange.dropped = true;
        request.socket.destroy();
        return;
      case 'stall':
      case 'cut':
      case 'end-early':
      case 'stream-error':
        return sendIncomplete(exchange, scenario);
    }
  }

  /** Sends the first parts of an answer, then stalls, cuts, ends early or reports an error event. */
  async function sendIncomplete(exchange: Exchange, scenario: Extract<AnthropicMockScenario, { afterParts: number }>): Promise<void> {
    const message = toMessage(exchange, { kind: 'reply', ...(scenario.text === undefined ? {} : { text: scenario.text }) });
    const { response } = exchange;
    if (exchange.body.stream === true) {
      const ending = scenario.kind === 'stream-error' ? [errorEventOf(scenario)] : [];
      await streamMessage(exchange, message, { partDelayMs: 0, signal: closing.signal, afterParts: scenario.afterParts, ending });
    } else {
      // A JSON answer has no parts: half of it stands in for "some of the answer".
      const json = JSON.stringify(message);
      response.writeHead(200, { 'content-type': 'application/json', 'request-id': exchange.requestId });
      await write(response, json.slice(0, Math.floor(json.length / 2)));
    }
    if (scenario.kind === 'stall') return;
    if (scenario.kind === 'cut') {
      exchange.dropped = true;
      // The writes above completed (reached the socket), so the client reads the parts before the reset.
      response.socket?.destroy();
      return;
    }
    response.end();
  }

  return {
    baseUrl: await listen(server),
    requests,
    enqueue: (...scenarios) => void queue.push(...scenarios),
    setFallback: (scenario) => void (fallback = scenario),
    close: () => {
      closing.abort();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** The Messages answer a reply scenario describes, as Anthropic would send it for this request. */
function toMessage(exchange: Exchange, scenario: ReplyScenario): AnthropicMessagesResponse {
  const { body } = exchange;
  const forcedTool = body.tool_choice?.type === 'tool' ? body.tool_choice.name : undefined;
  const text = scenario.text ?? (scenario.toolCalls === undefined ? defaultReplyText(lastUserText(body)) : '');
  const toolUses: AnthropicToolUseBlock[] = (scenario.toolCalls ?? []).map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments }));
  // A forced tool is always called, and nothing is written beside it: the scenario's text, when it
  // is a JSON object, is the tool's input (structured output through a forced tool).
  if (forcedTool !== undefined && toolUses.length === 0) toolUses.push({ type: 'tool_use', id: `toolu_mock_${exchange.sequence}`, name: forcedTool, input: parseObject(text) });
  const content = [...(text !== '' && forcedTool === undefined ? [{ type: 'text' as const, text }] : []), ...toolUses];
  const outputCharacters = content.reduce((sum, block) => sum + (block.type === 'text' ? block.text.length : JSON.stringify(block.input).length), 0);
  const usage = scenario.usage ?? { inputTokens: Math.ceil(countRequestCharacters(body) / 4), outputTokens: Math.max(1, Math.ceil(outputCharacters / 4)) };
  return {
    id: `msg_mock_${String(exchange.sequence).padStart(6, '0')}`,
    type: 'message',
    role: 'assistant',
    model: scenario.model ?? body.model ?? 'claude-mock',
    content,
    stop_reason: scenario.finishReason === undefined ? (toolUses.length > 0 ? 'tool_use' : 'end_turn') : stopReasons[scenario.finishReason],
    stop_sequence: null,
    // Anthropic's input_tokens exclude the cache, exactly like the normalized count.
    usage: { input_tokens: usage.inputTokens, cache_creation_input_tokens: usage.cacheWriteTokens ?? 0, cache_read_input_tokens: usage.cacheReadTokens ?? 0, output_tokens: usage.outputTokens },
  };
}

/** The events of a streamed message, and which of them are parts (the deltas a scenario counts). */
function toStreamEvents(message: AnthropicMessagesResponse): { event: AnthropicStreamEvent; isPart: boolean }[] {
  const events: { event: AnthropicStreamEvent; isPart: boolean }[] = [];
  const add = (event: AnthropicStreamEvent, isPart = false) => events.push({ event, isPart });
  add({ type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 1 } } });
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      add({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      if (index === 0) add({ type: 'ping' });
      for (const text of splitIntoParts(block.text)) add({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }, true);
    } else if (block.type === 'tool_use') {
      add({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      if (index === 0) add({ type: 'ping' });
      // Anthropic opens a tool's input with an empty fragment, then sends the JSON in pieces.
      for (const partialJson of ['', ...splitIntoParts(JSON.stringify(block.input))]) add({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partialJson } }, true);
    }
    add({ type: 'content_block_stop', index });
  });
  add({ type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: message.usage.output_tokens } });
  add({ type: 'message_stop' });
  return events;
}

/**
 * Streams a message; with `afterParts`, only up to that many parts, followed by `ending`. Without
 * a part delay the whole stream is one write, which keeps the mock cheap under a benchmark.
 */
async function streamMessage(exchange: Exchange, message: AnthropicMessagesResponse, options: { partDelayMs: number; signal: AbortSignal; afterParts?: number; ending?: AnthropicStreamEvent[] }): Promise<void> {
  const { response } = exchange;
  let events = toStreamEvents(message);
  if (options.afterParts !== undefined) {
    let parts = 0;
    const cut = events.findIndex((entry) => entry.isPart && ++parts > (options.afterParts ?? 0));
    events = [...events.slice(0, cut === -1 ? events.length - 1 : cut), ...(options.ending ?? []).map((event) => ({ event, isPart: false }))];
  }
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': exchange.requestId });
  if (options.partDelayMs <= 0) {
    await write(response, events.map((entry) => formatEvent(entry.event)).join(''));
  } else {
    response.flushHeaders();
    for (const entry of events) {
      if (entry.isPart) await sleep(options.partDelayMs, undefined, { signal: options.signal });
      if (response.destroyed) return;
      await write(response, formatEvent(entry.event));
    }
  }
  if (options.afterParts === undefined) response.end();
}

/** Resolves once the chunk reached the socket (or the connection is gone). */
function write(response: http.ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => response.write(chunk, () => resolve()));
}

function formatEvent(event: AnthropicStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

function errorEventOf(scenario: Extract<AnthropicMockScenario, { kind: 'stream-error' }>): AnthropicErrorBody {
  const type = scenario.errorType ?? 'overloaded_error';
  return { type: 'error', error: { type, message: scenario.message ?? (type === 'overloaded_error' ? 'Overloaded' : 'Internal server error') } };
}

/** Anthropic's error type for each status it answers with. @see https://docs.anthropic.com/en/api/errors */
function errorTypeOf(status: number): AnthropicErrorType {
  const types: Record<number, AnthropicErrorType> = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 413: 'request_too_large', 429: 'rate_limit_error', 529: 'overloaded_error' };
  return types[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

function writeError(response: http.ServerResponse, status: number, type: AnthropicErrorType, message: string, requestId: string | undefined, retryAfterSeconds?: number): void {
  const body: AnthropicErrorBody = { type: 'error', error: { type, message } };
  response.writeHead(status, {
    'content-type': 'application/json',
    ...(requestId === undefined ? {} : { 'request-id': requestId }),
    ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
    // Anthropic tells clients whether to retry; its SDKs obey this header before the status.
    'x-should-retry': String(status === 408 || status === 409 || status === 429 || status >= 500),
  });
  response.end(JSON.stringify(body));
}

function writeJson(response: http.ServerResponse, status: number, body: unknown, requestId: string): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), 'request-id': requestId });
  response.end(json);
}

/**
 * What Anthropic would refuse with a 400, as far as a gateway could get it wrong: a missing
 * `max_tokens`, empty text blocks, a tool result that answers no tool call of the previous turn.
 */
function findRequestProblem(body: Partial<AnthropicMessagesRequest>): string | undefined {
  if (typeof body.model !== 'string') return 'model: Field required';
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens ?? 0) < 1) return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  if (body.tool_choice !== undefined && (body.tools ?? []).length === 0) return 'tool_choice: tool_choice may only be specified while providing tools';
  for (const [index, message] of body.messages.entries()) {
    if (message.role !== 'user' && message.role !== 'assistant') return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    const content = message.content as AnthropicMessagesRequest['messages'][number]['content'] | string;
    if (typeof content === 'string') continue;
    if (content.some((block) => block.type === 'text' && block.text.trim() === '')) return 'messages: text content blocks must contain non-whitespace text';
    const previous = body.messages[index - 1]?.content;
    const answerable = new Set(Array.isArray(previous) ? previous.flatMap((block) => (block.type === 'tool_use' ? [block.id] : [])) : []);
    const orphan = content.find((block) => block.type === 'tool_result' && !answerable.has(block.tool_use_id));
    if (orphan?.type === 'tool_result') return `messages.${index}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${orphan.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
  }
  return undefined;
}

function lastUserText(body: Partial<AnthropicMessagesRequest>): string {
  const lastUser = [...(body.messages ?? [])].reverse().find((message) => message.role === 'user');
  if (lastUser === undefined) return '';
  const content = lastUser.content as AnthropicMessagesRequest['messages'][number]['content'] | string;
  if (typeof content === 'string') return content;
  return content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** Characters of the prompt (system and messages), for a plausible token estimate of about four each. */
function countRequestCharacters(body: Partial<AnthropicMessagesRequest>): number {
  const system = body.system as AnthropicMessagesRequest['system'] | string | undefined;
  let characters = typeof system === 'string' ? system.length : (system ?? []).reduce((sum, block) => sum + block.text.length, 0);
  for (const message of body.messages ?? []) {
    const content = message.content as AnthropicMessagesRequest['messages'][number]['content'] | string;
    if (typeof content === 'string') characters += content.length;
    else for (const block of content) characters += block.type === 'text' ? block.text.length : block.type === 'tool_result' ? String(block.content).length : JSON.stringify(block.input).length;
  }
  return characters;
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Not JSON: the forced tool is called with an empty input, as a model out of ideas would.
  }
  return {};
}
