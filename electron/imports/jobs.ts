import { keyForFile, openSqliteFile } from '../db/encryption';
import { nativeBinding } from '../host/native';
import { Worker } from 'node:worker_threads';
import type { Services } from '../api/core/context';
import { installAuditMac } from '../db/audit';
import { anchorOf } from '../db/audit-anchor';
import { applyPragmas } from '../db/open';
import { workerEntry } from '../workers/entries';
import { emptyProgress, finishImport, runContactImport, type ImportJob, type ImportProgress } from './run-import';
import { finishImportIn, postgresTargetOf, runPostgresImport } from './run-import-postgres';

interface RunningImport {
  cancel: Int32Array;
  done: Promise<void>;
}

const running = new Map<number, RunningImport>();

/**
 * Runs an import off the main thread (a worker with its own connection) and reports each
 * committed batch as an event. Without a built worker (vitest, tsx scripts; see
 * workers/entries.ts) the same function runs in-process on a second connection.
 */
export function startImportJob(services: Services, job: ImportJob, onSettled: () => void): void {
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const progressed = () => services.emit('contacts:importProgress', { id: job.importId });
  const settle = () => {
    running.delete(job.importId);
    onSettled();
    services.emit('contacts:importProgress', { id: job.importId });
    services.emit('contacts:changed', { source: 'import' });
  };
  const entry = workerEntry('import-worker');
  const { sqlite } = services.engine;
  // Team mode: the worker opens a PostgreSQL connection of its own, to the same server.
  const postgres = postgresTargetOf(services.engine);
  const isCancelled = () => Atomics.load(cancel, 0) === 1;
  let done: Promise<void>;
  if (entry) {
    done = new Promise<void>((resolve) => {
      const worker = new Worker(entry.file, {
        eval: entry.eval,
        workerData: {
          dbPath: sqlite?.name ?? null,
          postgres,
          nativeBinding: nativeBinding(),
          auditKey: sqlite ? (anchorOf(sqlite)?.key ?? null) : null,
          job,
          cancel: cancel.buffer,
        },
      });
      let last: ImportProgress | null = null;
      let failing = Promise.resolve();
      worker.on('message', (m: { type: string; progress?: ImportProgress; message?: string }) => {
        if (m.progress) last = m.progress;
        if (m.type === 'progress') progressed();
        if (m.type === 'failed') failing = failImport(services, job, last, m.message ?? 'worker failed');
      });
      worker.on('error', (err) => (failing = failImport(services, job, last, err.message)));
      worker.on('exit', () => {
        void failing.then(() => {
          settle();
          resolve();
        });
      });
    });
  } else if (postgres) {
    done = new Promise<void>((resolve) => {
      setImmediate(() => {
        runPostgresImport(postgres, job, { onProgress: progressed, isCancelled })
          .then(
            () => undefined,
            (err: unknown) => failImport(services, job, null, err instanceof Error ? err.message : String(err)),
          )
          .finally(() => {
            settle();
            resolve();
          });
      });
    });
  } else {
    done = new Promise<void>((resolve) => {
      setImmediate(() => {
        const file = sqlite!.name;
        const db = openSqliteFile(file, { key: keyForFile(file) });
        try {
          applyPragmas(db);
          installAuditMac(db, anchorOf(sqlite!)?.key ?? null);
          runContactImport(db, job, { onProgress: progressed, isCancelled });
        } catch (err) {
          void failImport(services, job, null, err instanceof Error ? err.message : String(err));
        } finally {
          db.close();
          settle();
          resolve();
        }
      });
    });
  }
  running.set(job.importId, { cancel, done });
}

/** Asks a running import to stop after its current batch. */
export function cancelImportJob(importId: number): boolean {
  const job = running.get(importId);
  if (!job) return false;
  Atomics.store(job.cancel, 0, 1);
  return true;
}

export function isImportRunning(importId: number): boolean {
  return running.has(importId);
}

/** A backup or a restore waits for imports: their worker writes through a connection of its own. */
export function anyImportRunning(): boolean {
  return running.size > 0;
}

/** Resolves when the import has settled (tests, and shutdown). */
export function importSettled(importId: number): Promise<void> {
  return running.get(importId)?.done ?? Promise.resolve();
}

/** Marks a failed import so, audited: on the main connection (SQLite) or the main pool (PostgreSQL). */
async function failImport(services: Services, job: ImportJob, last: ImportProgress | null, message: string) {
  const progress = last ?? emptyProgress();
  const note = message.slice(0, 500);
  try {
    if (services.engine.sqlite) finishImport(services.engine.sqlite, job, 'failed', progress, services.now(), note);
    else await finishImportIn(services.db, job, 'failed', progress, services.now(), note);
  } catch (err) {
    console.error('[import] could not record the failure of import', job.importId, err);
  }
}
