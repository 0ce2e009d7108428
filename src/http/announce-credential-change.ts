import { notificationChannels } from '../store/notification-channels.js';
import type { AppDependencies } from './app-dependencies.js';

/**
 * Tells every process that a credential changed (`key:<prefix>`, `user:<id>`): this process's
 * authenticator forgets it before the response goes out, the others when the NOTIFY arrives.
 */
export async function announceCredentialChange(dependencies: Pick<AppDependencies, 'pool' | 'authentication'>, what: string): Promise<void> {
  if (dependencies.authentication.mode === 'required') {
    await dependencies.authentication.authenticator.announceChange(what);
    return;
  }
  await dependencies.pool.query('SELECT pg_notify($1, $2)', [notificationChannels.credentialsChanged, what]);
}
