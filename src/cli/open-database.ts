import type { Logger } from 'pino';
import { createDatabasePool, type DatabasePool } from '../store/create-database-pool.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../store/embedded/embedded-postgres-launcher.js';
import { migrateDatabase } from '../store/migrate-database.js';
import type { ServerConfig } from './config/server-config.js';

/** A process's database: the pool, its URL, and the embedded server if we run one. */
export interface OpenDatabase {
  pool: DatabasePool;
  connectionString: string;
  embedded: EmbeddedPostgres | undefined;
  latestMigrationVersion: number;
  close(): Promise<void>;
}

/**
 * Connects to `DATABASE_URL`, or starts (or joins) the embedded PostgreSQL, then applies
 * migrations under the advisory lock. Every long step reports progress.
 */
export async function openDatabase(config: ServerConfig, logger: Logger, progress: (message: string) => void, applicationName: string): Promise<OpenDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  let connectionString = config.DATABASE_URL;
  if (connectionString === undefined) {
    embedded = await startEmbeddedPostgres({ dataDirectory: config.AGENTBUS_DATA_DIR, onProgress: progress });
    connectionString = embedded.connectionString;
  }
  const pool = createDatabasePool({ connectionString, maxConnections: config.AGENTBUS_DATABASE_POOL_SIZE, applicationName });
  let latestMigrationVersion: number;
  try {
    const report = await migrateDatabase(pool, progress);
    latestMigrationVersion = report.latestVersion;
    if (report.applied.length > 0) {
      logger.info({ applied: report.applied }, 'database migrated');
    }
  } catch (error) {
    await pool.end();
    await embedded?.stop();
    throw error;
  }
  return {
    pool,
    connectionString,
    embedded,
    latestMigrationVersion,
    async close() {
      await pool.end();
      await embedded?.stop();
    },
  };
}
