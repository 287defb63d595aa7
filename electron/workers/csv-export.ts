import fs from 'node:fs';
import { parentPort, threadId } from 'node:worker_threads';
import { writeCsv, type CsvExportOutcome, type CsvExportSpec } from './csv-export-core';
import { readOnThread, type ReaderData } from './reader-thread';

/** What the export jobs (electron/api/exports/csv-jobs.ts) send and receive. */
export interface CsvExportWorkerData extends ReaderData {
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
readOnThread<CsvExportWorkerData>('CSV export', (db, data) => {
  const post = (m: CsvExportMessage) => parentPort!.postMessage(m);
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
  let fd: number | null = fs.openSync(data.file, 'w', 0o600);
  try {
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
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
});
