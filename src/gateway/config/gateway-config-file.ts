import { z } from 'zod';

/** `provider/model`, e.g. `openai/gpt-4o-mini`; the provider is a name from `providers` (or `builtin`). */
export const modelReferenceSchema = z
  .string()
  .regex(/^[a-z0-9][\w.-]*\/\S+$/i, 'expected provider/model, e.g. openai/gpt-4o-mini')
  .describe('A model as provider/model');

/** Models tried in order: the first serves; the next takes over when one fails with a retryable error. */
export const modelChainSchema = z.array(modelReferenceSchema).min(1);

export const providerTypes = ['openai', 'anthropic', 'openai-compatible', 'builtin'] as const;
export type ProviderType = (typeof providerTypes)[number];

const providerSchema = z.strictObject({
  /** Defaults to the provider's name when that is a type (`openai`, `anthropic`, …). */
  type: z.enum(providerTypes).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The name of the environment variable holding the key: keys stay out of files. */
  apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name').optional(),
  /** Models this provider serves, listed by GET /v1/models (any model id may still be asked for). */
  models: z.array(z.string().min(1)).default([]),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  stallTimeoutMs: z.number().int().min(100).max(600_000).optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

export type ProviderFileEntry = z.infer<typeof providerSchema>;

/**
 * The gateway's configuration file (`AGENTBUS_CONFIG`, YAML or JSON). Everything is optional: the
 * environment alone configures the usual cases. Keys never appear here, only the names of the
 * variables holding them.
 *
 * ```yaml
 * providers:
 *   openai: { models: [gpt-4o-mini] }             # key from OPENAI_API_KEY
 *   ollama: { type: openai-compatible, baseUrl: http://127.0.0.1:11434/v1, models: [llama3.1] }
 * chain: [openai/gpt-4o-mini, ollama/llama3.1]
 * workflows:
 *   mlops-architect:
 *     chain: [anthropic/claude-sonnet-4-5]
 *     agents: { critic-security: [openai/gpt-4.1] }
 * gateway: { maxRetries: 2 }
 * rateLimits: { tenantRequestsPerMinute: 600 }
 * ```
 */
export const gatewayConfigFileSchema = z.strictObject({
  providers: z.record(z.string().regex(/^[a-z0-9][\w.-]*$/i, 'expected a provider name of letters, digits, ".", "_" or "-"'), providerSchema).default({}),
  chain: modelChainSchema.optional(),
  workflows: z
    .record(
      z.string().min(1),
      z.strictObject({
        chain: modelChainSchema.optional(),
        /** Per agent (node name) of the workflow. */
        agents: z.record(z.string().min(1), modelChainSchema).default({}),
      }),
    )
    .default({}),
  gateway: z
    .strictObject({
      maxRetries: z.number().int().min(0).max(10),
      retryBaseDelayMs: z.number().int().min(1).max(60_000),
      maxRetryAfterMs: z.number().int().min(0).max(600_000),
      allowUnpricedModels: z.boolean(),
      defaultMaxOutputTokens: z.number().int().min(1).max(1_000_000),
      breakerFailureThreshold: z.number().int().min(1).max(1_000),
      breakerHalfOpenAfterMs: z.number().int().min(100).max(3_600_000),
      budgetLeaseMs: z.number().int().min(0).max(60_000),
    })
    .partial()
    .default({}),
  rateLimits: z
    .strictObject({
      tenantRequestsPerMinute: z.number().int().min(0),
      tenantTokensPerMinute: z.number().int().min(0),
      userRequestsPerMinute: z.number().int().min(0),
      userTokensPerMinute: z.number().int().min(0),
    })
    .partial()
    .default({}),
});

export type GatewayConfigFile = z.infer<typeof gatewayConfigFileSchema>;
