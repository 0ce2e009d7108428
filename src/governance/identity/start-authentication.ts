import type pg from 'pg';
import { loadServerSecret } from '../../store/identity/server-secret.js';
import { Authenticator, type AuthenticatorOptions } from './authenticator.js';

type NotificationSource = Parameters<Authenticator['start']>[0];

/**
 * The authenticator of one process: its access tokens are signed with the installation's shared
 * key (so any process verifies what another issued), and it hears revocations from all of them.
 */
export async function startAuthentication(pool: pg.Pool, notifications: NotificationSource, options: Partial<AuthenticatorOptions> = {}): Promise<Authenticator> {
  const signingKey = await loadServerSecret(pool, 'access-token-signing-key');
  const authenticator = new Authenticator(pool, signingKey, options);
  await authenticator.start(notifications);
  return authenticator;
}
