import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/** How a process logs. */
export interface LoggerOptions {
  level: string;
  /** Human-readable lines (for a terminal) instead of JSON. */
  pretty: boolean;
  /** File descriptor to write to: 1 for servers (stdout), 2 for client commands (stderr). */
  destination: 1 | 2;
}

/**
 * The process logger: JSON lines with `run_id`, `step_id` and `tenant_id` where known; secrets in
 * well-known fields are censored before they are written.
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: { service: 'agentbus' },
    // We log errors under `error` (full words); give that key pino's error serializer.
    serializers: { error: pino.stdSerializers.err },
    redact: {
      paths: ['password', '*.password', 'apiKey', '*.apiKey', 'headers.authorization', 'req.headers.authorization', 'connectionString', '*.connectionString'],
      censor: '***',
    },
  };
  if (options.pretty) {
    return pino(settings, pretty({ colorize: true, destination: options.destination, ignore: 'pid,hostname,service', translateTime: 'HH:MM:ss.l' }));
  }
  return pino(settings, pino.destination({ fd: options.destination, sync: false }));
}
