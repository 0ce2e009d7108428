import { createLogger } from '../../observability/create-logger.js';
import { createTenant } from '../../governance/identity/create-tenant.js';
import { tenantStore } from '../../store/identity/tenant-store.js';
import { parseEnvironment, serverEnvironmentSchema } from '../config/server-config.js';
import { openDatabase, type OpenDatabase } from '../open-database.js';
import { readStandardInput } from '../read-standard-input.js';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Operator commands run against the database itself (DATABASE_URL, or the embedded one), like `migrate`: tenants sit above any one tenant's API. */
async function withDatabase<T>(work: (database: OpenDatabase) => Promise<T>): Promise<T> {
  const config = parseEnvironment(serverEnvironmentSchema, { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' });
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: process.stderr.isTTY === true, destination: 2 });
  const database = await openDatabase(config, logger, () => undefined, 'agentbus-tenants');
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** `agentbus tenants create <name> --owner-email <email> [--owner-password-stdin] [--json]`: prints the owner's key once. */
export async function createTenantCommand(name: string, options: { ownerEmail: string; ownerPasswordStdin?: boolean; json?: boolean }): Promise<void> {
  const ownerPassword = options.ownerPasswordStdin ? await readStandardInput() : undefined;
  const created = await withDatabase((database) => createTenant(database.pool, { name, ownerEmail: options.ownerEmail, ownerPassword }));
  if (options.json) {
    print(JSON.stringify({ tenantId: created.tenant.id, name: created.tenant.name, ownerId: created.owner.id, ownerEmail: created.owner.email, apiKey: created.apiKey }, null, 2));
    return;
  }
  print(created.apiKey);
  process.stderr.write(`tenant ${created.tenant.name} (${created.tenant.id}) created with its owner ${created.owner.email}; the line above is their API key, shown once: hand it over now\n`);
}

/** `agentbus tenants list [--json]`. */
export async function listTenantsCommand(options: { json?: boolean }): Promise<void> {
  const tenants = await withDatabase((database) => tenantStore.list(database.pool));
  if (options.json) {
    print(JSON.stringify(tenants.map((tenant) => ({ id: tenant.id, name: tenant.name, users: tenant.users, runs: tenant.runs, createdAt: tenant.created_at.toISOString() })), null, 2));
    return;
  }
  for (const tenant of tenants) print(`${tenant.id}  ${tenant.name.padEnd(30)} ${String(tenant.users).padStart(4)} users ${String(tenant.runs).padStart(7)} runs`);
}
