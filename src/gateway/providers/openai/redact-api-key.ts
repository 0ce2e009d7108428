import { ProviderError } from '../../provider-error.js';

/**
 * Returns the error with every occurrence of the configured key in its message replaced by `***`.
 * `redactSecrets` knows only common key shapes (`sk-…`, bearer tokens); a self-hosted server's key
 * can be any string, and providers echo it back ("Incorrect API key provided: …"). The error is
 * rebuilt rather than edited because the stack captured the original message.
 */
export function redactApiKey(error: ProviderError, apiKey: string | undefined): ProviderError {
  // An empty key would "occur" between every two characters.
  if (apiKey === undefined || apiKey === '' || !`${error.message}\n${error.stack ?? ''}`.includes(apiKey)) return error;
  const causeMessage = error.cause instanceof Error ? error.cause.message : String(error.cause);
  return new ProviderError(error.message.split(apiKey).join('***'), {
    kind: error.kind,
    provider: error.provider,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.providerRequestId === undefined ? {} : { providerRequestId: error.providerRequestId }),
    // A cause that carries the key too is dropped: whoever logs causes would print it.
    ...(error.cause === undefined || causeMessage.includes(apiKey) ? {} : { cause: error.cause }),
  });
}
