import { z } from 'zod';

const integer = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The environment `agentbus serve`, `worker` and `migrate` read, parsed once at start. A bad
 * value stops the process with a message naming the variable. docs/configuration.md and
 * .env.example are checked against this schema by a test.
 */
export const serverEnvironmentSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional().describe('External PostgreSQL; without it an embedded PostgreSQL starts in AGENTBUS_DATA_DIR.'),
  AGENTBUS_DATA_DIR: z.string().min(1).default('./.agentbus/pg').describe('Data directory of the embedded PostgreSQL.'),
  AGENTBUS_HOST: z.string().min(1).default('127.0.0.1').describe('Address the API listens on; beyond loopback only with authentication on (or --allow-insecure-remote).'),
  AGENTBUS_AUTH: z.enum(['required', 'off']).default('required').describe('required: every API call needs an API key or a session; off: every caller is the local owner (loopback only, one person on their own machine).'),
  AGENTBUS_ADMIN_EMAIL: z.email().default('admin@localhost').describe('Email of the owner created on the first start.'),
  AGENTBUS_ADMIN_PASSWORD: z.string().min(12).max(1024).optional().describe("Password of the owner created on the first start (for signing in to the web UI); without it the owner has only the one-time API key printed at that start."),
  AGENTBUS_API_RATE_LIMIT_RPM: integer(600, 0, 10_000_000).describe('API requests a minute per API key or user, in each process (0: no limit); over it: 429 with Retry-After.'),
  AGENTBUS_CORS_ORIGINS: z.string().min(1).optional().describe('Origins allowed to call the API from a browser, comma-separated (default: none, same origin only).'),
  AGENTBUS_PORT: integer(4000, 0, 65535).describe('Port the API listens on (0 picks a free one).'),
  AGENTBUS_CONCURRENCY: integer(10, 1, 1000).describe('Runs a worker process executes at once.'),
  AGENTBUS_POLL_INTERVAL_MS: integer(1000, 10, 60_000).describe('Poll floor of the run fetcher (NOTIFY wakes it sooner).'),
  AGENTBUS_LEASE_SECONDS: integer(30, 2, 3600).describe('Run lease; a run whose worker stops renewing it is requeued after this.'),
  AGENTBUS_SWEEP_INTERVAL_MS: integer(250, 50, 60_000).describe('How often each process looks for runs of dead workers.'),
  AGENTBUS_APPROVAL_TIMER_MS: integer(1000, 50, 60_000).describe('Longest sleep of the approval deadline timer.'),
  AGENTBUS_SHUTDOWN_GRACE_MS: integer(10_000, 0, 600_000).describe('On SIGTERM, how long in-flight runs may finish before being handed back.'),
  AGENTBUS_CHECKPOINT_DURABILITY: z.enum(['sync', 'async']).default('async').describe('LangGraph checkpoint durability: async overlaps each checkpoint write with the next node (a node whose checkpoint was lost replays its recorded output); sync writes it first.'),
  AGENTBUS_HEARTBEAT_MS: integer(10_000, 100, 15_000).describe('SSE heartbeat interval (at most 15 s).'),
  AGENTBUS_BODY_LIMIT_BYTES: integer(1_048_576, 1024, 100 * 1_048_576).describe('Largest accepted request body.'),
  AGENTBUS_DATABASE_POOL_SIZE: integer(20, 2, 500).describe('Connections in each process pool.'),
  OPENAI_API_KEY: z.string().min(1).optional().describe('Enables the openai provider (Chat Completions).'),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional().describe('Another endpoint for the openai provider (a proxy, Azure-style gateway); default https://api.openai.com/v1.'),
  AGENTBUS_OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini').describe('The openai model of the default chain.'),
  ANTHROPIC_API_KEY: z.string().min(1).optional().describe('Enables the anthropic provider (Messages API).'),
  ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional().describe('Another endpoint for the anthropic provider; default https://api.anthropic.com.'),
  AGENTBUS_ANTHROPIC_MODEL: z.string().min(1).default('claude-haiku-4-5').describe('The anthropic model of the default chain.'),
  AGENTBUS_OPENAI_COMPATIBLE_BASE_URL: z.url({ protocol: /^https?$/ }).optional().describe('Enables the openai-compatible provider: Ollama, vLLM, llama.cpp server, LM Studio (API root including /v1).'),
  AGENTBUS_OPENAI_COMPATIBLE_API_KEY: z.string().min(1).optional().describe('Key of the openai-compatible server, if it wants one.'),
  AGENTBUS_OPENAI_COMPATIBLE_MODEL: z.string().min(1).optional().describe('The model the openai-compatible server serves (required with its base URL).'),
  AGENTBUS_MODEL_CHAIN: z.string().min(1).optional().describe('The default failover chain as provider/model, comma-separated; default every keyed provider: openai, anthropic, openai-compatible.'),
  AGENTBUS_CONFIG: z.string().min(1).optional().describe('A YAML or JSON file with providers, chains, per-workflow and per-agent overrides, gateway options and rate limits (docs/configuration.md).'),
  AGENTBUS_ALLOW_UNPRICED_MODELS: z.stringbool().default(false).describe('Allow calls to models missing from the price table (their cost is recorded as unknown).'),
  AGENTBUS_RATE_LIMIT_TENANT_RPM: integer(100, 0, 10_000_000).describe('LLM requests a minute per tenant, across every process (0: no limit).'),
  AGENTBUS_RATE_LIMIT_TENANT_TPM: integer(0, 0, 10_000_000_000).describe('LLM tokens a minute per tenant (0: no limit).'),
  AGENTBUS_RATE_LIMIT_USER_RPM: integer(20, 0, 10_000_000).describe('LLM requests a minute per user of the OpenAI-compatible endpoint (0: no limit).'),
  AGENTBUS_RATE_LIMIT_USER_TPM: integer(0, 0, 10_000_000_000).describe('LLM tokens a minute per user (0: no limit).'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional().describe('Keep rate-limit counters in Redis instead of PostgreSQL.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Log level.'),
});

export type ServerConfig = z.infer<typeof serverEnvironmentSchema>;

/** The environment the client commands (`run`, `runs`, `approvals`) read. */
export const clientEnvironmentSchema = z.object({
  AGENTBUS_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4000').describe('Where client commands find the API.'),
  AGENTBUS_API_KEY: z.string().min(1).optional().describe('The API key client commands send; default: the one `agentbus login` (or the first `agentbus serve` on this machine) saved for AGENTBUS_URL.'),
  AGENTBUS_CONFIG_DIR: z.string().min(1).optional().describe('Where the CLI keeps saved keys (credentials.json); default $XDG_CONFIG_HOME/agentbus or ~/.config/agentbus.'),
});

export type ClientConfig = z.infer<typeof clientEnvironmentSchema>;

/** Parses an environment, or throws one message listing every bad variable and the fix. */
export function parseEnvironment<Schema extends z.ZodObject>(schema: Schema, environment: NodeJS.ProcessEnv): z.infer<Schema> {
  const cleaned = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) {
    return parsed.data;
  }
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(cleaned[String(issue.path[0])] ?? '')})`);
  throw new ConfigurationError(`Invalid configuration:\n${lines.join('\n')}\nFix the variables above (see docs/configuration.md).`);
}

/** A configuration problem found at start; the CLI prints its message and exits 1. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}
