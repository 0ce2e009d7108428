import type pg from 'pg';
import { AppError } from '../../core/app-error.js';
import { createId } from '../../store/ids/create-id.js';
import { tenantStore, type TenantRow } from '../../store/identity/tenant-store.js';
import { inTransaction } from '../../store/queryable.js';
import { createOwnerWithKey, type OwnerWithKey } from './create-owner-with-key.js';
import { hashNewPassword } from './password-hash.js';

/**
 * A new tenant with its first owner and a one-time owner key, all or nothing: what an operator
 * runs (`agentbus tenants create`) to give another organisation its own isolated Agent Bus.
 */
export async function createTenant(pool: pg.Pool, request: { name: string; ownerEmail: string; ownerPassword?: string | undefined }): Promise<{ tenant: TenantRow } & OwnerWithKey> {
  const name = request.name.trim();
  if (name.length < 1 || name.length > 100) throw new AppError('VALIDATION_FAILED', 'A tenant name has 1 to 100 characters.', { field: 'name' });
  const passwordHash = request.ownerPassword === undefined ? null : await hashNewPassword(request.ownerPassword, 'password');
  return inTransaction(pool, async (client) => {
    const tenant = await tenantStore.insert(client, { id: createId(), name });
    if (!tenant) throw new AppError('NAME_TAKEN', `A tenant named "${name}" already exists.`, { field: 'name' });
    const owner = await createOwnerWithKey(client, { tenantId: tenant.id, email: request.ownerEmail, passwordHash, keyName: 'first owner key' });
    if (!owner) throw new AppError('NAME_TAKEN', `A user with the email ${request.ownerEmail} already exists (emails are unique across tenants).`, { field: 'owner-email' });
    return { tenant, ...owner };
  });
}
