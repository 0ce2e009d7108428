import type { Role } from './permissions.js';

/** Who is making a request: a person signed in, a program with an API key, or the local trusted user (authentication off). */
export interface Principal {
  kind: 'user' | 'api_key' | 'local';
  /** The user's id, the key's id, or `local`. */
  id: string;
  tenantId: string;
  role: Role;
  /** A project-scoped key acts only inside this project. */
  projectId: string | null;
  /** What logs and the audit trail show: the user's email or the key's visible prefix, never a secret. */
  label: string;
}
