import { describe, expect, it } from 'vitest';
import { parseEnvironment, serverEnvironmentSchema } from '../../cli/config/server-config.js';
import { ModelCatalog } from './model-catalog.js';
import { GatewayConfigError, resolveGatewayConfig } from './resolve-gateway-config.js';

const environment = (variables: Record<string, string>) => parseEnvironment(serverEnvironmentSchema, variables);
const fileReader = (content: string) => () => content;

describe('resolveGatewayConfig', () => {
  it('configures nothing but the built-in model without keys: agents keep their built-in engines', () => {
    const config = resolveGatewayConfig(environment({}), {});
    expect(config.chain).toEqual([]);
    expect([...config.providers.keys()]).toEqual(['builtin']);
    expect(config.rateLimits).toMatchObject({ tenantRequestsPerMinute: 100, userRequestsPerMinute: 20 });
  });

  it('builds the default chain from the keys set, OpenAI → Anthropic → OpenAI-compatible', () => {
    const config = resolveGatewayConfig(
      environment({ ANTHROPIC_API_KEY: 'sk-ant-test', OPENAI_API_KEY: 'sk-test', AGENTBUS_OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:11434/v1', AGENTBUS_OPENAI_COMPATIBLE_MODEL: 'llama3.1' }),
      {},
    );
    expect(config.chain).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'openai-compatible/llama3.1']);
  });

  it('takes AGENTBUS_MODEL_CHAIN over the file, and refuses a chain naming an unconfigured provider', () => {
    expect(resolveGatewayConfig(environment({ OPENAI_API_KEY: 'sk-test', AGENTBUS_MODEL_CHAIN: 'openai/gpt-4.1, builtin/agentbus-builtin' }), {}).chain).toEqual(['openai/gpt-4.1', 'builtin/agentbus-builtin']);
    expect(() => resolveGatewayConfig(environment({ AGENTBUS_MODEL_CHAIN: 'anthropic/claude-haiku-4-5' }), {})).toThrow(/AGENTBUS_MODEL_CHAIN: anthropic\/claude-haiku-4-5 names provider "anthropic", which is not configured/);
    expect(() => resolveGatewayConfig(environment({ AGENTBUS_MODEL_CHAIN: 'gpt-4o' }), {})).toThrow(/expected provider\/model/);
  });

  it('reads providers, per-workflow and per-agent chains, options and limits from the file, keys from the variables it names', () => {
    const file = `
providers:
  openai: { models: [gpt-4o-mini, gpt-4.1] }
  ollama: { type: openai-compatible, baseUrl: "http://127.0.0.1:11434/v1", models: [llama3.1], timeoutMs: 120000 }
  anthropic: { apiKeyEnv: TEAM_ANTHROPIC_KEY }
chain: [ollama/llama3.1, openai/gpt-4o-mini]
workflows:
  mlops-architect:
    chain: [anthropic/claude-sonnet-4-5]
    agents: { critic-security: [openai/gpt-4.1] }
gateway: { maxRetries: 4 }
rateLimits: { tenantRequestsPerMinute: 600 }
`;
    const config = resolveGatewayConfig(environment({ OPENAI_API_KEY: 'sk-test', AGENTBUS_CONFIG: 'agentbus.yaml' }), { TEAM_ANTHROPIC_KEY: 'sk-ant-team' }, fileReader(file));
    expect(config.providers.get('anthropic')).toMatchObject({ type: 'anthropic', apiKey: 'sk-ant-team' });
    expect(config.providers.get('openai')).toMatchObject({ apiKey: 'sk-test', models: ['gpt-4o-mini', 'gpt-4.1'] });
    expect(config.options).toMatchObject({ maxRetries: 4, allowUnpricedModels: false });
    expect(config.rateLimits.tenantRequestsPerMinute).toBe(600);
    const catalog = new ModelCatalog(config);
    const ids = (chain: { provider: string; modelId: string }[]) => chain.map((model) => `${model.provider}/${model.modelId}`);
    expect(ids(catalog.chainFor('mlops-architect', 'critic-security'))).toEqual(['openai/gpt-4.1']);
    expect(ids(catalog.chainFor('mlops-architect', 'planner'))).toEqual(['anthropic/claude-sonnet-4-5']);
    expect(ids(catalog.chainFor('hello-approval', 'greet'))).toEqual(['ollama/llama3.1', 'openai/gpt-4o-mini']);
    expect(catalog.model('openai/gpt-4o-mini')).toBe(catalog.model('openai/gpt-4o-mini'));
    expect(ids(catalog.resolve('gpt-4.1') ?? [])).toEqual(['openai/gpt-4.1']);
    expect(ids(catalog.resolve('default') ?? [])).toEqual(['ollama/llama3.1', 'openai/gpt-4o-mini']);
    expect(catalog.resolve('mistral-large')).toBeUndefined();
  });

  it('names the file and field of every mistake, and never echoes a key', () => {
    const resolve = (file: string, variables: Record<string, string> = {}) => () => resolveGatewayConfig(environment({ AGENTBUS_CONFIG: 'agentbus.yaml', ...variables }), {}, fileReader(file));
    expect(resolve('providers: { openai: { modles: [x] } }')).toThrow(/agentbus\.yaml is not a valid Agent Bus configuration:\n {2}providers\.openai: Unrecognized key: "modles"/);
    expect(resolve('providers: { local: { baseUrl: "http://x:1/v1" } }')).toThrow(/providers\.local\.type is missing/);
    expect(resolve('providers: { local: { type: openai-compatible } }')).toThrow(/providers\.local\.baseUrl is required/);
    expect(resolve('providers: { anthropic: { apiKeyEnv: MISSING_KEY } }')).toThrow(/apiKeyEnv names MISSING_KEY, which is not set/);
    expect(resolve('providers: { openai: {} }')).toThrow(/providers\.openai needs a key/);
    expect(resolve('workflows: { w: { agents: { a: [nobody/model] } } }')).toThrow(/workflows\.w\.agents\.a: nobody\/model names provider "nobody"/);
    expect(resolve('chain: [openai/gpt-4o-mini')).toThrow(/agentbus\.yaml: not valid YAML/);
    expect(() => resolveGatewayConfig(environment({ AGENTBUS_CONFIG: '/nonexistent/agentbus.yaml' }), {})).toThrow(/cannot read \/nonexistent\/agentbus\.yaml \(ENOENT\)/);
    expect(() => resolveGatewayConfig(environment({ AGENTBUS_OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:1/v1' }), {})).toThrow(GatewayConfigError);
    const keyed = resolve('providers: { openai: { models: 5 } }', { OPENAI_API_KEY: 'sk-secret-value-123456' });
    expect(keyed).toThrow(/providers\.openai\.models/);
    expect(keyed).not.toThrow(/sk-secret-value-123456/);
  });
});

describe('ModelCatalog', () => {
  it('prices an OpenAI or Anthropic provider by its type whatever its name; an OpenAI-compatible server is unpriced', () => {
    const file = `
providers:
  openai-eu: { type: openai, apiKeyEnv: EU_KEY, baseUrl: "https://eu.example.com/v1", models: [gpt-4o-mini] }
  ollama: { type: openai-compatible, baseUrl: "http://127.0.0.1:11434/v1", models: [llama3.1] }
`;
    const catalog = new ModelCatalog(resolveGatewayConfig(environment({ AGENTBUS_CONFIG: 'agentbus.yaml' }), { EU_KEY: 'sk-eu' }, fileReader(file)));
    expect(catalog.model('openai-eu/gpt-4o-mini')).toMatchObject({ provider: 'openai-eu', pricedAs: 'openai' });
    expect(catalog.model('ollama/llama3.1').pricedAs).toBeUndefined();
  });
});
