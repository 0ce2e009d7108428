import type { Project } from '../../contracts/project.js';
import type { ProjectRow } from './project-store.js';

export function mapProjectRow(row: ProjectRow): Project {
  return { id: row.id, name: row.name, description: row.description, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}
