import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabasePool, type DatabasePool } from '../store/create-database-pool.js';
import { withDatabase } from './global-database-setup.js';

/** A fresh, migrated database of one's own. */
export interface TestDatabase {
  connectionString: string;
  pool: DatabasePool;
  drop(): Promise<void>;
}

/**
 * Copies the migrated template into a new database (a few ms), so every test file starts from a
 * clean, real PostgreSQL and files can run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const adminUrl = inject('databaseAdminUrl');
  const name = `agentbus_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  } finally {
    await admin.end();
  }
  const connectionString = withDatabase(adminUrl, name);
  const pool = createDatabasePool({ connectionString, maxConnections: poolSize, applicationName: 'agentbus-test' });
  return {
    connectionString,
    pool,
    async drop() {
      await pool.end();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await cleanup.end();
    },
  };
}
