import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../testing/global-database-setup.js';
import { createDatabasePool, type DatabasePool } from './create-database-pool.js';
import { isDatabaseMigrated, loadMigrations, migrateDatabase } from './migrate-database.js';

const databaseName = `agentbus_migrate_${randomBytes(5).toString('hex')}`;
const pools: DatabasePool[] = [];

async function freshPool(): Promise<DatabasePool> {
  const pool = createDatabasePool({ connectionString: withDatabase(inject('databaseAdminUrl'), databaseName), maxConnections: 3 });
  pools.push(pool);
  return pool;
}

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  const admin = new pg.Client({ connectionString: inject('databaseAdminUrl') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.end();
});

describe('migrateDatabase', () => {
  it('applies each migration exactly once when six processes start at the same moment', async () => {
    const admin = new pg.Client({ connectionString: inject('databaseAdminUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const migrations = await loadMigrations();
    const racers = await Promise.all(Array.from({ length: 6 }, () => freshPool()));
    expect(await isDatabaseMigrated(racers[0] as DatabasePool, migrations.at(-1)?.version ?? 0)).toBe(false);

    const reports = await Promise.all(racers.map((pool) => migrateDatabase(pool)));
    expect(reports.map((report) => report.applied.length).sort()).toEqual([0, 0, 0, 0, 0, migrations.length]);
    const { rows } = await (racers[0] as DatabasePool).query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(migrations.map((migration) => migration.version));
    const checkpoints = await (racers[0] as DatabasePool).query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'langgraph' ORDER BY table_name`);
    expect(checkpoints.rows.map((row) => row.table_name)).toContain('checkpoints');
    expect(await isDatabaseMigrated(racers[0] as DatabasePool, migrations.at(-1)?.version ?? 0)).toBe(true);
  });

  it('refuses to run when an applied migration file was edited', async () => {
    const pool = await freshPool();
    await pool.query(`UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1`);
    await expect(migrateDatabase(pool)).rejects.toThrow(/was changed after it was applied/);
  });
});
