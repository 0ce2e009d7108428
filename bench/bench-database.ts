import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabasePool, type DatabasePool } from '../src/store/create-database-pool.js';
import { startEmbeddedPostgres } from '../src/store/embedded/embedded-postgres-launcher.js';
import { migrateDatabase } from '../src/store/migrate-database.js';

/** A fresh, migrated database that exists only for one benchmark run. */
export interface BenchDatabase {
  /** URL of the fresh database (give it to child processes as DATABASE_URL). */
  connectionString: string;
  pool: DatabasePool;
  /** `SHOW server_version` of the server the figures were measured on. */
  serverVersion: string;
  /** Where the server came from, for the header. */
  source: 'DATABASE_URL' | 'embedded';
  /** `fsync` and `synchronous_commit`: every commit's cost depends on them. */
  commitSettings: string;
  /** Drops the database, stops the embedded server (if any) and removes its folder. */
  close(): Promise<void>;
}

/** Options of {@link openBenchDatabase}. */
export interface BenchDatabaseOptions {
  /** Connections in the benchmark's own pool. */
  poolSize?: number;
  applicationName?: string;
}

/**
 * Opens a fresh `agentbus_bench_<random>` database on `DATABASE_URL`'s server, or on an embedded
 * PostgreSQL started in a new temporary folder, and migrates it.
 */
export async function openBenchDatabase(options: BenchDatabaseOptions = {}): Promise<BenchDatabase> {
  const cleanups: (() => Promise<void>)[] = [];
  const runCleanups = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => process.stderr.write(`cleanup failed: ${(error as Error).message}\n`));
    }
  };
  try {
    let adminUrl = process.env.DATABASE_URL;
    const source = adminUrl ? 'DATABASE_URL' : 'embedded';
    if (!adminUrl) {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'agentbus-bench-'));
      cleanups.push(() => rm(folder, { recursive: true, force: true }));
      // As root, PostgreSQL runs as `postgres`, which must be able to enter this folder (mkdtemp makes it 0700).
      await chmod(folder, 0o755);
      const embedded = await startEmbeddedPostgres({ dataDirectory: path.join(folder, 'pg'), databaseName: 'postgres' });
      cleanups.push(() => embedded.stop());
      adminUrl = embedded.connectionString;
    }
    const databaseName = `agentbus_bench_${randomBytes(6).toString('hex')}`;
    await runAdminStatement(adminUrl, `CREATE DATABASE ${databaseName}`);
    const administration = adminUrl;
    cleanups.push(() => runAdminStatement(administration, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
    const url = new URL(adminUrl);
    url.pathname = `/${databaseName}`;
    const connectionString = url.toString();
    const pool = createDatabasePool({ connectionString, maxConnections: options.poolSize ?? 20, applicationName: options.applicationName ?? 'agentbus-bench' });
    cleanups.push(() => pool.end());
    await migrateDatabase(pool);
    const version = await pool.query<{ server_version: string }>('SHOW server_version');
    const commit = await pool.query<{ fsync: string; synchronous_commit: string }>(
      `SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit`,
    );

    // A Ctrl+C must not leave a detached embedded PostgreSQL or a bench database behind.
    const interrupted = (signal: NodeJS.Signals) => {
      process.stderr.write(`\n${signal}: cleaning up the bench database…\n`);
      void runCleanups().finally(() => process.exit(130));
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);

    return {
      connectionString,
      pool,
      serverVersion: version.rows[0]?.server_version ?? 'unknown',
      source,
      commitSettings: `fsync=${commit.rows[0]?.fsync ?? '?'} synchronous_commit=${commit.rows[0]?.synchronous_commit ?? '?'}`,
      async close() {
        process.off('SIGINT', interrupted);
        process.off('SIGTERM', interrupted);
        await runCleanups();
      },
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}

async function runAdminStatement(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'agentbus-bench-admin' });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
