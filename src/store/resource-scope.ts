/**
 * What a caller may see: one tenant's rows and, for a project-scoped key, one project's. Store
 * functions that serve requests take it and filter by it; an id outside it reads as not found.
 */
export interface ResourceScope {
  tenantId: string;
  /** Null: every project of the tenant (and rows in none). */
  projectId: string | null;
}
