import { createHash } from 'node:crypto';
import type { Artifact } from '../../contracts/artifact.js';
import { appendRunEvents } from '../events/append-run-events.js';
import { createId } from '../ids/create-id.js';
import type pg from 'pg';
import { inTransaction } from '../queryable.js';
import { mapArtifactRow, type ArtifactRow } from './map-artifact-row.js';

/** A file a node wants to keep. */
export interface NewArtifact {
  runId: string;
  name: string;
  mediaType: string;
  content: Buffer;
}

/**
 * Stores an artifact: its bytes once per sha256 (identical files across runs share storage), the
 * run's reference under `name` (saving the same name again replaces it, so a re-run node is
 * idempotent), and an `artifact-created` event.
 */
export async function saveArtifact(pool: pg.Pool, artifact: NewArtifact): Promise<Artifact> {
  const contentHash = createHash('sha256').update(artifact.content).digest('hex');
  return inTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO artifact_contents (content_hash, content, size) VALUES ($1, $2, $3) ON CONFLICT (content_hash) DO NOTHING`,
      [contentHash, artifact.content, artifact.content.length],
    );
    const { rows } = await client.query<ArtifactRow>(
      `INSERT INTO artifacts (id, run_id, name, media_type, size, content_hash, storage_key)
       VALUES ($1, $2, $3, $4, $5, $6, 'postgres:' || $6)
       ON CONFLICT (run_id, name) DO UPDATE SET media_type = EXCLUDED.media_type, size = EXCLUDED.size,
         content_hash = EXCLUDED.content_hash, storage_key = EXCLUDED.storage_key
       RETURNING *`,
      [createId(), artifact.runId, artifact.name, artifact.mediaType, artifact.content.length, contentHash],
    );
    const saved = mapArtifactRow(rows[0] as ArtifactRow);
    await appendRunEvents(client, artifact.runId, [
      { type: 'artifact-created', data: { artifactId: saved.id, name: saved.name, mediaType: saved.mediaType, size: saved.size, contentHash } },
    ]);
    return saved;
  });
}
