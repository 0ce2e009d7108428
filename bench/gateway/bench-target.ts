import { request } from 'undici';
import type { OpenAiChatResponse } from '../../src/gateway/providers/openai/openai-wire.js';

/** Where the load generator sends its chat completions, and how. */
export interface BenchTarget {
  name: 'direct' | 'relay' | 'fastify' | 'agentbus' | 'portkey';
  /** What the report calls it. */
  label: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** The request bodies, serialized once and sent round-robin (one per end user). */
  bodies: readonly string[];
  /** A response header with the target's own measure of its overhead, in milliseconds. */
  overheadHeader?: string;
}

/** The ports the three targets listen on. */
export interface TargetPorts {
  mock: number;
  relay: number;
  fastify: number;
  agentbus: number;
  portkey: number;
}

export const benchApiKey = 'sk-bench-0123456789abcdef';
/** Distinct end users (the OpenAI `user` field, which Agent Bus rate-limits per user). */
export const benchUsers = 64;
const prompt = 'Classify this transaction: 42.00 USD at a coffee shop.';

/** The same chat completion through each path: straight to the mock, through the bare Node and Fastify relays, through Agent Bus, through Portkey. */
export function createBenchTargets(ports: TargetPorts, agentbusKey: string): BenchTarget[] {
  const bodiesFor = (model: string) =>
    Array.from({ length: benchUsers }, (_, user) => JSON.stringify({ model, messages: [{ role: 'user', content: prompt }], max_tokens: 16, user: `bench-user-${user}` }));
  const json = { 'content-type': 'application/json' };
  const bearer = { authorization: `Bearer ${benchApiKey}` };
  return [
    { name: 'direct', label: 'direct to the mock', origin: `http://127.0.0.1:${ports.mock}`, path: '/v1/chat/completions', headers: { ...json, ...bearer }, bodies: bodiesFor('gpt-4o-mini') },
    { name: 'relay', label: 'bare Node relay', origin: `http://127.0.0.1:${ports.relay}`, path: '/v1/chat/completions', headers: { ...json, ...bearer }, bodies: bodiesFor('openai/gpt-4o-mini') },
    { name: 'fastify', label: 'bare Fastify relay', origin: `http://127.0.0.1:${ports.fastify}`, path: '/v1/chat/completions', headers: { ...json, ...bearer }, bodies: bodiesFor('openai/gpt-4o-mini') },
    {
      name: 'agentbus',
      label: 'Agent Bus',
      origin: `http://127.0.0.1:${ports.agentbus}`,
      path: '/v1/chat/completions',
      headers: { ...json, authorization: `Bearer ${agentbusKey}` },
      bodies: bodiesFor('openai/gpt-4o-mini'),
      overheadHeader: 'x-agentbus-overhead-ms',
    },
    {
      name: 'portkey',
      label: 'Portkey gateway',
      origin: `http://127.0.0.1:${ports.portkey}`,
      path: '/v1/chat/completions',
      headers: { ...json, ...bearer, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `http://127.0.0.1:${ports.mock}/v1` },
      bodies: bodiesFor('gpt-4o-mini'),
    },
  ];
}

/**
 * Sends one request through `target` and throws unless it answers 200 with a complete chat
 * completion (and, for Agent Bus, its overhead header): figures of a path that errors mean nothing.
 */
export async function verifyTarget(target: BenchTarget): Promise<void> {
  const response = await request(`${target.origin}${target.path}`, { method: 'POST', headers: target.headers, body: target.bodies[0], headersTimeout: 10_000, bodyTimeout: 10_000 });
  const text = await response.body.text();
  const fail = (problem: string): never => {
    throw new Error(`${target.label} (${target.origin}${target.path}) ${problem}: HTTP ${response.statusCode} ${text.slice(0, 500)}`);
  };
  if (response.statusCode !== 200) fail('did not answer 200');
  let completion: Partial<OpenAiChatResponse>;
  try {
    completion = JSON.parse(text) as Partial<OpenAiChatResponse>;
  } catch {
    return fail('answered a body that is not JSON');
  }
  const content = completion.choices?.[0]?.message.content;
  if (completion.object !== 'chat.completion' || typeof content !== 'string' || content === '') fail('answered something other than a chat completion');
  if (completion.usage?.total_tokens !== 22) fail('answered without the usage the mock sent');
  if (target.overheadHeader !== undefined && !Number.isFinite(Number(response.headers[target.overheadHeader]))) fail(`answered without a numeric ${target.overheadHeader} header`);
}

/**
 * Sends one streamed request (`stream_options.include_usage`) through `target` and throws unless it
 * is a 200 event stream carrying the usage chunk and ending with `data: [DONE]`. Streams are not
 * measured; this only shows that the mock and the path speak them.
 */
export async function verifyTargetStream(target: BenchTarget): Promise<void> {
  const body = JSON.stringify({ ...(JSON.parse(target.bodies[0] ?? '{}') as object), stream: true, stream_options: { include_usage: true } });
  const response = await request(`${target.origin}${target.path}`, { method: 'POST', headers: target.headers, body, headersTimeout: 10_000, bodyTimeout: 10_000 });
  const text = await response.body.text();
  const contentType = String(response.headers['content-type'] ?? '');
  if (response.statusCode !== 200 || !contentType.startsWith('text/event-stream') || !text.includes('"total_tokens":22') || !text.trimEnd().endsWith('data: [DONE]')) {
    throw new Error(`${target.label} did not stream a complete completion: HTTP ${response.statusCode} ${contentType} ${text.slice(0, 300)}`);
  }
}
