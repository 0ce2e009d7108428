import { clientEnvironmentSchema, parseEnvironment, serverEnvironmentSchema, type ServerConfig } from '../../config/server-config.js';

/** Where `agentbus design` runs its design: the server at `AGENTBUS_URL`, or one it starts in-process. */
export type DesignServer = { kind: 'remote'; url: string } | { kind: 'local'; config: ServerConfig };

/** The environment of one `agentbus design` process, parsed once at start. */
export interface DesignConfig {
  server: DesignServer;
  /** Who decides the gates, as the approvals record it. */
  person: string;
}

/**
 * Reads the environment of `agentbus design`. With `AGENTBUS_URL` set it is a client of that server
 * (the client schema); otherwise it reads the server schema, because it starts the database, the
 * engine and the API itself. Its logs default to `warn`: the command shows its own progress, and
 * `info` lines (migrations, "listening") would only interleave with it.
 */
export function loadDesignConfig(environment: NodeJS.ProcessEnv): DesignConfig {
  const person = environment.USER || environment.USERNAME || 'cli';
  if (environment.AGENTBUS_URL) {
    return { server: { kind: 'remote', url: parseEnvironment(clientEnvironmentSchema, environment).AGENTBUS_URL }, person };
  }
  const config = parseEnvironment(serverEnvironmentSchema, { ...environment, LOG_LEVEL: environment.LOG_LEVEL || 'warn' });
  return { server: { kind: 'local', config }, person };
}
