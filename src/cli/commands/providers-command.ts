import { checkProviders } from '../../gateway/config/check-providers.js';
import { ModelCatalog } from '../../gateway/config/model-catalog.js';
import { parseEnvironment, serverEnvironmentSchema } from '../config/server-config.js';
import { gatewayConfigFromEnvironment } from '../gateway-config-from-environment.js';
import { colours as pc } from '../output/terminal-colours.js';

export interface ProvidersCheckFlags {
  json?: boolean;
  timeout?: string;
}

/**
 * `agentbus providers check`: reads the gateway configuration the way `serve` does and sends every
 * configured model a five-token request. Exit code 1 when any fails, so scripts can gate a deploy on it.
 */
export async function runProvidersCheckCommand(flags: ProvidersCheckFlags): Promise<void> {
  const config = parseEnvironment(serverEnvironmentSchema, process.env);
  const catalog = new ModelCatalog(gatewayConfigFromEnvironment(config));
  const timeoutMs = flags.timeout === undefined ? 30_000 : Number(flags.timeout) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error(`--timeout must be a positive number of seconds, got "${flags.timeout}"`);
  const checks = await checkProviders(catalog, timeoutMs);
  const failed = checks.filter((check) => !check.ok).length;
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ chain: catalog.defaultChain, checks }, null, 2)}\n`);
  } else {
    if (!catalog.configured) {
      process.stdout.write(`${pc.yellow('No provider is configured')}: agents use their built-in engines. Set OPENAI_API_KEY, ANTHROPIC_API_KEY or AGENTBUS_OPENAI_COMPATIBLE_BASE_URL (docs/configuration.md).\n`);
    } else {
      process.stdout.write(`Default chain: ${catalog.defaultChain.join(' → ')}\n`);
    }
    for (const provider of catalog.providers) {
      process.stdout.write(`\n${pc.bold(provider.name)} ${pc.dim(`(${provider.type}, ${provider.baseUrl ?? 'default endpoint'}, from ${provider.source})`)}\n`);
      for (const check of checks.filter((candidate) => candidate.provider === provider.name)) {
        const latency = `${Math.round(check.latencyMs)} ms`;
        process.stdout.write(
          check.ok
            ? `  ${pc.green('✓')} ${check.model} ${pc.dim(`${latency}${check.responseModel && check.responseModel !== check.model ? `, answered by ${check.responseModel}` : ''}`)}\n`
            : `  ${pc.red('✗')} ${check.model} ${pc.dim(latency)} ${pc.red(check.error?.kind ?? 'error')}: ${check.error?.message ?? ''}\n`,
        );
      }
    }
    process.stdout.write(`\n${checks.length - failed} of ${checks.length} models answered.\n`);
  }
  if (failed > 0) process.exitCode = 1;
}
