import { Worker } from 'node:worker_threads';
import type { Compilable } from 'kysely';
import { nativeBinding } from '../host/native';
import { workerEntry } from './entries';
import type { CountReply, CountRequest } from './counter';
import type { Engine } from '../db/engine';

/** The thread behind one open database file (restoring a backup opens another engine). */
interface CountThread {
  engineId: number;
  worker: Worker;
  waiting: Map<number, { resolve: (n: number) => void; reject: (err: Error) => void }>;
}

let thread: CountThread | null = null;
let nextId = 1;

/** The thread went away (or never started): the count runs here instead. */
class ThreadGone extends Error {}

function threadFor(engine: Engine): CountThread | null {
  const sqlite = engine.sqlite;
  if (!sqlite || sqlite.memory) return null;
  if (thread?.engineId === engine.id) return thread;
  const entry = workerEntry('counter');
  if (!entry) return null;
  void thread?.worker.terminate();
  const worker = new Worker(entry.file, {
    workerData: { dbPath: sqlite.name, nativeBinding: nativeBinding() },
    eval: entry.eval,
  });
  worker.unref(); // an idle counting thread never keeps the process alive
  const t: CountThread = { engineId: engine.id, worker, waiting: new Map() };
  const gone = (why: string) => {
    for (const w of t.waiting.values()) w.reject(new ThreadGone(why));
    t.waiting.clear();
    if (thread === t) thread = null;
  };
  worker.on('message', (m: CountReply | { type: 'error'; message: string }) => {
    if ('type' in m) return gone(m.message); // the connection could not be opened
    const w = t.waiting.get(m.id);
    t.waiting.delete(m.id);
    if ('error' in m) w?.reject(new Error(m.error));
    else if (m.threadId === 0) w?.reject(new ThreadGone('the count ran on the main thread'));
    else w?.resolve(m.n);
  });
  worker.on('error', (err) => gone(err.message));
  worker.on('exit', () => gone('the counting thread stopped'));
  thread = t;
  return t;
}

/**
 * A grid's `count(*)`, read on the counting thread (electron/workers/counter.ts) where the
 * console's SQLite file has one, so a recount of millions of rows does not hold up the main
 * process; here otherwise: PostgreSQL (its queries never block), a database in memory, inside
 * a transaction (the thread would not see its writes), or when the thread cannot run.
 */
export async function countOf(
  owner: { engine: Engine },
  query: Compilable<{ n: number | bigint | string }> & { executeTakeFirstOrThrow(): Promise<{ n: unknown }> },
): Promise<number> {
  const here = async () => Number((await query.executeTakeFirstOrThrow()).n);
  const t = owner.engine.sqlite?.inTransaction ? null : threadFor(owner.engine);
  if (!t) return here();
  const { sql, parameters } = query.compile();
  const id = nextId++;
  try {
    return await new Promise<number>((resolve, reject) => {
      t.waiting.set(id, { resolve, reject });
      t.worker.postMessage({ id, sql, parameters } satisfies CountRequest);
    });
  } catch (err) {
    if (err instanceof ThreadGone) return here();
    throw err;
  }
}

/** Stops the counting thread of an engine whose file is about to be replaced (a restore), so nothing holds it open. */
export async function stopCountThread(engineId: number): Promise<void> {
  if (thread?.engineId !== engineId) return;
  const t = thread;
  thread = null;
  await t.worker.terminate();
}
