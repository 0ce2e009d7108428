import { Annotation, Command, END, interrupt, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/create-test-database.js';
import { SingleStatementPostgresSaver } from './single-statement-postgres-saver.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await new PostgresSaver(database.pool, undefined, { schema: 'langgraph_reference' }).setup();
  await new PostgresSaver(database.pool, undefined, { schema: 'langgraph_single' }).setup();
});

afterAll(async () => {
  await database?.drop();
});

const State = Annotation.Root({
  trail: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
  answer: Annotation<string>(),
  bytes: Annotation<number[]>(),
});

/** The same graph on any saver: two parallel branches, an interrupt, a loop-free finish. */
function compile(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(State)
    .addNode('first', () => ({ trail: ['first'], bytes: [0, 255, 7] }))
    .addNode('left', () => ({ trail: ['left'] }))
    .addNode('right', () => ({ trail: ['right'] }))
    .addNode('ask', () => ({ answer: interrupt<{ question: string }, string>({ question: 'colour?' }) }))
    .addNode('last', (state: typeof State.State) => ({ trail: [`last:${state.answer}`] }))
    .addEdge(START, 'first')
    .addEdge('first', 'left')
    .addEdge('first', 'right')
    .addEdge(['left', 'right'], 'ask')
    .addEdge('ask', 'last')
    .addEdge('last', END)
    .compile({ checkpointer });
}

async function exercise(checkpointer: BaseCheckpointSaver, threadId: string) {
  const graph = compile(checkpointer);
  const config = { configurable: { thread_id: threadId } };
  await graph.invoke({ trail: [] }, { ...config, durability: 'sync' });
  const paused = await graph.getState(config);
  const interruptId = paused.tasks[0]?.interrupts[0]?.id as string;
  await graph.invoke(new Command({ resume: { [interruptId]: 'teal' } }), { ...config, durability: 'sync' });
  const finished = await graph.getState(config);
  const history: unknown[] = [];
  for await (const snapshot of graph.getStateHistory(config)) history.push({ values: snapshot.values, next: snapshot.next });
  return { paused: { values: paused.values, next: paused.next, interrupts: paused.tasks.map((task) => task.interrupts.map((item) => item.value)) }, finished: { values: finished.values, next: finished.next }, history };
}

async function rowCounts(schema: string, threadId: string) {
  const counts: Record<string, number> = {};
  for (const table of ['checkpoints', 'checkpoint_blobs', 'checkpoint_writes']) {
    const { rows } = await database.pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM "${schema}".${table} WHERE thread_id = $1`, [threadId]);
    counts[table] = rows[0]?.count ?? 0;
  }
  return counts;
}

describe('SingleStatementPostgresSaver', () => {
  it('stores and restores exactly what PostgresSaver does, through parallel branches, an interrupt and a resume', async () => {
    const reference = await exercise(new PostgresSaver(database.pool, undefined, { schema: 'langgraph_reference' }), 'thread-1');
    const single = await exercise(new SingleStatementPostgresSaver(database.pool, 'langgraph_single'), 'thread-1');
    expect(single).toEqual(reference);
    expect(single.finished.values).toEqual({ trail: ['first', 'left', 'right', 'last:teal'], answer: 'teal', bytes: [0, 255, 7] });
    expect(await rowCounts('langgraph_single', 'thread-1')).toEqual(await rowCounts('langgraph_reference', 'thread-1'));
  });

  it('is readable by the plain PostgresSaver (same rows, same encoding)', async () => {
    await exercise(new SingleStatementPostgresSaver(database.pool, 'langgraph_single'), 'thread-2');
    const readBack = await compile(new PostgresSaver(database.pool, undefined, { schema: 'langgraph_single' })).getState({ configurable: { thread_id: 'thread-2' } });
    expect(readBack.values).toEqual({ trail: ['first', 'left', 'right', 'last:teal'], answer: 'teal', bytes: [0, 255, 7] });
  });
});
