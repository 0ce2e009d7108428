import type { Artifact } from '../../contracts/artifact.js';
import { AppError } from '../../core/app-error.js';
import type { Queryable } from '../queryable.js';
import type { ResourceScope } from '../resource-scope.js';
import { mapArtifactRow, type ArtifactRow } from './map-artifact-row.js';

/** A run's artifacts by name. */
export async function listArtifacts(database: Queryable, runId: string): Promise<Artifact[]> {
  const { rows } = await database.query<ArtifactRow>('SELECT * FROM artifacts WHERE run_id = $1 ORDER BY name', [runId]);
  return rows.map(mapArtifactRow);
}

/** One artifact with its bytes, or `ARTIFACT_NOT_FOUND` (also outside `scope`). */
export async function readArtifact(database: Queryable, artifactId: string, scope: ResourceScope): Promise<{ artifact: Artifact; content: Buffer }> {
  const { rows } = await database.query<ArtifactRow & { content: Buffer }>(
    `SELECT a.*, c.content FROM artifacts a JOIN artifact_contents c USING (content_hash)
     WHERE a.id = $1 AND a.tenant_id = $2 AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM runs WHERE runs.id = a.run_id AND runs.project_id = $3))`,
    [artifactId, scope.tenantId, scope.projectId],
  );
  const row = rows[0];
  if (!row) {
    throw new AppError('ARTIFACT_NOT_FOUND', `No artifact has the id ${artifactId}.`, { artifactId });
  }
  return { artifact: mapArtifactRow(row), content: row.content };
}
