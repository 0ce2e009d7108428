import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanguageModelRequest, LanguageModelStreamPart } from '../../src/gateway/language-model.js';
import { ProviderError } from '../../src/gateway/provider-error.js';
import type { AnthropicMessagesRequest } from '../../src/gateway/providers/anthropic/anthropic-wire.js';
import { createAnthropicModel } from '../../src/gateway/providers/anthropic/create-anthropic-model.js';
import { parseAnthropicStream } from '../../src/gateway/providers/anthropic/parse-anthropic-stream.js';
import { startAnthropicMockServer, type AnthropicMockServer } from '../../src/testing/mock-providers/anthropic-mock-server.js';
import { collectStreamParts, describeProviderContract } from './provider-contract.js';

const apiKey = 'sk-ant-test-0123456789abcdefghij';

describeProviderContract({
  name: 'anthropic',
  async start() {
    const server = await startAnthropicMockServer();
    return {
      createModel: (options = {}) => createAnthropicModel({ modelId: 'claude-test', baseUrl: server.baseUrl, apiKey, ...options }),
      apiKey,
      script: (...scenarios) => server.enqueue(...scenarios),
      requests: server.requests,
      close: () => server.close(),
    };
  },
});

const weatherTool = { name: 'get_weather', description: 'The weather in a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const timeTool = { name: 'get_time', description: 'The time in a city.', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

const textOf = (parts: LanguageModelStreamPart[]) => parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');

async function providerErrorOf(work: Promise<unknown>): Promise<ProviderError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('anthropic provider on the wire', () => {
  let server: AnthropicMockServer;
  const model = () => createAnthropicModel({ modelId: 'claude-test', baseUrl: server.baseUrl, apiKey });
  const lastBody = () => server.requests.at(-1)?.body as AnthropicMessagesRequest;
  beforeAll(async () => {
    server = await startAnthropicMockServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('posts to /v1/messages with the key and the API version', async () => {
    await model().doGenerate({ messages: [{ role: 'user', content: 'Hi.' }] });
    const sent = server.requests.at(-1);
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/messages' });
    expect(sent?.headers).toMatchObject({ 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' });
    expect(sent?.headers.authorization).toBeUndefined();
    expect(lastBody().model).toBe('claude-test');
  });

  it('sends the system messages as top-level text blocks, the last one marked for caching', async () => {
    await model().doGenerate({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'system', content: 'Answer in English.' },
        { role: 'user', content: 'Hi.' },
      ],
    });
    expect(lastBody().system).toEqual([
      { type: 'text', text: 'You are terse.' },
      { type: 'text', text: 'Answer in English.', cache_control: { type: 'ephemeral' } },
    ]);
    expect(lastBody().messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi.' }] }]);
  });

  it('marks the last tool for caching, and sends no marker at all when prompt caching is off', async () => {
    const request: LanguageModelRequest = { messages: [{ role: 'system', content: 'Use tools.' }, { role: 'user', content: 'Weather?' }], tools: [weatherTool, timeTool] };
    await model().doGenerate(request);
    expect(lastBody().tools).toEqual([
      { name: 'get_weather', description: 'The weather in a city.', input_schema: weatherTool.parameters },
      { name: 'get_time', description: 'The time in a city.', input_schema: timeTool.parameters, cache_control: { type: 'ephemeral' } },
    ]);

    await model().doGenerate({ ...request, promptCaching: false });
    expect(JSON.stringify(lastBody())).not.toContain('cache_control');
  });

  it('merges consecutive messages of one role, so that user and assistant alternate', async () => {
    await model().doGenerate({
      messages: [
        { role: 'user', content: 'First.' },
        { role: 'user', content: 'Second.' },
        { role: 'assistant', content: 'One.' },
        { role: 'assistant', content: 'Two.' },
        { role: 'system', content: 'A late instruction.' },
        { role: 'user', content: 'Third.' },
      ],
    });
    expect(lastBody().messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'First.' }, { type: 'text', text: 'Second.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'One.' }, { type: 'text', text: 'Two.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Third.' }] },
    ]);
    expect(lastBody().system).toEqual([{ type: 'text', text: 'A late instruction.', cache_control: { type: 'ephemeral' } }]);
  });

  it('sends tool calls as tool_use blocks and consecutive tool results in one user message, before its text', async () => {
    await model().doGenerate({
      messages: [
        { role: 'user', content: 'Weather and time in Zürich?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'toolu_1', name: 'get_weather', arguments: { city: 'Zürich' } },
            { id: 'toolu_2', name: 'get_time', arguments: '{"city":"Zürich"}' },
          ],
        },
        { role: 'tool', toolCallId: 'toolu_1', content: '{"sky":"sunny"}' },
        { role: 'tool', toolCallId: 'toolu_2', content: '{"time":"10:00"}' },
        { role: 'user', content: 'Be brief.' },
      ],
      tools: [weatherTool, timeTool],
    });
    expect(lastBody().messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Zürich' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: { city: 'Zürich' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"sky":"sunny"}' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: '{"time":"10:00"}' },
          { type: 'text', text: 'Be brief.' },
        ],
      },
    ]);
  });

  it('always sends max_tokens, which Anthropic requires: 4096 unless the request sets a limit', async () => {
    await model().doGenerate({ messages: [{ role: 'user', content: 'Hi.' }] });
    expect(lastBody().max_tokens).toBe(4096);
    await model().doGenerate({ messages: [{ role: 'user', content: 'Hi.' }], maxOutputTokens: 300 });
    expect(lastBody().max_tokens).toBe(300);
  });

  it('maps sampling options, stop sequences, the end user and each tool choice', async () => {
    const base: LanguageModelRequest = { messages: [{ role: 'user', content: 'Hi.' }], temperature: 0.2, topP: 0.9, stop: ['END'], endUserId: 'user-42', tools: [weatherTool] };
    await model().doGenerate(base);
    expect(lastBody()).toMatchObject({ temperature: 0.2, top_p: 0.9, stop_sequences: ['END'], metadata: { user_id: 'user-42' } });
    expect(lastBody().tool_choice).toBeUndefined();
    const choices = [
      ['auto', { type: 'auto' }],
      ['required', { type: 'any' }],
      ['none', { type: 'none' }],
      [{ name: 'get_weather' }, { type: 'tool', name: 'get_weather' }],
    ] as const;
    for (const [toolChoice, expected] of choices) {
      await model().doGenerate({ ...base, toolChoice });
      expect(lastBody().tool_choice).toEqual(expected);
    }
  });

  it('gets structured output through a forced tool and returns its input as JSON text, generated and streamed', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, sunny: { type: 'boolean' } }, required: ['city', 'sunny'] };
    const request: LanguageModelRequest = { messages: [{ role: 'user', content: 'Report the weather.' }], responseSchema: schema, responseSchemaName: 'weather_report' };
    const answer = JSON.stringify({ city: 'Zürich', sunny: true });

    server.enqueue({ kind: 'reply', text: answer });
    const generated = await model().doGenerate(request);
    expect(lastBody().tools?.at(-1)).toMatchObject({ name: 'weather_report', input_schema: schema });
    expect(lastBody().tool_choice).toEqual({ type: 'tool', name: 'weather_report' });
    expect(generated).toMatchObject({ text: answer, toolCalls: [], finishReason: 'stop' });

    server.enqueue({ kind: 'reply', text: answer });
    const parts = await collectStreamParts(await model().doStream(request));
    expect(textOf(parts)).toBe(answer);
    expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(1);
    expect(parts.some((part) => part.type === 'tool-call')).toBe(false);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });

    await model().doGenerate({ messages: [{ role: 'user', content: 'Report the weather.' }], responseSchema: schema });
    expect(lastBody().tool_choice).toEqual({ type: 'tool', name: 'answer' });
  });

  it('counts cache writes and reads once each, generated and streamed', async () => {
    const usage = { inputTokens: 200, outputTokens: 20, cacheReadTokens: 1000, cacheWriteTokens: 500 };
    server.enqueue({ kind: 'reply', text: 'Cached.', usage });
    expect((await model().doGenerate({ messages: [{ role: 'user', content: 'Hi.' }] })).usage).toEqual({ ...usage, reasoningTokens: 0 });
    server.enqueue({ kind: 'reply', text: 'Cached.', usage });
    const parts = await collectStreamParts(await model().doStream({ messages: [{ role: 'user', content: 'Hi.' }] }));
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { ...usage, reasoningTokens: 0 } });
  });

  it('turns an overloaded error event in the middle of a stream into a retryable rate_limited error', async () => {
    server.enqueue({ kind: 'stream-error', afterParts: 2, text: 'This answer is interrupted by an overload.' });
    const received: LanguageModelStreamPart[] = [];
    const error = await providerErrorOf(
      (async () => {
        for await (const part of await model().doStream({ messages: [{ role: 'user', content: 'Hi.' }] })) received.push(part);
      })(),
    );
    expect(error).toMatchObject({ kind: 'rate_limited', retryable: true, providerRequestId: expect.stringMatching(/^req_/) });
    expect(error.message).toContain('overloaded_error');
    expect(textOf(received)).toBe('This ans');
    expect(received.some((part) => part.type === 'finish')).toBe(false);
  });

  it('treats HTTP 529 (overloaded) as a retryable rate limit', async () => {
    server.enqueue({ kind: 'error', status: 529, message: 'Overloaded' });
    const error = await providerErrorOf(model().doGenerate({ messages: [{ role: 'user', content: 'Hi.' }] }));
    expect(error).toMatchObject({ kind: 'rate_limited', status: 529, retryable: true });
    expect(error.message).toContain('Overloaded');
  });

  it('masks the configured key in errors, whatever its shape', async () => {
    const unusualKey = 'corporate-proxy-token-4711';
    server.enqueue({ kind: 'error', status: 401, message: `Invalid key ${unusualKey} for this workspace` });
    const error = await providerErrorOf(createAnthropicModel({ modelId: 'claude-test', baseUrl: server.baseUrl, apiKey: unusualKey }).doGenerate({ messages: [{ role: 'user', content: 'Hi.' }] }));
    expect(error.message).toContain('Invalid key *** for this workspace');
    expect(error.kind).toBe('authentication');
  });

  it('mock: rejects a request without x-api-key or anthropic-version, or without max_tokens, as Anthropic does', async () => {
    const post = (headers: Record<string, string>, body: unknown) => fetch(`${server.baseUrl}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const valid = { model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'Hi.' }] };

    const withoutKey = await post({ 'anthropic-version': '2023-06-01' }, valid);
    expect(withoutKey.status).toBe(401);
    expect(await withoutKey.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('x-api-key') } });

    const withoutVersion = await post({ 'x-api-key': apiKey }, valid);
    expect(withoutVersion.status).toBe(400);
    expect(await withoutVersion.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });

    const withoutMaxTokens = await post({ 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' }, { ...valid, max_tokens: undefined });
    expect(withoutMaxTokens.status).toBe(400);
    expect(withoutMaxTokens.headers.get('request-id')).toMatch(/^req_/);
  });
});

/** Feeds recorded SSE text through the same parser the transport uses. */
async function* eventsOf(recorded: string): AsyncGenerator<EventSourceMessage> {
  const events: EventSourceMessage[] = [];
  createParser({ onEvent: (event) => events.push(event) }).feed(recorded);
  yield* events;
}

const context = { provider: 'anthropic', providerRequestId: undefined, structuredOutputToolName: undefined };

describe('parseAnthropicStream on recorded streams', () => {
  it('takes the input and cache counts from message_start and the final output from message_delta', async () => {
    const recorded = [
      'event: message_start',
      'data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":200,"cache_creation_input_tokens":500,"cache_read_input_tokens":1000,"output_tokens":1}}}',
      '',
      'event: content_block_start',
      'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
      '',
      'event: ping',
      'data: {"type": "ping"}',
      '',
      'event: content_block_delta',
      'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}',
      '',
      'event: content_block_stop',
      'data: {"type":"content_block_stop","index":0}',
      '',
      'event: message_delta',
      'data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":200,"cache_creation_input_tokens":null,"cache_read_input_tokens":1000,"output_tokens":42}}',
      '',
      'event: message_stop',
      'data: {"type":"message_stop"}',
      '',
      '',
    ].join('\n');
    const parts = await collectStreamParts(parseAnthropicStream(eventsOf(recorded), context));
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hello' },
      {
        type: 'finish',
        finishReason: 'stop',
        usage: { inputTokens: 200, outputTokens: 42, cacheReadTokens: 1000, cacheWriteTokens: 500, reasoningTokens: 0 },
        responseModelId: 'claude-sonnet-4-20250514',
        providerRequestId: 'msg_01',
      },
    ]);
  });

  it('assembles a tool call whose JSON arrives in several input_json_delta fragments, and reads a tool without input as {}', async () => {
    const event = (data: object) => `event: ${(data as { type: string }).type}\ndata: ${JSON.stringify(data)}\n\n`;
    const recorded = [
      event({ type: 'message_start', message: { id: 'msg_02', type: 'message', role: 'assistant', model: 'claude-test', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 30, output_tokens: 1 } } }),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: {} } }),
      ...['', '{"ci', 'ty": "Zü', 'rich"', '}'].map((partial_json) => event({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json } })),
      event({ type: 'content_block_stop', index: 0 }),
      event({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_02', name: 'get_time', input: {} } }),
      event({ type: 'content_block_stop', index: 1 }),
      event({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 12 } }),
      event({ type: 'message_stop' }),
    ].join('');
    const parts = await collectStreamParts(parseAnthropicStream(eventsOf(recorded), context));
    expect(parts.slice(0, 2)).toEqual([
      { type: 'tool-call', toolCall: { id: 'toolu_01', name: 'get_weather', arguments: { city: 'Zürich' } } },
      { type: 'tool-call', toolCall: { id: 'toolu_02', name: 'get_time', arguments: {} } },
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 30, outputTokens: 12 } });
  });

  it('is a stream_cut error when the body ends without message_stop, even after message_delta', async () => {
    const recorded =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_03","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}\n\n' +
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}\n\n';
    const error = await providerErrorOf(collectStreamParts(parseAnthropicStream(eventsOf(recorded), context)));
    expect(error).toMatchObject({ kind: 'stream_cut', retryable: true, providerRequestId: 'msg_03' });
  });
});
