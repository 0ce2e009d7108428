import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { GatewayOptions } from '../create-gateway.js';
import { defaultRateLimitSettings, type RateLimitSettings } from '../rate-limit/create-rate-limit-gate.js';
import { gatewayConfigFileSchema, modelChainSchema, providerTypes, type GatewayConfigFile, type ProviderType } from './gateway-config-file.js';

/** The gateway's variables from the process environment (parsed by the CLI's schema). */
export interface GatewayEnvironment {
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  AGENTBUS_OPENAI_MODEL: string;
  ANTHROPIC_API_KEY?: string | undefined;
  ANTHROPIC_BASE_URL?: string | undefined;
  AGENTBUS_ANTHROPIC_MODEL: string;
  AGENTBUS_OPENAI_COMPATIBLE_BASE_URL?: string | undefined;
  AGENTBUS_OPENAI_COMPATIBLE_API_KEY?: string | undefined;
  AGENTBUS_OPENAI_COMPATIBLE_MODEL?: string | undefined;
  AGENTBUS_MODEL_CHAIN?: string | undefined;
  AGENTBUS_CONFIG?: string | undefined;
  AGENTBUS_ALLOW_UNPRICED_MODELS: boolean;
  AGENTBUS_RATE_LIMIT_TENANT_RPM: number;
  AGENTBUS_RATE_LIMIT_TENANT_TPM: number;
  AGENTBUS_RATE_LIMIT_USER_RPM: number;
  AGENTBUS_RATE_LIMIT_USER_TPM: number;
}

/** One provider ready to be called. */
export interface ResolvedProvider {
  name: string;
  type: ProviderType;
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  /** Models listed by GET /v1/models; the first is what the default chain uses. */
  models: string[];
  timeoutMs?: number | undefined;
  stallTimeoutMs?: number | undefined;
  headers?: Record<string, string> | undefined;
  /** Where it was configured, for `agentbus providers check` (never the key). */
  source: string;
}

/** A chain as `provider/model` references, in failover order. */
export type ModelChain = readonly string[];

export interface ResolvedGatewayConfig {
  providers: ReadonlyMap<string, ResolvedProvider>;
  /** The default chain; empty means no provider is configured (agents use their built-in engines). */
  chain: ModelChain;
  workflows: Readonly<Record<string, { chain?: ModelChain | undefined; agents: Readonly<Record<string, ModelChain>> }>>;
  options: Partial<GatewayOptions>;
  rateLimits: RateLimitSettings;
}

/** A configuration problem: the message names the file or variable and the field. */
export class GatewayConfigError extends Error {
  override name = 'GatewayConfigError';
}

const builtinProvider: ResolvedProvider = { name: 'builtin', type: 'builtin', models: ['agentbus-builtin'], source: 'always available' };

/**
 * Merges the environment and the optional configuration file into providers, chains and options.
 * A provider in the file wins over the one the environment would define under the same name; the
 * chain comes from AGENTBUS_MODEL_CHAIN, else the file, else every keyed provider in the order
 * OpenAI → Anthropic → OpenAI-compatible. `builtin` is always available but never in a default chain:
 * the agents' own built-in engines are the last resort, and answer better than a generic model.
 */
export function resolveGatewayConfig(environment: GatewayEnvironment, processEnvironment: NodeJS.ProcessEnv, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): ResolvedGatewayConfig {
  const file = environment.AGENTBUS_CONFIG ? loadFile(environment.AGENTBUS_CONFIG, readFile) : gatewayConfigFileSchema.parse({});
  const where = environment.AGENTBUS_CONFIG ?? 'environment';
  const providers = new Map<string, ResolvedProvider>([['builtin', builtinProvider]]);
  const fromEnvironment: ResolvedProvider[] = [];
  if (environment.OPENAI_API_KEY) {
    fromEnvironment.push({ name: 'openai', type: 'openai', apiKey: environment.OPENAI_API_KEY, baseUrl: environment.OPENAI_BASE_URL, models: [environment.AGENTBUS_OPENAI_MODEL], source: 'OPENAI_API_KEY' });
  }
  if (environment.ANTHROPIC_API_KEY) {
    fromEnvironment.push({ name: 'anthropic', type: 'anthropic', apiKey: environment.ANTHROPIC_API_KEY, baseUrl: environment.ANTHROPIC_BASE_URL, models: [environment.AGENTBUS_ANTHROPIC_MODEL], source: 'ANTHROPIC_API_KEY' });
  }
  if (environment.AGENTBUS_OPENAI_COMPATIBLE_BASE_URL) {
    if (!environment.AGENTBUS_OPENAI_COMPATIBLE_MODEL) {
      throw new GatewayConfigError('AGENTBUS_OPENAI_COMPATIBLE_BASE_URL is set but AGENTBUS_OPENAI_COMPATIBLE_MODEL is not: name the model the server serves (e.g. llama3.1).');
    }
    fromEnvironment.push({
      name: 'openai-compatible',
      type: 'openai-compatible',
      baseUrl: environment.AGENTBUS_OPENAI_COMPATIBLE_BASE_URL,
      apiKey: environment.AGENTBUS_OPENAI_COMPATIBLE_API_KEY,
      models: [environment.AGENTBUS_OPENAI_COMPATIBLE_MODEL],
      source: 'AGENTBUS_OPENAI_COMPATIBLE_BASE_URL',
    });
  }
  for (const provider of fromEnvironment) providers.set(provider.name, provider);
  for (const [name, entry] of Object.entries(file.providers)) {
    const type = entry.type ?? (isProviderType(name) ? name : undefined);
    if (!type) throw new GatewayConfigError(`${where}: providers.${name}.type is missing (one of openai, anthropic, openai-compatible, builtin).`);
    const apiKey = entry.apiKeyEnv ? processEnvironment[entry.apiKeyEnv] : providers.get(name)?.apiKey;
    if (entry.apiKeyEnv && !apiKey) throw new GatewayConfigError(`${where}: providers.${name}.apiKeyEnv names ${entry.apiKeyEnv}, which is not set.`);
    if ((type === 'openai' || type === 'anthropic') && !apiKey) {
      throw new GatewayConfigError(`${where}: providers.${name} needs a key: set apiKeyEnv, or ${type === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY'}.`);
    }
    if (type === 'openai-compatible' && !entry.baseUrl) throw new GatewayConfigError(`${where}: providers.${name}.baseUrl is required for an openai-compatible provider.`);
    const inherited = providers.get(name);
    providers.set(name, {
      name,
      type,
      apiKey,
      baseUrl: entry.baseUrl ?? inherited?.baseUrl,
      models: entry.models.length > 0 ? entry.models : (inherited?.models ?? []),
      timeoutMs: entry.timeoutMs,
      stallTimeoutMs: entry.stallTimeoutMs,
      headers: entry.headers,
      source: `${where} (providers.${name})`,
    });
  }
  const chain = environment.AGENTBUS_MODEL_CHAIN ? parseChainVariable(environment.AGENTBUS_MODEL_CHAIN) : (file.chain ?? defaultChain(providers));
  const check = (references: ModelChain, field: string) => {
    for (const reference of references) {
      const provider = reference.slice(0, reference.indexOf('/'));
      if (!providers.has(provider)) {
        throw new GatewayConfigError(`${field}: ${reference} names provider "${provider}", which is not configured (configured: ${[...providers.keys()].join(', ')}).`);
      }
    }
  };
  check(chain, environment.AGENTBUS_MODEL_CHAIN ? 'AGENTBUS_MODEL_CHAIN' : `${where}: chain`);
  for (const [workflow, overrides] of Object.entries(file.workflows)) {
    if (overrides.chain) check(overrides.chain, `${where}: workflows.${workflow}.chain`);
    for (const [agent, agentChain] of Object.entries(overrides.agents)) check(agentChain, `${where}: workflows.${workflow}.agents.${agent}`);
  }
  return {
    providers,
    chain,
    workflows: file.workflows,
    options: { allowUnpricedModels: environment.AGENTBUS_ALLOW_UNPRICED_MODELS, ...file.gateway },
    rateLimits: {
      ...defaultRateLimitSettings,
      tenantRequestsPerMinute: environment.AGENTBUS_RATE_LIMIT_TENANT_RPM,
      tenantTokensPerMinute: environment.AGENTBUS_RATE_LIMIT_TENANT_TPM,
      userRequestsPerMinute: environment.AGENTBUS_RATE_LIMIT_USER_RPM,
      userTokensPerMinute: environment.AGENTBUS_RATE_LIMIT_USER_TPM,
      ...file.rateLimits,
    },
  };
}

function isProviderType(name: string): name is ProviderType {
  return (providerTypes as readonly string[]).includes(name);
}

function defaultChain(providers: ReadonlyMap<string, ResolvedProvider>): string[] {
  return [...providers.values()].filter((provider) => provider.type !== 'builtin' && provider.models[0] !== undefined).map((provider) => `${provider.name}/${provider.models[0] as string}`);
}

function parseChainVariable(value: string): string[] {
  const parsed = modelChainSchema.safeParse(value.split(',').map((part) => part.trim()).filter(Boolean));
  if (!parsed.success) throw new GatewayConfigError(`AGENTBUS_MODEL_CHAIN: ${parsed.error.issues[0]?.message ?? 'invalid'} (got "${value}").`);
  return parsed.data;
}

function loadFile(path: string, readFile: (path: string) => string): GatewayConfigFile {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new GatewayConfigError(`AGENTBUS_CONFIG: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  let raw: unknown;
  try {
    raw = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new GatewayConfigError(`${path}: not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  const parsed = gatewayConfigFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new GatewayConfigError(`${path} is not a valid Agent Bus configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
