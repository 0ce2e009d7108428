import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/** Samples of one (wait event, statement kind) pair. */
export interface WaitShare {
  wait: string;
  kind: string;
  samples: number;
  /** Fraction of all active-backend samples. */
  share: number;
}

/** A running sampler; `stop()` ends it and returns the shares, largest first. */
export interface WaitEventSampler {
  stop(): Promise<WaitShare[]>;
}

/**
 * Every `intervalMs`, records what each active backend of the database is doing (`cpu` or its
 * wait event: `Lock:object` is the commit lock every NOTIFY takes, `IO:WalSync` the WAL flush), so
 * a benchmark can say why statements are slow, from one extra connection.
 */
export async function startWaitEventSampler(connectionString: string, classify: (sql: string) => string, intervalMs = 50): Promise<WaitEventSampler> {
  const client = new pg.Client({ connectionString, application_name: 'agentbus-bench-sampler' });
  await client.connect();
  const counts = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ wait: string; query: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'cpu') AS wait, query
         FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
           AND application_name <> 'agentbus-listener'`,
      );
      for (const row of rows) {
        const key = `${row.wait}\u0000${classify(row.query)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      const total = [...counts.values()].reduce((sum, value) => sum + value, 0);
      return [...counts.entries()]
        .map(([key, samples]) => {
          const [wait = '', kind = ''] = key.split('\u0000');
          return { wait, kind, samples, share: samples / Math.max(1, total) };
        })
        .sort((left, right) => right.samples - left.samples);
    },
  };
}
