import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { chatCompletionRequestSchema, chatCompletionSchema, modelListSchema, type ChatCompletionRequest } from '../../contracts/openai-chat-completions.js';
import { AppError } from '../../core/app-error.js';
import type { AttemptReport, GatewayCallContext } from '../../gateway/gateway-call-context.js';
import type { LanguageModel, LanguageModelStreamPart } from '../../gateway/language-model.js';
import type { LlmGateway } from '../../gateway/start-llm-gateway.js';
import { createId } from '../../store/ids/create-id.js';
import { mapErrorToAppError } from '../plugins/map-error-to-app-error.js';
import { toChatCompletion, toOpenAiFinishReason, toOpenAiToolCall, toOpenAiUsage } from '../openai-compatible/to-chat-completion.js';
import { toLanguageModelRequest } from '../openai-compatible/to-language-model-request.js';

const projectHeader = 'x-agentbus-project';

interface OpenedStreamInfo {
  provider: string;
  model: string;
  attempt: number;
  /** The serving attempt's wait for the provider until its first part. */
  latencyMs: number;
}

/**
 * The OpenAI-compatible face of the gateway: any OpenAI SDK pointed at `<agentbus>/v1` gets the
 * configured providers with failover, under the tenant's budgets, rate limits and ledger.
 * Response headers tell what happened: `x-agentbus-provider`, `-model`, `-attempts`,
 * `-cost-micros` (non-streaming), `-overhead-ms` (time spent in Agent Bus rather than waiting on
 * providers). A spent budget answers 402, which SDKs do not retry.
 */
export function registerOpenAiCompatibleRoutes(app: FastifyInstance, llm: LlmGateway): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/v1/models', { config: { permission: 'read', rateLimit: false }, schema: { tags: ['llm gateway'], summary: 'Models this gateway serves', response: { 200: modelListSchema } } }, async () => ({
    object: 'list' as const,
    data: llm.catalog.list().map((entry) => ({ id: entry.id, object: 'model' as const, created: 0, owned_by: entry.ownedBy })),
  }));

  routes.post(
    '/v1/chat/completions',
    { config: { permission: 'llm:call', audit: false, rateLimit: false }, schema: { tags: ['llm gateway'], summary: 'Create a chat completion (OpenAI-compatible)', body: chatCompletionRequestSchema, response: { 200: chatCompletionSchema } } },
    async (request, reply) => {
      const body = request.body;
      const chain = llm.catalog.resolve(body.model);
      if (!chain) throw new AppError('MODEL_NOT_FOUND', `No configured provider serves "${body.model}"; GET /v1/models lists what this gateway serves.`, { field: 'body.model' });
      const attempts: AttemptReport[] = [];
      let opened: OpenedStreamInfo | undefined;
      const aborter = new AbortController();
      // The caller hanging up cancels the provider request (and releases its budget reservation).
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) aborter.abort(new Error('the client closed the connection'));
      });
      // A project-scoped key's calls are its project's; otherwise the caller may name one.
      const projectHeaderValue = request.headers[projectHeader];
      const projectId = request.principal.projectId ?? (typeof projectHeaderValue === 'string' && projectHeaderValue !== '' ? projectHeaderValue : undefined);
      const context: GatewayCallContext = {
        tenantId: request.principal.tenantId,
        projectId,
        principal: { kind: request.principal.kind, id: request.principal.id, role: request.principal.role },
        userId: body.user,
        agent: 'openai-compatible-endpoint',
        onAttempt: (attempt) => attempts.push(attempt),
        onStreamOpened: (served) => (opened = served),
      };
      const model = llm.gateway.bind(context, chain);
      const modelRequest = toLanguageModelRequest(body, aborter.signal);
      if (body.stream === true) return streamCompletion(request, reply, model, modelRequest, body, attempts, () => opened);
      const result = await model.doGenerate(modelRequest);
      const served = attempts.at(-1);
      setGatewayHeaders(reply, attempts);
      if (served) void reply.header('x-agentbus-cost-micros', served.costMicros === null ? 'unknown' : String(sumCosts(attempts)));
      // toChatCompletion builds the documented shape from typed parts: checking it again against the
      // schema on every answer was a twentieth of the endpoint's CPU (bench/gateway-bench.ts profile).
      void reply.type('application/json; charset=utf-8').serializer(JSON.stringify);
      return toChatCompletion(`chatcmpl-${createId()}`, result.responseModelId ?? served?.model ?? body.model, result);
    },
  );
}

function sumCosts(attempts: readonly AttemptReport[]): number {
  return attempts.reduce((total, attempt) => total + (attempt.costMicros ?? 0), 0);
}

/** Time spent in Agent Bus so far: the request's age less every wait on a provider (`openMs`: an open stream's). */
function overheadMs(reply: FastifyReply, attempts: readonly AttemptReport[], openMs: number): string {
  const providerMs = attempts.reduce((total, attempt) => total + attempt.latencyMs, openMs);
  return Math.max(0, reply.elapsedTime - providerMs).toFixed(3);
}

function setGatewayHeaders(reply: FastifyReply, attempts: readonly AttemptReport[]): void {
  const served = attempts.at(-1);
  void reply.header('x-agentbus-attempts', String(attempts.length));
  if (served) void reply.header('x-agentbus-provider', served.provider).header('x-agentbus-model', served.model);
  void reply.header('x-agentbus-overhead-ms', overheadMs(reply, attempts, 0));
}

/**
 * Streams as OpenAI does (`data: <chunk>` lines, then `data: [DONE]`). The stream opens only once
 * the first part arrived, so failures before it are ordinary error responses (and were failed
 * over); a failure after it is an `error` event with no `[DONE]`, which OpenAI's SDKs raise as an
 * error: a cut stream never looks like a complete answer.
 */
async function streamCompletion(
  request: FastifyRequest,
  reply: FastifyReply,
  model: LanguageModel,
  modelRequest: ReturnType<typeof toLanguageModelRequest>,
  body: ChatCompletionRequest,
  attempts: readonly AttemptReport[],
  openedStream: () => OpenedStreamInfo | undefined,
): Promise<void> {
  const stream = await model.doStream(modelRequest);
  const opened = openedStream();
  const id = `chatcmpl-${createId()}`;
  const created = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    ...(opened ? { 'x-agentbus-provider': opened.provider, 'x-agentbus-model': opened.model } : {}),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': request.id,
    'x-agentbus-attempts': String(opened?.attempt ?? attempts.length + 1),
    'x-agentbus-overhead-ms': overheadMs(reply, attempts, opened?.latencyMs ?? 0),
  };
  reply.hijack();
  reply.raw.writeHead(200, headers);
  const write = (data: unknown) => reply.raw.write(`data: ${JSON.stringify(data)}\n\n`);
  let modelName = opened?.model ?? body.model;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({ id, object: 'chat.completion.chunk', created, model: modelName, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] });
  let toolIndex = 0;
  try {
    let first = true;
    for await (const part of stream as AsyncIterable<LanguageModelStreamPart>) {
      if (first) {
        write(chunk({ role: 'assistant', content: '' }));
        first = false;
      }
      if (part.type === 'text-delta') write(chunk({ content: part.text }));
      else if (part.type === 'tool-call') write(chunk({ tool_calls: [{ index: toolIndex++, ...toOpenAiToolCall(part.toolCall) }] }));
      else {
        modelName = part.responseModelId ?? modelName;
        write(chunk({}, toOpenAiFinishReason(part.finishReason)));
        if (body.stream_options?.include_usage === true) write({ id, object: 'chat.completion.chunk', created, model: modelName, choices: [], usage: toOpenAiUsage(part.usage) });
        const last = attempts.at(-1);
        reply.raw.write(`: agentbus provider=${last?.provider ?? ''} model=${last?.model ?? ''} attempts=${attempts.length} cost_micros=${last?.costMicros === null ? 'unknown' : sumCosts(attempts)}\n\n`);
        reply.raw.write('data: [DONE]\n\n');
      }
    }
  } catch (error) {
    const appError = mapErrorToAppError(error);
    request.log.warn({ code: appError.code, message: appError.message }, 'chat completion stream failed after it started');
    if (!reply.raw.destroyed) write({ error: { message: appError.message, type: 'stream_error', code: appError.code, param: null } });
  } finally {
    reply.raw.end();
  }
}
