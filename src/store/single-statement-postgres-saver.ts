import type { RunnableConfig } from '@langchain/core/runnables';
import type { ChannelVersions, Checkpoint, CheckpointMetadata, PendingWrite } from '@langchain/langgraph-checkpoint';
import { WRITES_IDX_MAP } from '@langchain/langgraph-checkpoint';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type pg from 'pg';

const toBuffer = (value: Uint8Array | undefined): Buffer | null => (value === undefined ? null : Buffer.from(value.buffer, value.byteOffset, value.byteLength));

/**
 * LangGraph's `PostgresSaver` with `put` and `putWrites` each sent as one statement instead of an
 * explicit transaction of one INSERT per channel (BEGIN, N upserts, COMMIT: about 9 round trips
 * per node; here 2). A single statement is atomic on its own, and the rows written are exactly
 * the base class's (same serialisation through its protected `_dump*` methods, same conflict
 * rules), so reads go through the unchanged base class. Measured per-node effect: see
 * bench/steps-bench.ts and the README.
 */
export class SingleStatementPostgresSaver extends PostgresSaver {
  readonly #pool: pg.Pool;
  readonly #schema: string;

  constructor(pool: pg.Pool, schema: string) {
    super(pool, undefined, { schema });
    this.#pool = pool;
    this.#schema = schema;
  }

  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, newVersions: ChannelVersions): Promise<RunnableConfig> {
    if (config.configurable === undefined) throw new Error('Missing "configurable" field in "config" param');
    const { thread_id: threadId, checkpoint_ns: checkpointNamespace = '', checkpoint_id: parentCheckpointId } = config.configurable as Record<string, string | undefined>;
    const [blobs, serializedMetadata] = await Promise.all([this._dumpBlobs(threadId as string, checkpointNamespace, checkpoint.channel_values, newVersions), this._dumpMetadata(metadata)]);
    await this.#pool.query(
      `WITH blobs AS (
         INSERT INTO "${this.#schema}".checkpoint_blobs (thread_id, checkpoint_ns, channel, version, type, blob)
         SELECT $1, $2, blob.channel, blob.version, blob.type, blob.blob
         FROM unnest($7::text[], $8::text[], $9::text[], $10::bytea[]) AS blob(channel, version, type, blob)
         ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING
       )
       INSERT INTO "${this.#schema}".checkpoints (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata`,
      [
        threadId,
        checkpointNamespace,
        checkpoint.id,
        parentCheckpointId ?? null,
        this._dumpCheckpoint(checkpoint),
        serializedMetadata,
        blobs.map((blob) => blob[2]),
        blobs.map((blob) => blob[3]),
        blobs.map((blob) => blob[4]),
        blobs.map((blob) => toBuffer(blob[5])),
      ],
    );
    return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNamespace, checkpoint_id: checkpoint.id } };
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    if (writes.length === 0) return;
    const { thread_id: threadId, checkpoint_ns: checkpointNamespace, checkpoint_id: checkpointId } = (config.configurable ?? {}) as Record<string, string>;
    const dumped = await this._dumpWrites(threadId as string, checkpointNamespace as string, checkpointId as string, taskId, writes);
    // Special channels (errors, interrupts, resumes) replace an earlier write at their fixed index;
    // ordinary writes never overwrite (the base class makes the same choice).
    const onConflict = writes.every(([channel]) => channel in WRITES_IDX_MAP)
      ? 'DO UPDATE SET channel = EXCLUDED.channel, type = EXCLUDED.type, blob = EXCLUDED.blob'
      : 'DO NOTHING';
    await this.#pool.query(
      `INSERT INTO "${this.#schema}".checkpoint_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
       SELECT $1, $2, $3, $4, write.idx, write.channel, write.type, write.blob
       FROM unnest($5::integer[], $6::text[], $7::text[], $8::bytea[]) AS write(idx, channel, type, blob)
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) ${onConflict}`,
      [threadId, checkpointNamespace, checkpointId, taskId, dumped.map((write) => write[4]), dumped.map((write) => write[5]), dumped.map((write) => write[6]), dumped.map((write) => toBuffer(write[7]))],
    );
  }
}
