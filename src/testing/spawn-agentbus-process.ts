import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A real `agentbus` process started from the TypeScript sources (through tsx). */
export interface AgentbusProcess {
  child: ChildProcess;
  pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal) when it ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/** Spawns `agentbus <args>` with `environment` added to (and `DATABASE_URL` taken from) the test's environment. */
export function spawnAgentbusProcess(args: string[], environment: Record<string, string | undefined>): AgentbusProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...environment };
  for (const [key, value] of Object.entries(environment)) {
    if (value === undefined) delete env[key];
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: repositoryRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Spawns `agentbus worker` processes against a database. */
export function spawnWorkers(count: number, connectionString: string, environment: Record<string, string> = {}): AgentbusProcess[] {
  return Array.from({ length: count }, () =>
    spawnAgentbusProcess(['worker'], { DATABASE_URL: connectionString, AGENTBUS_CONCURRENCY: '10', AGENTBUS_SWEEP_INTERVAL_MS: '200', AGENTBUS_POLL_INTERVAL_MS: '500', ...environment }),
  );
}
