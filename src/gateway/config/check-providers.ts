import { redactSecrets } from '../../core/redact-secrets.js';
import { isProviderError } from '../provider-error.js';
import type { ModelCatalog } from './model-catalog.js';

/** What one configured model answered to a one-line probe. */
export interface ProviderCheck {
  provider: string;
  model: string;
  ok: boolean;
  latencyMs: number;
  /** The model the provider says answered (a dated snapshot, say), when it did. */
  responseModel: string | null;
  /** The failure's kind (timeout, authentication, …) and message, keys removed. */
  error: { kind: string; message: string } | null;
}

/**
 * Sends each configured model (each provider's listed models, and every model of a chain) a tiny
 * request straight to the provider, outside budgets and the ledger, all at once: a check should
 * work when the database is down or a budget is spent, and cost next to nothing (5 output tokens).
 */
export async function checkProviders(catalog: ModelCatalog, timeoutMs: number): Promise<ProviderCheck[]> {
  const references = new Set<string>();
  for (const provider of catalog.providers) for (const model of provider.models) references.add(`${provider.name}/${model}`);
  for (const reference of catalog.allChainReferences()) references.add(reference);
  return Promise.all(
    [...references].map(async (reference): Promise<ProviderCheck> => {
      const model = catalog.model(reference);
      const started = performance.now();
      try {
        const answer = await model.doGenerate({ messages: [{ role: 'user', content: 'Reply with the word OK.' }], maxOutputTokens: 5, signal: AbortSignal.timeout(timeoutMs) });
        return { provider: model.provider, model: model.modelId, ok: true, latencyMs: performance.now() - started, responseModel: answer.responseModelId ?? null, error: null };
      } catch (error) {
        const kind = isProviderError(error) ? error.kind : error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'error';
        return { provider: model.provider, model: model.modelId, ok: false, latencyMs: performance.now() - started, responseModel: null, error: { kind, message: redactSecrets((error as Error).message) } };
      }
    }),
  );
}
