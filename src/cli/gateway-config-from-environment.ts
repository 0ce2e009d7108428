import { GatewayConfigError, resolveGatewayConfig, type ResolvedGatewayConfig } from '../gateway/config/resolve-gateway-config.js';
import { ConfigurationError, type ServerConfig } from './config/server-config.js';

/**
 * The LLM gateway's configuration from the process environment and its `AGENTBUS_CONFIG` file,
 * read at start so that a mistake stops the process before anything starts, with a message naming
 * the variable or the file's field (never a key's value).
 */
export function gatewayConfigFromEnvironment(config: ServerConfig): ResolvedGatewayConfig {
  try {
    return resolveGatewayConfig(config, process.env);
  } catch (error) {
    if (error instanceof GatewayConfigError) throw new ConfigurationError(`Invalid LLM gateway configuration: ${error.message}`);
    throw error;
  }
}
