import { Worker } from 'node:worker_threads';
import type { AuditCheckpoint, ChainReport } from '../../shared/contract/audit';
import { IN_PROCESS, type BackupWork, type CopyAccess, type CopyCheck } from '../db/backup';
import { workerEntry } from './entries';

/** What the backup thread (backup-check.ts) is given: keys as bytes, the clock as an instant. */
export type BackupTask = { databaseKey: Uint8Array | null; nativeBinding?: string } & (
  | { kind: 'copy'; dbPath: string; target: string }
  | { kind: 'structure'; file: string }
  | {
      kind: 'chain';
      file: string;
      key: Uint8Array | null;
      checkpoint: AuditCheckpoint | 'invalid' | null;
      /** From the checkpoint's head on (the check at start), not the first event. */
      fromCheckpoint?: boolean;
    }
  | {
      kind: 'verify';
      file: string;
      key: Uint8Array | null;
      checkpoint: AuditCheckpoint | null;
      expectedRows: Record<string, number>;
      now: string;
    }
);

export type BackupTaskResult = { threadId: number } & (
  | { ok: true; rows?: Record<string, number>; check?: CopyCheck; chain?: ChainReport; problems?: string[] }
  | { ok: false; message: string }
);

/** Which thread ran the last step: tests hold the app to "never on main". */
export const lastBackupThread = { id: -1 };

function onWorker(task: BackupTask): Promise<BackupTaskResult & { ok: true }> | null {
  const entry = workerEntry('backupCheck');
  if (!entry) return null;
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry.file, { workerData: task, eval: entry.eval });
    let settled = false;
    worker.once('message', (m: BackupTaskResult) => {
      settled = true;
      lastBackupThread.id = m.threadId;
      if (m.ok) resolve(m);
      else reject(new Error(m.message));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', () => {
      if (!settled) reject(new Error('The backup thread stopped unexpectedly'));
    });
  });
}

/**
 * The backup's copy and checks on a worker thread, each step its own short-lived thread (a
 * backup is at most hourly). Where no worker can be found (the sources without
 * WALLET_OPS_TS_WORKER) the same code runs in-process, as the simulation does.
 */
export const OFF_MAIN: BackupWork = {
  async copy(dbPath, target, access) {
    const task: BackupTask = { kind: 'copy', dbPath, target, ...access };
    const running = onWorker(task);
    if (!running) return IN_PROCESS.copy(dbPath, target, access);
    return (await running).rows!;
  },
  async structure(file, access) {
    const running = onWorker({ kind: 'structure', file, ...access });
    if (!running) return IN_PROCESS.structure(file, access);
    return (await running).problems!;
  },
  async verify(file, opts) {
    const { key, checkpoint, expectedRows, now, databaseKey, nativeBinding } = opts;
    const task: BackupTask = {
      kind: 'verify',
      file,
      key,
      checkpoint,
      expectedRows,
      now: now.toISOString(),
      databaseKey,
      nativeBinding,
    };
    const running = onWorker(task);
    if (!running) return IN_PROCESS.verify(file, opts);
    return (await running).check!;
  },
};

/**
 * A walk of the live database's audit chain (the "Verify chain" button, and a long stretch at
 * start), on a read-only connection of the checks thread: a million events take seconds, and
 * chunking them on main still stalled other calls by 60–120 ms a chunk. In-process (chunked)
 * where no worker exists.
 */
export async function verifyChainOffMain(
  file: string,
  opts: { key: Buffer | null; checkpoint: AuditCheckpoint | 'invalid' | null; fromCheckpoint?: boolean } & CopyAccess,
  inProcess: () => Promise<ChainReport>,
): Promise<ChainReport> {
  const running = onWorker({ kind: 'chain', file, ...opts });
  if (!running) return inProcess();
  return (await running).chain!;
}
