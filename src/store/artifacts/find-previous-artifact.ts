import type { Artifact } from '../../contracts/artifact.js';
import type { Queryable } from '../queryable.js';
import { mapArtifactRow, type ArtifactRow } from './map-artifact-row.js';

/** What {@link findPreviousArtifact} looks for. */
export interface PreviousArtifactQuery {
  /** The run asking; only runs created before it count. */
  runId: string;
  name: string;
  /** JSON the earlier run's input must contain (`input @> inputMatch`), e.g. `{ project: 'fraud' }`. */
  inputMatch: Record<string, unknown>;
}

/**
 * The newest artifact with that name from an earlier succeeded run of the same workflow (and
 * tenant) whose input contains `inputMatch`, with its bytes; null when there is none. "Earlier"
 * is by creation time, so a design's previous version is the one started before it.
 */
export async function findPreviousArtifact(database: Queryable, query: PreviousArtifactQuery): Promise<{ runId: string; artifact: Artifact; content: Buffer } | null> {
  const { rows } = await database.query<ArtifactRow & { content: Buffer }>(
    `SELECT a.*, c.content
       FROM runs current_run
       JOIN runs earlier ON earlier.workflow = current_run.workflow AND earlier.tenant_id = current_run.tenant_id
       JOIN artifacts a ON a.run_id = earlier.id
       JOIN artifact_contents c USING (content_hash)
      WHERE current_run.id = $1 AND earlier.id <> current_run.id AND earlier.status = 'succeeded'
        AND earlier.created_at < current_run.created_at AND earlier.input @> $2::jsonb AND a.name = $3
      ORDER BY earlier.created_at DESC, earlier.id DESC
      LIMIT 1`,
    [query.runId, JSON.stringify(query.inputMatch), query.name],
  );
  const row = rows[0];
  return row ? { runId: row.run_id, artifact: mapArtifactRow(row), content: row.content } : null;
}
