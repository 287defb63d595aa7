import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { keyForFile, openSqliteFile } from '../db/encryption';
import { isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';
import { writeCsv, type CsvExportOutcome, type CsvExportSpec } from './csv-export-core';
import { runInBackground } from './priority';

/** What the export jobs (electron/api/exports/csv-jobs.ts) send and receive. */
export interface CsvExportWorkerData {
  dbPath: string;
  nativeBinding?: string;
  spec: CsvExportSpec;
  file: string;
}

export type CsvExportMessage =
  | { type: 'progress'; rows: number; total: number }
  | { type: 'done'; outcome: CsvExportOutcome; threadId: number }
  | { type: 'error'; message: string };

/**
 * A CSV export's thread: its own read-only connection (WAL lets it read while main
 * writes) streams the rows in raw mode straight into the file, so main never builds the
 * text and its memory does not grow with the export. Cancelling terminates the thread.
 */
function main() {
  if (isMainThread) throw new Error('The CSV export worker was loaded on the main thread');
  runInBackground();
  const data = workerData as CsvExportWorkerData;
  const post = (m: CsvExportMessage) => parentPort!.postMessage(m);
  let db: Database.Database | null = null;
  let fd: number | null = null;
  try {
    db = openSqliteFile(data.dbPath, {
      key: keyForFile(data.dbPath),
      readonly: true,
      fileMustExist: true,
      nativeBinding: data.nativeBinding,
    });
    const { spec } = data;
    const total = Number(
      db
        .prepare(spec.countSql)
        .pluck()
        .get(...spec.countParameters),
    );
    const rows = db
      .prepare(spec.sql)
      .raw()
      .iterate(...spec.parameters) as IterableIterator<unknown[]>;
    fd = fs.openSync(data.file, 'w', 0o600);
    const steps = writeCsv(rows, total, spec, fd);
    post({ type: 'progress', rows: 0, total: Math.min(total, spec.limit) });
    for (;;) {
      const next = steps.next();
      if (next.done) {
        fs.closeSync(fd);
        fd = null;
        post({ type: 'done', outcome: next.value, threadId });
        break;
      }
      post({ type: 'progress', ...next.value });
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  } finally {
    if (fd !== null) fs.closeSync(fd);
    db?.close();
  }
}

main();
