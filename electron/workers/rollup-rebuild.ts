import type Database from 'better-sqlite3';
import { isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';
import { keyForFile, openSqliteFile } from '../db/encryption';
import { rebuildPendingRollups } from '../db/rollups/rebuild';
import { runInBackground } from './priority';
import type { ReaderData } from './reader-thread';

export type RollupRebuildMessage =
  { type: 'done'; zone: string | null; threadId: number } | { type: 'error'; message: string };

/**
 * The thread that rebuilds the day and hour rollups after a business-time-zone change, on its
 * own write connection (electron/db/rollups/rebuild.ts): it holds the write lock only for the
 * short swap, and builds again when the zone changed once more while it worked.
 */
if (isMainThread) throw new Error('The rollup rebuild worker was loaded on the main thread');
runInBackground();
const data = workerData as ReaderData;
let db: Database.Database | null = null;
try {
  db = openSqliteFile(data.dbPath, {
    key: keyForFile(data.dbPath),
    fileMustExist: true,
    nativeBinding: data.nativeBinding,
  });
  db.pragma('busy_timeout = 5000');
  let zone: string | null = null;
  for (let step = rebuildPendingRollups(db); step; step = rebuildPendingRollups(db)) {
    if (step.outcome === 'swapped') zone = step.zone;
  }
  parentPort!.postMessage({ type: 'done', zone, threadId } satisfies RollupRebuildMessage);
} catch (err) {
  parentPort!.postMessage({
    type: 'error',
    message: err instanceof Error ? err.message : String(err),
  } satisfies RollupRebuildMessage);
} finally {
  db?.close();
}
