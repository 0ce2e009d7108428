import { z } from 'zod';

/**
 * The subset of OpenAI's Chat Completions request the gateway endpoint accepts. Fields it cannot
 * honour are refused by name (400) rather than silently dropped; fields that only tune sampling
 * on OpenAI's side and have no portable meaning are listed as accepted-and-ignored.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
const textPartSchema = z.strictObject({ type: z.literal('text'), text: z.string() });
const contentSchema = z.union([z.string(), z.array(textPartSchema).min(1)]);

const toolCallSchema = z.strictObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1), arguments: z.string() }),
});

export const chatMessageSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.enum(['system', 'developer']), content: contentSchema, name: z.string().optional() }),
  z.strictObject({ role: z.literal('user'), content: contentSchema, name: z.string().optional() }),
  z.strictObject({
    role: z.literal('assistant'),
    content: contentSchema.nullable().optional(),
    name: z.string().optional(),
    tool_calls: z.array(toolCallSchema).optional(),
    refusal: z.string().nullable().optional(),
  }),
  z.strictObject({ role: z.literal('tool'), content: contentSchema, tool_call_id: z.string().min(1) }),
]);

export type ChatMessage = z.infer<typeof chatMessageSchema>;

const functionToolSchema = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: z.string().regex(/^[\w-]{1,64}$/, 'a tool name is 1–64 letters, digits, "_" or "-"'),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

export const chatCompletionRequestSchema = z
  .strictObject({
    model: z.string().min(1).describe('`default` (the configured chain), `provider/model`, or a model id a provider lists in GET /v1/models.'),
    messages: z.array(chatMessageSchema).min(1),
    stream: z.boolean().nullable().optional(),
    stream_options: z.strictObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).nullable().optional(),
    max_tokens: z.number().int().min(1).nullable().optional(),
    max_completion_tokens: z.number().int().min(1).nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).nullable().optional(),
    tools: z.array(functionToolSchema).optional(),
    tool_choice: z
      .union([z.enum(['none', 'auto', 'required']), z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string().min(1) }) })])
      .optional(),
    response_format: z
      .discriminatedUnion('type', [
        z.strictObject({ type: z.literal('text') }),
        z.strictObject({
          type: z.literal('json_schema'),
          json_schema: z.strictObject({ name: z.string().min(1), description: z.string().optional(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullable().optional() }),
        }),
      ])
      .optional()
      .describe('`text` or `json_schema`; `json_object` is not portable across providers: give a schema.'),
    user: z.string().max(256).optional().describe('The end user: rate-limited per user and passed to the provider.'),
    n: z.literal(1).nullable().optional().describe('Only one choice is generated.'),
    // Accepted and ignored: they tune OpenAI-side behaviour with no portable meaning.
    parallel_tool_calls: z.boolean().optional(),
    store: z.boolean().nullable().optional(),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
    seed: z.number().int().nullable().optional(),
    frequency_penalty: z.number().nullable().optional(),
    presence_penalty: z.number().nullable().optional(),
    service_tier: z.string().nullable().optional(),
  })
  .meta({ id: 'ChatCompletionRequest' });

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

const usageSchema = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().int() }),
  completion_tokens_details: z.object({ reasoning_tokens: z.number().int() }),
});

export const chatCompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.object({ role: z.literal('assistant'), content: z.string().nullable(), refusal: z.null(), tool_calls: z.array(toolCallSchema).optional() }),
        finish_reason: z.enum(['stop', 'length', 'tool_calls', 'content_filter']),
        logprobs: z.null(),
      }),
    ),
    usage: usageSchema,
  })
  .meta({ id: 'ChatCompletion' });

export type ChatCompletion = z.infer<typeof chatCompletionSchema>;
export type ChatCompletionUsage = z.infer<typeof usageSchema>;

export const modelListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(z.object({ id: z.string(), object: z.literal('model'), created: z.number().int(), owned_by: z.string() })),
  })
  .meta({ id: 'ModelList' });
