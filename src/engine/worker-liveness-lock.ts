import pg from 'pg';
import type { Logger } from 'pino';
import { workerLockNamespace } from '../store/runs/sweep-lost-runs.js';

/** A worker process's identity, proven alive by a session advisory lock. */
export interface WorkerLivenessLock {
  /** The worker's key; written to `runs.lease_owner_key` of every run it claims. */
  key: number;
  release(): Promise<void>;
}

/**
 * Takes a fresh worker key from `worker_key_seq` and holds `pg_advisory_lock(namespace, key)` on a
 * dedicated connection for the life of the process. When the process dies (even by `kill -9`) the
 * connection closes, the lock vanishes from `pg_locks`, and any sweeper requeues its runs. Needs a
 * direct connection (a transaction-pooling PgBouncer would drop session locks).
 */
export async function acquireWorkerLivenessLock(connectionString: string, logger: Logger): Promise<WorkerLivenessLock> {
  let released = false;
  let client = await connectAndLock(connectionString);
  const key = client.key;

  async function connectAndLock(url: string, existingKey?: number): Promise<{ connection: pg.Client; key: number }> {
    const connection = new pg.Client({ connectionString: url, application_name: 'agentbus-worker-lock' });
    await connection.connect();
    const lockKey = existingKey ?? (await connection.query<{ key: number }>(`SELECT nextval('worker_key_seq')::integer AS key`)).rows[0]?.key;
    if (lockKey === undefined) throw new Error('worker_key_seq returned nothing');
    await connection.query('SELECT pg_advisory_lock($1, $2)', [workerLockNamespace, lockKey]);
    connection.on('error', (error) => {
      // Our runs may be swept while we are away; the node wrappers notice the lost lease and stop.
      logger.error({ error: error.message, worker_key: lockKey }, 'worker liveness connection lost; re-acquiring');
      void reacquire(connection);
    });
    return { connection, key: lockKey };
  }

  async function reacquire(failed: pg.Client): Promise<void> {
    await failed.end().catch(() => undefined);
    for (let attempt = 1; !released; attempt += 1) {
      try {
        client = await connectAndLock(connectionString, key);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * 2 ** attempt)));
      }
    }
  }

  return {
    key,
    async release() {
      released = true;
      await client.connection.end().catch(() => undefined);
    },
  };
}
