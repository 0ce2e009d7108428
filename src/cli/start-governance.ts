import type pg from 'pg';
import type { Logger } from 'pino';
import type { PostgresNotificationListener } from '../engine/notification-listener.js';
import type { Authenticator } from '../governance/identity/authenticator.js';
import { bootstrapOwner, type Bootstrap } from '../governance/identity/bootstrap-owner.js';
import { startAuthentication } from '../governance/identity/start-authentication.js';
import type { AuthenticationSetting } from '../http/plugins/register-authentication.js';
import { TenantDatabase } from '../store/tenant-database.js';
import type { ServerConfig } from './config/server-config.js';
import { saveApiKey } from './credential-store.js';
import { isLoopbackHost } from './is-loopback-host.js';
import { colours as pc } from './output/terminal-colours.js';

/** The API's governance for one `agentbus serve`: authentication, row-level-security reads, and the first owner. */
export interface ServerGovernance {
  authentication: AuthenticationSetting;
  tenantDatabase: TenantDatabase;
  /** On the first start: prints the owner's one-time key, and saves it for this machine's CLI when the server is local. */
  announceFirstOwner(url: string, logger: Logger): Promise<void>;
  close(): Promise<void>;
}

export async function startGovernance(config: ServerConfig, pool: pg.Pool, listener: PostgresNotificationListener): Promise<ServerGovernance> {
  const tenantDatabase = await TenantDatabase.open(pool);
  if (config.AGENTBUS_AUTH === 'off') {
    return { authentication: { mode: 'off' }, tenantDatabase, announceFirstOwner: async () => undefined, close: async () => undefined };
  }
  const authenticator: Authenticator = await startAuthentication(pool, listener);
  const bootstrap: Bootstrap = await bootstrapOwner(pool, { email: config.AGENTBUS_ADMIN_EMAIL, password: config.AGENTBUS_ADMIN_PASSWORD });
  return {
    authentication: { mode: 'required', authenticator },
    tenantDatabase,
    async announceFirstOwner(url, logger) {
      if (!bootstrap.created) return;
      logger.info({ owner: bootstrap.owner.email }, 'created the first owner');
      let saved = '';
      if (isLoopbackHost(config.AGENTBUS_HOST)) {
        const file = await saveApiKey(url, bootstrap.apiKey, process.env).catch(() => undefined);
        if (file) saved = `  saved for the CLI on this machine in ${file}\n`;
      }
      // stderr, not the log: the key must not end up in a log pipeline.
      process.stderr.write(
        `\n  ${pc.bold('First start: owner')} ${bootstrap.owner.email}${config.AGENTBUS_ADMIN_PASSWORD ? ' (password from AGENTBUS_ADMIN_PASSWORD)' : ''}\n` +
          `  ${pc.bold('Owner API key')} (shown once; store it now): ${bootstrap.apiKey}\n${saved}` +
          `  Use it: ${pc.cyan('export AGENTBUS_API_KEY=<key>')} or ${pc.cyan('npx agentbus login --key <key>')}\n\n`,
      );
    },
    close: () => authenticator.close(),
  };
}
