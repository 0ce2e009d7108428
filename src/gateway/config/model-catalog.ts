import type { LanguageModel } from '../language-model.js';
import { createAnthropicModel } from '../providers/anthropic/create-anthropic-model.js';
import { createBuiltinModel } from '../providers/builtin/create-builtin-model.js';
import { createOpenAiCompatibleModel } from '../providers/openai-compatible/create-openai-compatible-model.js';
import { createOpenAiModel } from '../providers/openai/create-openai-model.js';
import type { ModelChain, ResolvedGatewayConfig, ResolvedProvider } from './resolve-gateway-config.js';

/** A model the gateway serves, as GET /v1/models lists it. */
export interface CatalogEntry {
  id: string;
  ownedBy: string;
}

/**
 * The configured models: one `LanguageModel` per `provider/model` (created once, so connections and
 * breakers are shared), the chain for each workflow and agent, and what a client may name in the
 * `model` field of the OpenAI-compatible endpoint.
 */
export class ModelCatalog {
  readonly #models = new Map<string, LanguageModel>();

  constructor(private readonly config: ResolvedGatewayConfig) {}

  get providers(): ResolvedProvider[] {
    return [...this.config.providers.values()];
  }

  /** The default chain as `provider/model` references. */
  get defaultChain(): readonly string[] {
    return this.config.chain;
  }

  /** Every model named by the default chain or a workflow's or agent's chain. */
  allChainReferences(): string[] {
    const chains = [this.config.chain, ...Object.values(this.config.workflows).flatMap((overrides) => [overrides.chain ?? [], ...Object.values(overrides.agents)])];
    return [...new Set(chains.flat())];
  }

  /** Whether any provider besides the built-in one is in the default chain. */
  get configured(): boolean {
    return this.config.chain.length > 0;
  }

  /** The chain for an agent (node) of a workflow: the agent's override, the workflow's, else the default. */
  chainFor(workflow: string | undefined, agent: string | undefined): LanguageModel[] {
    const overrides = workflow === undefined ? undefined : this.config.workflows[workflow];
    const references = (agent === undefined ? undefined : overrides?.agents[agent]) ?? overrides?.chain ?? this.config.chain;
    return this.#chain(references);
  }

  /**
   * What a client's `model` names: `default` (the default chain), `provider/model` (that provider,
   * any model id it accepts), or a bare model id listed by a provider. Undefined: nothing serves it.
   */
  resolve(name: string): LanguageModel[] | undefined {
    if (name === 'default') return this.config.chain.length > 0 ? this.#chain(this.config.chain) : [this.model('builtin/agentbus-builtin')];
    const slash = name.indexOf('/');
    if (slash > 0 && this.config.providers.has(name.slice(0, slash))) return [this.model(name)];
    const owner = this.providers.find((provider) => provider.models.includes(name));
    return owner ? [this.model(`${owner.name}/${name}`)] : undefined;
  }

  /** Every model a client may name, for GET /v1/models. */
  list(): CatalogEntry[] {
    const entries: CatalogEntry[] = [{ id: 'default', ownedBy: 'agentbus' }];
    for (const provider of this.providers) for (const model of provider.models) entries.push({ id: `${provider.name}/${model}`, ownedBy: provider.name });
    return entries;
  }

  /** The model a `provider/model` reference names (the provider must be configured). */
  model(reference: string): LanguageModel {
    const existing = this.#models.get(reference);
    if (existing) return existing;
    const slash = reference.indexOf('/');
    const provider = this.config.providers.get(reference.slice(0, slash));
    if (!provider) throw new Error(`no provider for ${reference}`);
    const model = createModel(provider, reference.slice(slash + 1));
    // OpenAI and Anthropic list prices apply whatever the provider is called; other servers have none.
    const created: LanguageModel = provider.type === 'openai' || provider.type === 'anthropic' ? Object.assign(model, { pricedAs: provider.type }) : model;
    this.#models.set(reference, created);
    return created;
  }

  #chain(references: ModelChain): LanguageModel[] {
    return references.map((reference) => this.model(reference));
  }
}

function createModel(provider: ResolvedProvider, modelId: string): LanguageModel {
  const common = { provider: provider.name, modelId, timeoutMs: provider.timeoutMs, stallTimeoutMs: provider.stallTimeoutMs, headers: provider.headers };
  switch (provider.type) {
    case 'openai':
      return createOpenAiModel({ ...common, baseUrl: provider.baseUrl, apiKey: provider.apiKey });
    case 'anthropic':
      return createAnthropicModel({ ...common, baseUrl: provider.baseUrl, apiKey: provider.apiKey ?? '' });
    case 'openai-compatible':
      return createOpenAiCompatibleModel({ ...common, baseUrl: provider.baseUrl ?? '', apiKey: provider.apiKey });
    case 'builtin':
      return createBuiltinModel({ provider: provider.name, modelId });
  }
}
