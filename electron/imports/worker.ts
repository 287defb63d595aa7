import { parentPort, workerData } from 'node:worker_threads';
import { installAuditMac } from '../db/audit';
import { keyForFile, openSqliteFile } from '../db/encryption';
import { applyPragmas } from '../db/open';
import { runInBackground } from '../workers/priority';
import { runContactImport, type ImportJob } from './run-import';

/**
 * The import worker thread: its own connection to the same WAL database, so a million-row
 * import never blocks the main process. Batches take turns with main for the write lock.
 */
interface WorkerInput {
  dbPath: string;
  nativeBinding?: string;
  /** The audit HMAC key, handed over in memory: the import's closing event is signed too. */
  auditKey: Uint8Array | null;
  job: ImportJob;
  /** Int32Array over a SharedArrayBuffer: main sets [0] = 1 to cancel. */
  cancel: SharedArrayBuffer;
}

runInBackground();
const input = workerData as WorkerInput;
const flag = new Int32Array(input.cancel);
const db = openSqliteFile(input.dbPath, { key: keyForFile(input.dbPath), nativeBinding: input.nativeBinding });
try {
  applyPragmas(db);
  installAuditMac(db, input.auditKey ? Buffer.from(input.auditKey) : null);
  const result = runContactImport(db, input.job, {
    onProgress: (p) => parentPort?.postMessage({ type: 'progress', progress: p }),
    isCancelled: () => Atomics.load(flag, 0) === 1,
  });
  parentPort?.postMessage({ type: 'done', progress: result });
} catch (err) {
  parentPort?.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
} finally {
  db.close();
}
