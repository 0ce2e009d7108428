import { roles, type Role } from '../../core/permissions.js';
import { createApiClient } from '../api-client.js';
import { connectApiClient } from '../connect-api-client.js';
import { clientEnvironmentSchema, parseEnvironment } from '../config/server-config.js';
import { saveApiKey } from '../credential-store.js';
import { readStandardInput } from '../read-standard-input.js';
import { colours as pc } from '../output/terminal-colours.js';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function parseRole(value: string | undefined): Role | undefined {
  if (value === undefined) return undefined;
  if (!(roles as readonly string[]).includes(value)) throw new Error(`--role must be one of ${roles.join(', ')}; got "${value}".`);
  return value as Role;
}

/** `agentbus login [--key <key>]`: checks the key against AGENTBUS_URL and saves it for that server. */
export async function loginCommand(options: { key?: string }): Promise<void> {
  const { AGENTBUS_URL: url } = parseEnvironment(clientEnvironmentSchema, process.env);
  const key = options.key ?? (await readStandardInput('API key: '));
  if (key === '') throw new Error('No key given: pass --key <key> or type it when asked.');
  const principal = await createApiClient(url, key).me();
  const file = await saveApiKey(url, key, process.env);
  print(`signed in to ${url} as ${principal.label} (${principal.role}); the key is saved in ${file}`);
}

/** `agentbus whoami`. */
export async function whoamiCommand(options: { json?: boolean }): Promise<void> {
  const principal = await (await connectApiClient()).me();
  print(options.json ? JSON.stringify(principal, null, 2) : `${principal.label} (${principal.kind}, ${principal.role}) in tenant ${principal.tenantId}${principal.projectId ? `, project ${principal.projectId}` : ''}`);
}

/** `agentbus keys create <name> [--role] [--project] [--expires-in-days]`: prints the key once. */
export async function createKeyCommand(name: string, options: { role?: string; project?: string; expiresInDays?: string; json?: boolean }): Promise<void> {
  const role = parseRole(options.role);
  const created = await (await connectApiClient()).createApiKey({
    name,
    ...(role ? { role } : {}),
    ...(options.project ? { projectId: options.project } : {}),
    ...(options.expiresInDays ? { expiresInDays: Number.parseInt(options.expiresInDays, 10) } : {}),
  });
  if (options.json) return print(JSON.stringify(created, null, 2));
  print(`${pc.bold(created.key)}`);
  process.stderr.write(`key ${created.id} (${created.role}${created.projectId ? `, project ${created.projectId}` : ''}) created; the line above is shown once: store it now\n`);
}

/** `agentbus keys list [--all]`. */
export async function listKeysCommand(options: { all?: boolean; json?: boolean }): Promise<void> {
  const { items } = await (await connectApiClient()).listApiKeys(options.all === true);
  if (options.json) return print(JSON.stringify(items, null, 2));
  if (items.length === 0) return print('no keys');
  for (const key of items) {
    const state = key.revokedAt ? pc.red('revoked') : key.expiresAt && Date.parse(key.expiresAt) < Date.now() ? pc.yellow('expired') : pc.green('active');
    print(`${key.id}  ${key.prefix}…  ${key.role.padEnd(9)} ${state}  ${key.name}  ${pc.dim(`last used ${key.lastUsedAt ?? 'never'}`)}`);
  }
}

/** `agentbus keys revoke <id>`. */
export async function revokeKeyCommand(keyId: string): Promise<void> {
  const key = await (await connectApiClient()).revokeApiKey(keyId);
  print(`key ${key.prefix}… revoked; it is refused from now on`);
}

/** `agentbus users list`. */
export async function listUsersCommand(options: { json?: boolean }): Promise<void> {
  const { items } = await (await connectApiClient()).listUsers();
  if (options.json) return print(JSON.stringify(items, null, 2));
  for (const user of items) print(`${user.id}  ${user.email.padEnd(30)} ${user.role.padEnd(9)} ${user.disabled ? pc.red('disabled') : pc.green('active')}  ${user.name}`);
}

/** `agentbus users create <email> [--role] [--name] [--password-stdin]`. */
export async function createUserCommand(email: string, options: { role?: string; name?: string; passwordStdin?: boolean }): Promise<void> {
  const role = parseRole(options.role);
  const password = options.passwordStdin ? await readStandardInput('Password: ') : undefined;
  const user = await (await connectApiClient()).createUser({ email, ...(role ? { role } : {}), ...(options.name ? { name: options.name } : {}), ...(password ? { password } : {}) });
  print(`user ${user.id} (${user.email}, ${user.role}) created${user.hasPassword ? '' : '; without a password they sign in only after one is set (agentbus users update --password-stdin)'}`);
}

/** `agentbus users update <id> [--role] [--name] [--password-stdin] [--disable|--enable]`. */
export async function updateUserCommand(userId: string, options: { role?: string; name?: string; passwordStdin?: boolean; disable?: boolean; enable?: boolean }): Promise<void> {
  if (options.disable && options.enable) throw new Error('Choose one of --disable and --enable.');
  const role = parseRole(options.role);
  const password = options.passwordStdin ? await readStandardInput('New password: ') : undefined;
  const user = await (await connectApiClient()).updateUser(userId, {
    ...(role ? { role } : {}),
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(password ? { password } : {}),
    ...(options.disable ? { disabled: true } : options.enable ? { disabled: false } : {}),
  });
  print(`user ${user.email}: ${user.role}, ${user.disabled ? 'disabled' : 'active'}`);
}
