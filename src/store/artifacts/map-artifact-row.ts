import type { Artifact } from '../../contracts/artifact.js';

/** An `artifacts` row. */
export interface ArtifactRow {
  id: string;
  run_id: string;
  name: string;
  media_type: string;
  size: number;
  content_hash: string;
  created_at: Date;
}

/** Maps a row to the API's `Artifact`. */
export function mapArtifactRow(row: ArtifactRow): Artifact {
  return { id: row.id, runId: row.run_id, name: row.name, mediaType: row.media_type, size: row.size, contentHash: row.content_hash, createdAt: row.created_at.toISOString() };
}
