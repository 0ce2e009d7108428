/** The roles of a tenant's people and programs, most powerful first. */
export const roles = ['owner', 'admin', 'developer', 'viewer'] as const;
export type Role = (typeof roles)[number];

/**
 * What a request may do. Every route names exactly one (or is public: health, sign-in); the
 * server refuses to start with a route that names none.
 */
export const permissions = {
  read: 'Read runs, workflows, approvals, artifacts, projects, budgets, policies, violations and models.',
  'runs:write': 'Create, cancel and retry runs.',
  'approvals:decide': 'Approve or reject pending approvals and answer their questions.',
  'llm:call': 'Call models through the OpenAI-compatible endpoint.',
  'policies:write': 'Create, change, test and delete policies; acknowledge and resolve violations.',
  'budgets:write': 'Create, change and delete budgets.',
  'projects:write': 'Create, rename and delete projects.',
  'keys:manage': 'Create, list and revoke API keys.',
  'users:manage': 'Invite, change and disable users.',
  'audit:read': 'Read the audit log.',
} as const;
export type Permission = keyof typeof permissions;

/**
 * The one permission table (issue 5, RBAC): viewers read; developers also run workflows, decide
 * approvals and call models; admins also govern (policies, budgets, projects, keys, users, audit);
 * owners are admins who may also manage other owners and admins.
 */
const grants: Record<Role, readonly Permission[]> = {
  viewer: ['read'],
  developer: ['read', 'runs:write', 'approvals:decide', 'llm:call'],
  admin: ['read', 'runs:write', 'approvals:decide', 'llm:call', 'policies:write', 'budgets:write', 'projects:write', 'keys:manage', 'users:manage', 'audit:read'],
  owner: ['read', 'runs:write', 'approvals:decide', 'llm:call', 'policies:write', 'budgets:write', 'projects:write', 'keys:manage', 'users:manage', 'audit:read'],
};

const grantSets = new Map<Role, ReadonlySet<Permission>>(roles.map((role) => [role, new Set(grants[role])]));

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return grantSets.get(role)?.has(permission) ?? false;
}

/** The permissions a role holds, in the table's order. */
export function permissionsOf(role: Role): readonly Permission[] {
  return grants[role];
}

/**
 * Whether someone of role `actor` may give or take away role `target` (keys, users): nobody grants
 * more than they hold, and only owners create or change owners.
 */
export function mayAssignRole(actor: Role, target: Role): boolean {
  return roles.indexOf(actor) <= roles.indexOf(target) && (target !== 'owner' || actor === 'owner');
}
