import { createApiClient, type ApiClient } from './api-client.js';
import { clientEnvironmentSchema, parseEnvironment } from './config/server-config.js';
import { readSavedApiKey } from './credential-store.js';

/** The API at AGENTBUS_URL, sending AGENTBUS_API_KEY or else the key saved for that server. */
export async function connectApiClient(environment: NodeJS.ProcessEnv = process.env): Promise<ApiClient> {
  const config = parseEnvironment(clientEnvironmentSchema, environment);
  return createApiClient(config.AGENTBUS_URL, config.AGENTBUS_API_KEY ?? (await readSavedApiKey(config.AGENTBUS_URL, environment)));
}
