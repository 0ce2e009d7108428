import pg from 'pg';

// node-postgres returns bigint (int8) as strings to avoid precision loss; our bigints are token
// counts and micro-USD sums that stay far below 2^53, so numbers are the honest type.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** Options for the shared connection pool of a process. */
export interface DatabasePoolOptions {
  connectionString: string;
  /** Connections in the pool; the worker's slots, the API and LangGraph's checkpointer share them. */
  maxConnections?: number;
  applicationName?: string;
}

/** Creates the process's `pg.Pool` (LangGraph's `PostgresSaver` requires a Pool, not a client). */
export function createDatabasePool(options: DatabasePoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 20,
    application_name: options.applicationName ?? 'agentbus',
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process; the
  // next query on a fresh client reports the problem where it can be handled.
  pool.on('error', () => undefined);
  return pool;
}

export type DatabasePool = pg.Pool;
