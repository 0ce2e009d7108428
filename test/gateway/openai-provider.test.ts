import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanguageModelRequest } from '../../src/gateway/language-model.js';
import { ProviderError } from '../../src/gateway/provider-error.js';
import { createOpenAiModel } from '../../src/gateway/providers/openai/create-openai-model.js';
import type { OpenAiChatRequest } from '../../src/gateway/providers/openai/openai-wire.js';
import { parseOpenAiResponse } from '../../src/gateway/providers/openai/parse-openai-response.js';
import { parseOpenAiStream } from '../../src/gateway/providers/openai/parse-openai-stream.js';
import type { MockProviderServer } from '../../src/testing/mock-providers/mock-provider-scenario.js';
import { startOpenAiMockServer } from '../../src/testing/mock-providers/openai-mock-server.js';
import { collectStreamParts, describeProviderContract } from './provider-contract.js';

const apiKey = 'sk-test-0123456789abcdefghij';

describeProviderContract({
  name: 'openai',
  async start() {
    const server = await startOpenAiMockServer();
    return {
      apiKey,
      createModel: (options = {}) => createOpenAiModel({ modelId: 'gpt-4o-mini', baseUrl: server.baseUrl, apiKey, ...options }),
      script: (...scenarios) => server.enqueue(...scenarios),
      requests: server.requests,
      close: () => server.close(),
    };
  },
});

/** A stream body as the transport hands it to the parser: one `data:` payload per event. */
async function* eventsOf(...payloads: unknown[]): AsyncGenerator<{ data: string }> {
  for (const payload of payloads) yield { data: typeof payload === 'string' ? payload : JSON.stringify(payload) };
}

const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024-07-18', choices: [{ index: 0, delta, finish_reason: finishReason }] });
const usageChunk = (usage: Record<string, unknown>) => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024-07-18', choices: [], usage });
const streamContext = { provider: 'openai', providerRequestId: 'req_1', signal: undefined };

const weatherTool = { name: 'get_weather', description: 'The weather in a city.', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

describe('openai provider on the wire', () => {
  let server: MockProviderServer;
  beforeAll(async () => {
    server = await startOpenAiMockServer();
  });
  afterAll(async () => {
    await server.close();
  });
  const model = () => createOpenAiModel({ modelId: 'gpt-4o-mini', baseUrl: server.baseUrl, apiKey });
  const sentBody = async (request: LanguageModelRequest) => {
    await model().doGenerate(request);
    return server.requests.at(-1)?.body as OpenAiChatRequest;
  };

  it('maps system, user, assistant tool calls and tool results to Chat Completions messages', async () => {
    const body = await sentBody({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Zürich?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_7', name: 'get_weather', arguments: { city: 'Zürich' } }] },
        { role: 'tool', toolCallId: 'call_7', content: '{"sky":"sunny"}' },
      ],
      tools: [weatherTool],
    });
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Zürich?' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_7', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Zürich"}' } }] },
      { role: 'tool', tool_call_id: 'call_7', content: '{"sky":"sunny"}' },
    ]);
    expect(body.tools).toEqual([{ type: 'function', function: weatherTool }]);
    expect(body.tool_choice).toBeUndefined();
  });

  it('sends each tool choice in its wire form, and none without tools', async () => {
    const ask = { messages: [{ role: 'user' as const, content: 'x' }], tools: [weatherTool] };
    expect((await sentBody({ ...ask, toolChoice: 'auto' })).tool_choice).toBe('auto');
    expect((await sentBody({ ...ask, toolChoice: 'none' })).tool_choice).toBe('none');
    expect((await sentBody({ ...ask, toolChoice: 'required' })).tool_choice).toBe('required');
    expect((await sentBody({ ...ask, toolChoice: { name: 'get_weather' } })).tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(await sentBody({ messages: ask.messages, toolChoice: 'required' })).not.toHaveProperty('tool_choice');
  });

  it('asks for a strict json_schema response format when a response schema is set', async () => {
    const schema = { type: 'object', properties: { verdict: { type: 'string' } }, required: ['verdict'], additionalProperties: false };
    const named = await sentBody({ messages: [{ role: 'user', content: 'x' }], responseSchema: schema, responseSchemaName: 'verdict' });
    expect(named.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'verdict', schema, strict: true } });
    const unnamed = await sentBody({ messages: [{ role: 'user', content: 'x' }], responseSchema: schema });
    expect(unnamed.response_format).toMatchObject({ json_schema: { name: 'answer' } });
  });

  it('sends max_completion_tokens, sampling, stop sequences and the end user, and nothing unset', async () => {
    const body = await sentBody({ messages: [{ role: 'user', content: 'x' }], maxOutputTokens: 321, temperature: 0.2, topP: 0.9, stop: ['END'], endUserId: 'user-42' });
    expect(body).toMatchObject({ max_completion_tokens: 321, temperature: 0.2, top_p: 0.9, stop: ['END'], user: 'user-42' });
    expect(body).not.toHaveProperty('max_tokens');
    expect(body).not.toHaveProperty('stream');
    const bare = await sentBody({ messages: [{ role: 'user', content: 'x' }] });
    expect(Object.keys(bare).sort()).toEqual(['messages', 'model']);
  });

  it('asks a stream for its usage with stream_options.include_usage, and sends the key as a bearer token', async () => {
    await collectStreamParts(await model().doStream({ messages: [{ role: 'user', content: 'x' }] }));
    const request = server.requests.at(-1);
    expect(request?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it('counts cached tokens once: prompt_tokens 1200 with 1000 cached is 200 input and 1000 cache reads', async () => {
    const usage = { inputTokens: 200, outputTokens: 50, cacheReadTokens: 1000 };
    const expected = { inputTokens: 200, outputTokens: 50, cacheReadTokens: 1000, cacheWriteTokens: 0, reasoningTokens: 0 };
    server.enqueue({ kind: 'reply', text: 'Cached.', usage }, { kind: 'reply', text: 'Cached.', usage });
    expect((await model().doGenerate({ messages: [{ role: 'user', content: 'x' }] })).usage).toEqual(expected);
    expect((await collectStreamParts(await model().doStream({ messages: [{ role: 'user', content: 'x' }] }))).at(-1)).toMatchObject({ type: 'finish', usage: expected });

    // The same arithmetic on OpenAI's own bytes, not only the mock's.
    const wireUsage = { prompt_tokens: 1200, completion_tokens: 50, total_tokens: 1250, prompt_tokens_details: { cached_tokens: 1000 }, completion_tokens_details: { reasoning_tokens: 0 } };
    const response = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'Cached.' }, finish_reason: 'stop' }], usage: wireUsage };
    expect(parseOpenAiResponse(response, { provider: 'openai', providerRequestId: undefined }).usage).toEqual(expected);
    const parts = await collectStreamParts(parseOpenAiStream(eventsOf(chunk({ role: 'assistant', content: 'Cached.' }), chunk({}, 'stop'), usageChunk(wireUsage), '[DONE]'), streamContext));
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: expected });
  });

  it('reports reasoning tokens as part of the output', async () => {
    const usage = { inputTokens: 30, outputTokens: 500, reasoningTokens: 448 };
    server.enqueue({ kind: 'reply', text: 'Thought about it.', usage }, { kind: 'reply', text: 'Thought about it.', usage });
    expect((await model().doGenerate({ messages: [{ role: 'user', content: 'x' }] })).usage).toMatchObject({ outputTokens: 500, reasoningTokens: 448 });
    expect((await collectStreamParts(await model().doStream({ messages: [{ role: 'user', content: 'x' }] }))).at(-1)).toMatchObject({ usage: { outputTokens: 500, reasoningTokens: 448 } });
  });

  it('assembles tool calls whose id, name and argument pieces arrive in separate, interleaved chunks', async () => {
    const parts = await collectStreamParts(
      parseOpenAiStream(
        eventsOf(
          chunk({ role: 'assistant', content: null }),
          chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }),
          chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"zone"' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Bern"}' } }] }),
          chunk({ tool_calls: [{ index: 1, function: { arguments: ':"CET"}' } }] }),
          chunk({}, 'tool_calls'),
          usageChunk({ prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 }),
          '[DONE]',
        ),
        streamContext,
      ),
    );
    expect(parts).toEqual([
      { type: 'tool-call', toolCall: { id: 'call_a', name: 'get_weather', arguments: { city: 'Bern' } } },
      { type: 'tool-call', toolCall: { id: 'call_b', name: 'get_time', arguments: { zone: 'CET' } } },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 10, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 }, responseModelId: 'gpt-4o-mini-2024-07-18', providerRequestId: 'req_1' },
    ]);
  });

  it('rejects tool arguments that are not JSON as an invalid response', async () => {
    const response = { id: 'chatcmpl-1', model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] }, finish_reason: 'tool_calls' }] };
    expect(() => parseOpenAiResponse(response, { provider: 'openai', providerRequestId: 'req_1' })).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
    expect(() => parseOpenAiResponse({ object: 'list', data: [] }, { provider: 'openai', providerRequestId: undefined })).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
  });

  it('maps finish reasons and takes the request id from the header, else from the body', () => {
    const answer = (finishReason: string) => ({ id: 'chatcmpl-9', model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'x' }, finish_reason: finishReason }] });
    expect(parseOpenAiResponse(answer('content_filter'), { provider: 'openai', providerRequestId: 'req_7' })).toMatchObject({ finishReason: 'content-filter', providerRequestId: 'req_7' });
    expect(parseOpenAiResponse(answer('length'), { provider: 'openai', providerRequestId: undefined })).toMatchObject({ finishReason: 'length', providerRequestId: 'chatcmpl-9' });
    expect(parseOpenAiResponse(answer('eos_token'), { provider: 'openai', providerRequestId: undefined }).finishReason).toBe('other');
  });

  it('treats a stream that ends after its finish reason, without usage or [DONE], as cut', async () => {
    const stream = parseOpenAiStream(eventsOf(chunk({ content: 'Almost' }), chunk({}, 'stop')), streamContext);
    const error = await collectStreamParts(stream).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'stream_cut', retryable: true });
  });

  it('turns an error object inside the stream into a server error', async () => {
    const stream = parseOpenAiStream(eventsOf(chunk({ content: 'Hal' }), { error: { message: 'The model is overloaded', type: 'server_error', param: null, code: null } }), streamContext);
    await expect(collectStreamParts(stream)).rejects.toMatchObject({ kind: 'server_error', message: expect.stringContaining('The model is overloaded') });
  });
});

describe('the OpenAI mock server, read by the official openai client', () => {
  let server: MockProviderServer;
  let client: OpenAI;
  beforeAll(async () => {
    server = await startOpenAiMockServer({ models: ['gpt-4o-mini'] });
    client = new OpenAI({ apiKey, baseURL: server.baseUrl, maxRetries: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers chat.completions.create with a completion, usage and request id', async () => {
    server.enqueue({ kind: 'reply', text: 'Hello from the mock.', usage: { inputTokens: 200, outputTokens: 5, cacheReadTokens: 1000 } });
    const { data: completion, request_id: requestId } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    expect(completion.choices[0]?.message.content).toBe('Hello from the mock.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 1200, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 1000 } });
    expect(requestId).toMatch(/^req_/);
  });

  it('streams chunks, the usage chunk without choices when include_usage is set, and assembles tool calls', async () => {
    server.enqueue({ kind: 'reply', text: 'Streamed by the mock.', usage: { inputTokens: 12, outputTokens: 6 } });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const part of stream) chunks.push(part);
    expect(chunks.map((part) => part.choices[0]?.delta.content ?? '').join('')).toBe('Streamed by the mock.');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 } });

    server.enqueue({ kind: 'reply', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Zürich', days: 3 } }] });
    const final = await client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Weather?' }], tools: [{ type: 'function', function: weatherTool }] }).finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.choices[0]?.message.tool_calls?.[0]).toMatchObject({ id: 'call_1', function: { name: 'get_weather', arguments: '{"city":"Zürich","days":3}' } });
    expect(server.requests.at(-1)?.body).not.toHaveProperty('stream_options');
  });

  it('answers errors with OpenAI error bodies and retry headers, and lists models', async () => {
    server.enqueue({ kind: 'error', status: 429, message: 'Rate limit reached', retryAfterSeconds: 2 });
    const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests', message: expect.stringContaining('Rate limit reached') });
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after-ms')).toBe('2000');
    expect((await client.models.list()).data.map((listed) => listed.id)).toEqual(['gpt-4o-mini']);
  });
});
