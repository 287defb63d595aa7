import { parentPort, threadId } from 'node:worker_threads';
import { enterReaderThread, openReader, type ReaderData } from './reader-thread';

export type CountRequest = { id: number; sql: string; parameters: readonly unknown[] };
export type CountReply = { id: number; n: number; threadId: number } | { id: number; error: string };

/**
 * The grids' counting thread: a long-lived read-only connection to the console's file that
 * answers `SELECT count(*) …` statements one at a time, so a total recounted after a write
 * (10M transactions, 1M customers, a contacts filter no rollup answers) waits here instead
 * of stopping the main process for 0.1–5 s. Main keeps the cache (electron/workers/count-thread.ts).
 */
const data = enterReaderThread<ReaderData>('count');
const db = openReader(data);
parentPort!.on('message', ({ id, sql, parameters }: CountRequest) => {
  let reply: CountReply;
  try {
    const n = db
      .prepare(sql)
      .pluck()
      .get(...parameters) as number | bigint | null;
    reply = { id, n: Number(n ?? 0), threadId };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
