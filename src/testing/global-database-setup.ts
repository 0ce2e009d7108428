import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../store/embedded/embedded-postgres-launcher.js';
import { createDatabasePool } from '../store/create-database-pool.js';
import { migrateDatabase } from '../store/migrate-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string with rights to create databases. */
    databaseAdminUrl: string;
    /** A migrated database that test files copy (CREATE DATABASE … TEMPLATE). */
    templateDatabase: string;
  }
}

/**
 * Runs once per test run: uses `DATABASE_URL` when set (CI's server), otherwise starts an embedded
 * PostgreSQL in a temporary folder, as a newcomer's machine would. Migrates one template database;
 * each test file then gets its own copy (see create-test-database.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let temporaryFolder: string | undefined;
  if (!adminUrl) {
    temporaryFolder = await mkdtemp(path.join(os.tmpdir(), 'agentbus-test-'));
    // As root, PostgreSQL runs as `postgres`, which must be able to enter this folder.
    await chmod(temporaryFolder, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDirectory: path.join(temporaryFolder, 'pg'), databaseName: 'postgres' });
    adminUrl = embedded.connectionString;
    stopEmbedded = () => embedded.stop();
  }
  const templateDatabase = `agentbus_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase}`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  const templatePool = createDatabasePool({ connectionString: withDatabase(adminUrl, templateDatabase), maxConnections: 2 });
  await migrateDatabase(templatePool);
  await templatePool.end();
  project.provide('databaseAdminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);
  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`).catch(() => undefined);
    await cleanup.end();
    await stopEmbedded?.();
    if (temporaryFolder) await rm(temporaryFolder, { recursive: true, force: true });
  };
}

/** The same server URL pointing at another database. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}
