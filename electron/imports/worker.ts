import { parentPort, workerData } from 'node:worker_threads';
import { installAuditMac } from '../db/audit';
import { keyForFile, openSqliteFile } from '../db/encryption';
import { applyPragmas } from '../db/open';
import { runInBackground } from '../workers/priority';
import { runContactImport, type ImportHooks, type ImportJob, type ImportProgress } from './run-import';
import { runPostgresImport, type PostgresTarget } from './run-import-postgres';

/**
 * The import worker thread: its own connection to the same database (the WAL file, or the
 * team's PostgreSQL server), so a million-row import never blocks the main process. On
 * SQLite batches take turns with main for the write lock.
 */
interface WorkerInput {
  /** The SQLite file; null in team mode. */
  dbPath: string | null;
  /** The PostgreSQL server in team mode; null on SQLite. */
  postgres: PostgresTarget | null;
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
const hooks: ImportHooks = {
  onProgress: (p) => parentPort?.postMessage({ type: 'progress', progress: p }),
  isCancelled: () => Atomics.load(flag, 0) === 1,
};
const done = (progress: ImportProgress) => parentPort?.postMessage({ type: 'done', progress });
const failed = (err: unknown) =>
  parentPort?.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });

if (input.postgres) {
  runPostgresImport(input.postgres, input.job, hooks).then(done, failed);
} else {
  const file = input.dbPath!;
  const db = openSqliteFile(file, { key: keyForFile(file), nativeBinding: input.nativeBinding });
  try {
    applyPragmas(db);
    installAuditMac(db, input.auditKey ? Buffer.from(input.auditKey) : null);
    done(runContactImport(db, input.job, hooks));
  } catch (err) {
    failed(err);
  } finally {
    db.close();
  }
}
