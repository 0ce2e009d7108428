import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Stream } from 'openai/streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveBudget } from '../../src/store/budgets/save-budget.js';
import { waitUntil } from '../../src/testing/wait-until.js';
import { anthropicKey, openAiKey, startGatewayEndpoint, tenantId, type GatewayEndpoint } from './start-gateway-endpoint.js';

/**
 * How calls through the OpenAI-compatible endpoint fail, as the official `openai` client sees it
 * over a real socket: failover, cut and aborted streams, budgets, rate limits, client mistakes, and
 * keys that never leave.
 */
describe('OpenAI-compatible endpoint failures with the official openai client', () => {
  let endpoint: GatewayEndpoint;

  beforeAll(async () => {
    endpoint = await startGatewayEndpoint({ userRequestsPerMinute: 2 });
  });
  afterAll(async () => {
    await endpoint?.close();
  });

  const ask: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Classify this transaction.' }];

  /** Reads a stream to its end or its error: the text it delivered and how it ended. */
  async function readStream(stream: Stream<ChatCompletionChunk>): Promise<{ text: string; chunks: ChatCompletionChunk[]; error: unknown }> {
    const chunks: ChatCompletionChunk[] = [];
    try {
      for await (const chunk of stream) chunks.push(chunk);
      return { text: textOf(chunks), chunks, error: undefined };
    } catch (error) {
      return { text: textOf(chunks), chunks, error };
    }
  }
  const textOf = (chunks: ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

  const post = (body: string, contentType = 'application/json') => fetch(`${endpoint.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('fails over to anthropic when openai keeps answering 500, and the ledger shows every attempt', async () => {
    endpoint.openai.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const { data, response } = await endpoint.client('failover').chat.completions.create({ model: 'default', messages: ask }).withResponse();

    expect(data.choices[0]?.message.content).toBe('You said: Classify this transaction.');
    expect(response.headers.get('x-agentbus-provider')).toBe('anthropic');
    expect(response.headers.get('x-agentbus-model')).toBe('claude-haiku-4-5');
    expect(Number(response.headers.get('x-agentbus-attempts'))).toBeGreaterThan(1);
    const rows = await endpoint.ledgerOf('failover');
    expect(rows.map((row) => [row.provider, row.status, row.is_fallback, row.previous_provider])).toEqual([
      ['openai', 'failed', false, null],
      ['openai', 'failed', false, null],
      ['openai', 'failed', false, null],
      ['anthropic', 'succeeded', true, 'openai'],
    ]);
    expect(response.headers.get('x-agentbus-attempts')).toBe(String(rows.length));
  });

  it('raises an error from the client when a stream is cut after it started, never a short success', async () => {
    endpoint.openai.enqueue({ kind: 'cut', afterParts: 3, text: 'This answer is cut off before it can finish.' });
    const stream = await endpoint.client('cut').chat.completions.create({ model: 'default', messages: ask, stream: true, stream_options: { include_usage: true } });
    const { text, chunks, error } = await readStream(stream);

    expect(text).toBe('This answer ');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false);
    expect(await endpoint.ledgerOf('cut')).toEqual([expect.objectContaining({ provider: 'openai', status: 'failed', streamed: true })]);
  });

  it('fails a stream over while nothing has reached the client', async () => {
    endpoint.openai.enqueue({ kind: 'cut', afterParts: 0 }, { kind: 'cut', afterParts: 0 }, { kind: 'cut', afterParts: 0 });
    const { data: stream, response } = await endpoint.client('cut-early').chat.completions.create({ model: 'default', messages: ask, stream: true }).withResponse();
    const { text, error } = await readStream(stream);

    expect(error).toBeUndefined();
    expect(text).toBe('You said: Classify this transaction.');
    expect(response.headers.get('x-agentbus-provider')).toBe('anthropic');
    expect(response.headers.get('x-agentbus-attempts')).toBe('4');
    const rows = await endpoint.ledgerOf('cut-early');
    expect(rows.map((row) => [row.provider, row.status, row.is_fallback])).toEqual([
      ['openai', 'failed', false],
      ['openai', 'failed', false],
      ['openai', 'failed', false],
      ['anthropic', 'succeeded', true],
    ]);
  });

  it('closes the provider connection and records an aborted call when the client aborts mid-stream', async () => {
    endpoint.openai.enqueue({ kind: 'stall', afterParts: 2, text: 'One two three four five six seven.' });
    const requestIndex = endpoint.openai.requests.length;
    const aborter = new AbortController();
    const stream = await endpoint.client('abort').chat.completions.create({ model: 'default', messages: ask, stream: true }, { signal: aborter.signal });
    const received: string[] = [];
    const ending = await (async () => {
      for await (const chunk of stream) {
        const content = chunk.choices[0]?.delta.content;
        if (content) {
          received.push(content);
          aborter.abort();
        }
      }
    })().catch((error: unknown) => error);

    // The client stops quietly or with its abort error, after at most the chunks it had already
    // buffered (the stalled provider sent two parts).
    if (ending !== undefined) expect(ending).toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(received[0]).toBe('One ');
    expect('One two '.startsWith(received.join(''))).toBe(true);
    await waitUntil(async () => (endpoint.openai.requests[requestIndex]?.closedEarly === true ? true : undefined), 10_000, 'the provider connection to close');
    expect(await endpoint.ledgerOf('abort')).toEqual([expect.objectContaining({ provider: 'openai', status: 'aborted', streamed: true })]);
  });

  it('refuses a call over the tenant budget with 402 BUDGET_EXCEEDED, which the client does not retry', async () => {
    const budgetId = await saveBudget(endpoint.database.pool, { tenantId, scope: 'tenant', scopeId: tenantId, period: 'monthly', limitMicros: 1 });
    const providerRequests = endpoint.openai.requests.length + endpoint.anthropic.requests.length;
    try {
      // The client's default retries: it would retry a 429 or 5xx, and must not retry this.
      const error = await endpoint
        .client('budget', { maxRetries: 2 })
        .chat.completions.create({ model: 'default', messages: ask })
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error).toMatchObject({ status: 402, code: 'BUDGET_EXCEEDED' });
      expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('x-should-retry')).toBe('false');
      expect(endpoint.received.filter((line) => line.endsWith(' budget'))).toEqual(['POST /v1/chat/completions budget']);
      expect(endpoint.openai.requests.length + endpoint.anthropic.requests.length).toBe(providerRequests);
    } finally {
      await endpoint.database.pool.query('DELETE FROM budgets WHERE id = $1', [budgetId]);
    }
  });

  it("answers 429 with a whole-second Retry-After once a user's request limit is reached, and still admits other users", async () => {
    const user = `user-${randomUUID()}`;
    const client = endpoint.client('rate-limit');
    await client.chat.completions.create({ model: 'default', messages: ask, user });
    await client.chat.completions.create({ model: 'default', messages: ask, user });
    const providerRequests = endpoint.openai.requests.length;
    const error = await client.chat.completions.create({ model: 'default', messages: ask, user }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = (error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after') ?? '';
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(endpoint.openai.requests.length).toBe(providerRequests);

    const other = await client.chat.completions.create({ model: 'default', messages: ask, user: `user-${randomUUID()}` });
    expect(other.choices[0]?.message.content).toBe('You said: Classify this transaction.');
  });

  it('answers an unknown model with 404 MODEL_NOT_FOUND', async () => {
    const error = await endpoint
      .client('mistakes')
      .chat.completions.create({ model: 'gpt-9-ultra', messages: ask })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'MODEL_NOT_FOUND' });
  });

  it('answers an unknown field with 400 naming it, and n other than 1 with 400', async () => {
    const client = endpoint.client('mistakes');
    const unknownField = await client.chat.completions.create({ model: 'default', messages: ask, frobnicate: true } as never).catch((caught: unknown) => caught);
    expect(unknownField).toBeInstanceOf(OpenAI.BadRequestError);
    expect(unknownField).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((unknownField as Error).message).toContain('frobnicate');

    const twoChoices = await client.chat.completions.create({ model: 'default', messages: ask, n: 2 }).catch((caught: unknown) => caught);
    expect(twoChoices).toBeInstanceOf(OpenAI.BadRequestError);
    expect(twoChoices).toMatchObject({ status: 400 });
    expect((twoChoices as Error).message).toContain('body.n');
  });

  it('answers a body that is not JSON with 400 INVALID_JSON', async () => {
    const response = await post('{"model": "default", "messages": [');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_JSON' } });
  });

  it.each([
    ['no messages', { model: 'default', messages: [] }],
    ['json_object response format', { model: 'default', messages: ask, response_format: { type: 'json_object' } }],
    ['a message role OpenAI does not have', { model: 'default', messages: [{ role: 'robot', content: 'hi' }] }],
    ['temperature out of range', { model: 'default', messages: ask, temperature: 7 }],
    ['tool arguments that are not JSON', { model: 'default', messages: [...ask, { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{not json' } }] }] }],
    ['an invalid tool name', { model: 'default', messages: ask, tools: [{ type: 'function', function: { name: 'has spaces', parameters: {} } }] }],
    ['an unknown stream option', { model: 'default', messages: ask, stream: true, stream_options: { include_usage: true, chunk_size: 3 } }],
    ['a JSON array', []],
    ['JSON null', null],
    ['no model', { messages: ask }],
  ])('answers %s with a 4xx in the error shape, never a 500', async (_case, body) => {
    const providerRequests = endpoint.openai.requests.length;
    const response = await post(JSON.stringify(body));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    expect(endpoint.openai.requests.length).toBe(providerRequests);
  });

  it('answers a body that is not JSON at all with 415', async () => {
    const response = await post('hello', 'text/plain');
    expect(response.status).toBe(415);
  });

  it('never sends a provider key back, even when the provider quotes it in its error', async () => {
    endpoint.openai.enqueue({ kind: 'error', status: 401, message: `Incorrect API key provided: ${openAiKey}.` });
    endpoint.anthropic.enqueue({ kind: 'error', status: 401, message: `invalid x-api-key ${anthropicKey}` });
    const response = await fetch(`${endpoint.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-agentbus-project': 'keys' }, body: JSON.stringify({ model: 'default', messages: ask }) });
    const headerLines: string[] = [];
    response.headers.forEach((value, name) => headerLines.push(`${name}: ${value}`));
    const body = await response.text();

    expect(response.status).toBe(502);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'UPSTREAM_UNAVAILABLE', message: expect.stringContaining('***') } });
    for (const key of [openAiKey, anthropicKey]) expect(`${headerLines.join('\n')}\n${body}`).not.toContain(key);
    const providers = await (await fetch(`${endpoint.origin}/api/v1/gateway/providers`)).text();
    for (const key of [openAiKey, anthropicKey]) expect(providers).not.toContain(key);
    const rows = await endpoint.ledgerOf('keys');
    expect(rows.map((row) => [row.provider, row.error_kind])).toEqual([
      ['openai', 'authentication'],
      ['anthropic', 'authentication'],
    ]);
    for (const row of rows) for (const key of [openAiKey, anthropicKey]) expect(row.error_message).not.toContain(key);
  });
});
