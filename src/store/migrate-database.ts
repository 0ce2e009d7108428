import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type pg from 'pg';
import { checkpointSchema } from './checkpoint-schema.js';

const migrationsDirectory = new URL('./migrations/', import.meta.url);

/** Advisory lock key that serialises migrations across every process sharing the database. */
const migrationLockKey = 7_420_190_001;

/** One numbered SQL file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Reads `migrations/NNNN-name.sql` in version order. */
export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(migrationsDirectory)).filter((file) => /^\d{4}-[a-z0-9-]+\.sql$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(new URL(file, migrationsDirectory), 'utf8');
      return {
        version: Number.parseInt(file.slice(0, 4), 10),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

/** What {@link migrateDatabase} did. */
export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
  /** The highest migration version on disk (what `/readyz` expects the database to have). */
  latestVersion: number;
}

/**
 * Applies pending migrations, then LangGraph's checkpoint setup, under one session advisory lock,
 * so that any number of processes starting at once apply each migration exactly once (the others
 * wait on the lock, then find nothing to do). Each migration runs in its own transaction. A changed
 * file that was already applied is an error: migrations are forward only.
 */
export async function migrateDatabase(pool: pg.Pool, onProgress: (message: string) => void = () => undefined): Promise<MigrationReport> {
  const migrations = await loadMigrations();
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations');
      const appliedByVersion = new Map(rows.map((row) => [row.version, row]));
      const applied: string[] = [];
      for (const migration of migrations) {
        const existing = appliedByVersion.get(migration.version);
        if (existing) {
          if (existing.checksum !== migration.checksum) {
            throw new Error(`Migration ${migration.name} was changed after it was applied; migrations are forward only, add a new file instead.`);
          }
          continue;
        }
        onProgress(`applying migration ${migration.name}`);
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [migration.version, migration.name, migration.checksum]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(migration.name);
      }
      // PostgresSaver.setup() takes no lock of its own; running it here, under ours, keeps
      // replicas from racing on its DDL. Imported here: it loads @langchain/core (about 0.5 s),
      // which `agentbus serve` preloads while PostgreSQL starts.
      const { PostgresSaver } = await import('@langchain/langgraph-checkpoint-postgres');
      await new PostgresSaver(pool, undefined, { schema: checkpointSchema }).setup();
      return { applied, alreadyApplied: migrations.length - applied.length, latestVersion: migrations.at(-1)?.version ?? 0 };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
    }
  } finally {
    client.release();
  }
}

/** Whether every migration file has been applied (used by `/readyz`). */
export async function isDatabaseMigrated(pool: pg.Pool, latestVersion: number): Promise<boolean> {
  const table = await pool.query<{ exists: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`);
  if (table.rows[0]?.exists !== true) {
    return false;
  }
  const { rows } = await pool.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return (rows[0]?.version ?? 0) >= latestVersion;
}
