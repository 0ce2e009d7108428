import type { Principal } from '../core/principal.js';
import type { ResourceScope } from '../store/resource-scope.js';

/** The rows a principal may see: its tenant's, and only its project's for a project-scoped key. */
export function scopeOf(principal: Principal): ResourceScope {
  return { tenantId: principal.tenantId, projectId: principal.projectId };
}
