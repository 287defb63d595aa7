import { parentPort, threadId, workerData } from 'node:worker_threads';
import { verifyChain } from '../db/audit-verify';
import { copyDatabase, IN_PROCESS, openCopy, verifyCopy } from '../db/backup';
import { runInBackground } from './priority';
import type { BackupTask, BackupTaskResult } from './backup-work';

/**
 * The checks thread: one step of a backup (writing the copy, or checking one), a walk of
 * the live audit chain (the Verify chain button), or the structure check of a large live file
 * after start, on a connection of its own, so the seconds a copy and its chain check take never stall the main thread.
 * The keys arrive in memory; nothing is written but the copy.
 */
async function main() {
  runInBackground();
  const task = workerData as BackupTask;
  const post = (m: BackupTaskResult) => parentPort!.postMessage(m);
  const access = {
    databaseKey: task.databaseKey ? Buffer.from(task.databaseKey) : null,
    nativeBinding: task.nativeBinding,
  };
  try {
    if (task.kind === 'copy') {
      post({ ok: true, threadId, rows: copyDatabase(task.dbPath, task.target, access) });
    } else if (task.kind === 'structure') {
      post({ ok: true, threadId, problems: await IN_PROCESS.structure(task.file, access) });
    } else if (task.kind === 'chain') {
      const db = openCopy(task.file, access);
      try {
        const key = task.key ? Buffer.from(task.key) : null;
        const { checkpoint, fromCheckpoint } = task;
        post({ ok: true, threadId, chain: await verifyChain(db, { key, checkpoint, fromCheckpoint, chunk: 20_000 }) });
      } finally {
        db.close();
      }
    } else {
      const check = await verifyCopy(task.file, {
        ...access,
        key: task.key ? Buffer.from(task.key) : null,
        checkpoint: task.checkpoint,
        expectedRows: task.expectedRows,
        now: new Date(task.now),
      });
      post({ ok: true, threadId, check });
    }
  } catch (err) {
    post({ ok: false, threadId, message: err instanceof Error ? err.message : String(err) });
  }
}

void main();
