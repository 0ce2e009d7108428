import { randomBytes } from 'node:crypto';
import type { Queryable } from '../queryable.js';

/**
 * A secret every process of the installation shares (the access-token signing key), created by
 * whichever process asks first: processes that start together agree on the first one written.
 */
export async function loadServerSecret(database: Queryable, name: string, bytes = 32): Promise<Buffer> {
  // A process that lost the race to another's uncommitted insert sees neither row in its
  // statement's snapshot; its second try sees the winner's.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const { rows } = await database.query<{ value: Buffer }>(
      `WITH created AS (INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING value)
       SELECT value FROM created UNION ALL SELECT value FROM server_secrets WHERE name = $1 LIMIT 1`,
      [name, randomBytes(bytes)],
    );
    const value = rows[0]?.value;
    if (value) return value;
  }
  throw new Error(`server secret ${name} could not be read`);
}
