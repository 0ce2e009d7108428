import type { Queryable } from '../../store/queryable.js';
import { createId } from '../../store/ids/create-id.js';
import { apiKeyStore } from '../../store/identity/api-key-store.js';
import { userStore, type UserRow } from '../../store/identity/user-store.js';
import { generateApiKeySecret } from './api-key-secret.js';

/** A tenant's owner and their one-time API key (the whole key exists only in this result). */
export interface OwnerWithKey {
  owner: UserRow;
  apiKey: string;
}

/**
 * Creates the owner of `tenantId` with an owner key, inside the caller's transaction. Undefined
 * when the email already belongs to someone (emails are unique across tenants).
 */
export async function createOwnerWithKey(database: Queryable, owner: { tenantId: string; email: string; passwordHash: string | null; keyName: string }): Promise<OwnerWithKey | undefined> {
  const user = await userStore.insert(database, { id: createId(), tenantId: owner.tenantId, email: owner.email, name: 'Owner', role: 'owner', passwordHash: owner.passwordHash });
  if (!user) return undefined;
  const secret = generateApiKeySecret();
  await apiKeyStore.insert(database, { id: createId(), tenantId: owner.tenantId, name: owner.keyName, prefix: secret.prefix, secretHash: secret.hash, role: 'owner', projectId: null, createdBy: `user:${user.id}`, expiresAt: null });
  return { owner: user, apiKey: secret.key };
}
