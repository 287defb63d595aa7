import { keyForFile, openSqliteFile } from '../db/encryption';
import { requireSqlite } from '../db/engine';
import { nativeBinding } from '../host/native';
import { Worker } from 'node:worker_threads';
import type { Services } from '../api/core/context';
import { installAuditMac } from '../db/audit';
import { anchorOf } from '../db/audit-anchor';
import { applyPragmas } from '../db/open';
import { workerEntry } from '../workers/entries';
import { finishImport, runContactImport, type ImportJob, type ImportProgress } from './run-import';

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
  let done: Promise<void>;
  if (entry) {
    const sqlite = requireSqlite(services.engine, 'Contact import');
    done = new Promise<void>((resolve) => {
      const worker = new Worker(entry.file, {
        eval: entry.eval,
        workerData: {
          dbPath: sqlite.name,
          nativeBinding: nativeBinding(),
          auditKey: anchorOf(sqlite)?.key ?? null,
          job,
          cancel: cancel.buffer,
        },
      });
      let last: ImportProgress | null = null;
      worker.on('message', (m: { type: string; progress?: ImportProgress; message?: string }) => {
        if (m.progress) last = m.progress;
        if (m.type === 'progress') progressed();
        if (m.type === 'failed') failImport(services, job, last, m.message ?? 'worker failed');
      });
      worker.on('error', (err) => failImport(services, job, last, err.message));
      worker.on('exit', () => {
        settle();
        resolve();
      });
    });
  } else {
    done = new Promise<void>((resolve) => {
      setImmediate(() => {
        const file = requireSqlite(services.engine, 'Contact import').name;
        const db = openSqliteFile(file, { key: keyForFile(file) });
        try {
          applyPragmas(db);
          installAuditMac(db, anchorOf(services.sqlite)?.key ?? null);
          runContactImport(db, job, { onProgress: progressed, isCancelled: () => Atomics.load(cancel, 0) === 1 });
        } catch (err) {
          failImport(services, job, null, err instanceof Error ? err.message : String(err));
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

function failImport(services: Services, job: ImportJob, last: ImportProgress | null, message: string) {
  const progress = last ?? { processedBytes: 0, rowsRead: 0, imported: 0, duplicates: 0, errors: 0 };
  finishImport(
    requireSqlite(services.engine, 'Contact import'),
    job,
    'failed',
    progress,
    services.now(),
    message.slice(0, 500),
  );
}
