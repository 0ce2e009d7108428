import type pg from 'pg';
import { inTransaction } from '../../store/queryable.js';
import { userStore, type UserRow } from '../../store/identity/user-store.js';
import { createOwnerWithKey } from './create-owner-with-key.js';
import { hashNewPassword } from './password-hash.js';

/** The tenant the first migration created: the first owner's. */
const firstTenantId = '00000000-0000-0000-0000-000000000001';
/** Serializes first starts of several processes on one database. */
const bootstrapLockKey = 7_146_001;

export type Bootstrap = { created: false } | { created: true; owner: UserRow; apiKey: string };

/**
 * On the first start of an installation (no user yet), creates the first tenant's owner with a
 * one-time API key, and the password `AGENTBUS_ADMIN_PASSWORD` when given. Later starts do
 * nothing. Safe when several processes start at once: one of them creates, the others see it.
 */
export async function bootstrapOwner(pool: pg.Pool, admin: { email: string; password: string | undefined }): Promise<Bootstrap> {
  const passwordHash = admin.password === undefined ? null : await hashNewPassword(admin.password, 'AGENTBUS_ADMIN_PASSWORD');
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [bootstrapLockKey]);
    if ((await userStore.count(client)) > 0) return { created: false };
    const created = await createOwnerWithKey(client, { tenantId: firstTenantId, email: admin.email, passwordHash, keyName: 'first owner key' });
    if (!created) throw new Error(`the first owner ${admin.email} could not be created`);
    return { created: true, ...created };
  });
}
