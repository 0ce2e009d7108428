import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitIntoParts } from '../../src/testing/mock-providers/mock-provider-scenario.js';
import { startGatewayEndpoint, tenantId, type GatewayEndpoint } from './start-gateway-endpoint.js';

/**
 * The gateway's OpenAI-compatible endpoint driven by the official `openai` client over a real
 * socket: what it lists, answers and streams, and what reaches the provider. Failures are in
 * openai-compatible-endpoint-failures.test.ts.
 */
describe('OpenAI-compatible endpoint with the official openai client', () => {
  let endpoint: GatewayEndpoint;

  beforeAll(async () => {
    endpoint = await startGatewayEndpoint({ userRequestsPerMinute: 20 });
  });
  afterAll(async () => {
    await endpoint?.close();
  });

  const ask: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Classify this transaction.' }];

  it('lists default, every configured provider/model and the built-in model', async () => {
    const ids: string[] = [];
    for await (const model of endpoint.client('models').models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(['default', 'openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'builtin/agentbus-builtin']));
  });

  it('answers a call with the content, usage counting cached tokens in prompt_tokens, and the gateway headers', async () => {
    endpoint.openai.enqueue({ kind: 'reply', text: 'legitimate', usage: { inputTokens: 200, cacheReadTokens: 1000, outputTokens: 10 } });
    const { data: completion, response } = await endpoint.client('plain').chat.completions.create({ model: 'default', messages: ask }).withResponse();

    expect(completion.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'legitimate' });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 1200, completion_tokens: 10, total_tokens: 1210, prompt_tokens_details: { cached_tokens: 1000 } });
    expect(response.headers.get('x-agentbus-provider')).toBe('openai');
    expect(response.headers.get('x-agentbus-model')).toBe('gpt-4o-mini');
    expect(response.headers.get('x-agentbus-attempts')).toBe('1');
    const overheadMs = Number(response.headers.get('x-agentbus-overhead-ms'));
    expect(Number.isFinite(overheadMs) && overheadMs >= 0).toBe(true);

    const rows = await endpoint.ledgerOf('plain');
    expect(rows).toHaveLength(1);
    // The ledger's input excludes the cache (each token priced once); the header is the ledger's cost.
    expect(rows[0]).toMatchObject({ status: 'succeeded', provider: 'openai', input_tokens: 200, cache_read_tokens: 1000, output_tokens: 10, streamed: false });
    expect(response.headers.get('x-agentbus-cost-micros')).toBe(String(rows[0]?.cost_micros));
  });

  it('streams text deltas in order, then a finish chunk, then the usage chunk', async () => {
    const text = 'The quick brown fox jumps over the lazy dog.';
    endpoint.openai.enqueue({ kind: 'reply', text, usage: { inputTokens: 30, cacheReadTokens: 64, outputTokens: 11 } });
    const { data: stream, response } = await endpoint
      .client('stream')
      .chat.completions.create({ model: 'default', messages: ask, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-agentbus-provider')).toBe('openai');
    expect(response.headers.get('x-agentbus-attempts')).toBe('1');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const deltas = chunks.flatMap((chunk) => (chunk.choices[0]?.delta.content ? [chunk.choices[0].delta.content] : []));
    expect(deltas).toEqual(splitIntoParts(text));
    expect(deltas.join('')).toBe(text);
    const [finish, usage] = chunks.slice(-2);
    expect(finish?.choices).toEqual([expect.objectContaining({ delta: {}, finish_reason: 'stop' })]);
    expect(usage?.choices).toEqual([]);
    expect(usage?.usage).toMatchObject({ prompt_tokens: 94, completion_tokens: 11, total_tokens: 105, prompt_tokens_details: { cached_tokens: 64 } });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(await endpoint.ledgerOf('stream')).toEqual([expect.objectContaining({ status: 'succeeded', streamed: true, input_tokens: 30, cache_read_tokens: 64 })]);
  });

  const weatherTool: ChatCompletionTool = {
    type: 'function',
    function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  };

  it('returns tool calls with JSON string arguments, and takes the tool result back in OpenAI wire shape', async () => {
    endpoint.openai.enqueue({ kind: 'reply', toolCalls: [{ id: 'call_weather_1', name: 'get_weather', arguments: { city: 'Paris' } }] });
    const client = endpoint.client('tools');
    const question: ChatCompletionMessageParam = { role: 'user', content: 'Weather in Paris?' };
    const first = await client.chat.completions.create({ model: 'default', messages: [question], tools: [weatherTool], tool_choice: 'required' });

    const message = first.choices[0]?.message;
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message?.tool_calls).toEqual([{ id: 'call_weather_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
    const sent = endpoint.openai.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent).toMatchObject({ tool_choice: 'required', tools: [{ type: 'function', function: { name: 'get_weather', parameters: weatherTool.function.parameters } }] });

    endpoint.openai.enqueue({ kind: 'reply', text: 'It is sunny in Paris.' });
    // The assistant message goes back exactly as the client received it (content null, refusal null).
    const second = await client.chat.completions.create({
      model: 'default',
      messages: [question, message as ChatCompletionMessageParam, { role: 'tool', tool_call_id: 'call_weather_1', content: '{"sky":"sunny"}' }],
      tools: [weatherTool],
    });
    expect(second.choices[0]?.message.content).toBe('It is sunny in Paris.');
    const followUp = endpoint.openai.requests.at(-1)?.body as { messages: Record<string, unknown>[] };
    expect(followUp.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: expect.toSatisfy((content: unknown) => content === null || content === ''), tool_calls: [{ id: 'call_weather_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_weather_1', content: '{"sky":"sunny"}' },
    ]);
  });

  it('streams tool calls in chunks the client helper assembles into a complete message', async () => {
    endpoint.openai.enqueue({ kind: 'reply', toolCalls: [{ id: 'call_weather_2', name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const final = await endpoint
      .client('stream-tools')
      .chat.completions.stream({ model: 'default', messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [weatherTool], tool_choice: 'required' })
      .finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.choices[0]?.message.tool_calls).toEqual([expect.objectContaining({ id: 'call_weather_2', type: 'function', function: expect.objectContaining({ name: 'get_weather', arguments: '{"city":"Oslo"}' }) })]);
  });

  it('passes a json_schema response_format on to the provider', async () => {
    const schema = { type: 'object', properties: { label: { type: 'string', enum: ['fraud', 'legitimate'] } }, required: ['label'], additionalProperties: false };
    endpoint.openai.enqueue({ kind: 'reply', text: '{"label":"fraud"}' });
    const completion = await endpoint.client('schema').chat.completions.create({
      model: 'default',
      messages: ask,
      response_format: { type: 'json_schema', json_schema: { name: 'verdict', schema, strict: true } },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ label: 'fraud' });
    expect(endpoint.openai.requests.at(-1)?.body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'verdict', schema, strict: true } } });
  });

  it('attributes a call to the x-agentbus-project header and the user field in the ledger', async () => {
    await endpoint.client('p1').chat.completions.create({ model: 'default', messages: ask, user: 'u1' });
    const rows = await endpoint.ledgerOf('p1');
    expect(rows).toEqual([expect.objectContaining({ project_id: 'p1', user_id: 'u1', tenant_id: tenantId, agent: 'openai-compatible-endpoint', status: 'succeeded' })]);
    expect(endpoint.openai.requests.at(-1)?.body).toMatchObject({ user: 'u1' });
  });

  it('shows its circuit breakers and Prometheus metrics', async () => {
    await endpoint.client('observability').chat.completions.create({ model: 'default', messages: ask });
    const breakers = (await (await fetch(`${endpoint.origin}/api/v1/gateway/breakers`)).json()) as { items: { provider: string; model: string; state: string }[] };
    expect(breakers.items).toEqual(expect.arrayContaining([expect.objectContaining({ provider: 'openai', model: 'gpt-4o-mini', state: 'closed' })]));

    const metrics = await fetch(`${endpoint.origin}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    const succeeded = /^agentbus_llm_attempts_total\{provider="openai",model="gpt-4o-mini",status="succeeded"\} (\d+)$/m.exec(text);
    expect(Number(succeeded?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/^agentbus_llm_circuit_breaker_state\{provider="openai",model="gpt-4o-mini"\} 0$/m);
  });
});
