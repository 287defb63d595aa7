import type Database from 'better-sqlite3';
import type { ImportJob } from './run-import';
import { finishImport } from './run-import';
import { isImportRunning } from './jobs';

interface StaleRow {
  id: number;
  source_name: string;
  processed_bytes: number;
  rows_read: number;
  imported: number;
  duplicates: number;
  errors: number;
}

/**
 * An import left 'running' by a process that exited can never finish: mark it failed,
 * audited, keeping what it had committed. Runs at every start and before a new import.
 * Returns the ids it marked.
 */
export function failInterruptedImports(
  sqlite: Database.Database,
  by: Pick<ImportJob, 'operatorId' | 'operatorRole' | 'host'>,
  now: Date,
): number[] {
  const stale = sqlite.prepare("SELECT * FROM contact_imports WHERE status = 'running'").all() as StaleRow[];
  const marked: number[] = [];
  for (const r of stale) {
    if (isImportRunning(r.id)) continue; // still running here: leave it (and refuse the new one)
    finishImport(
      sqlite,
      { importId: r.id, ...by, sourceName: r.source_name },
      'failed',
      {
        processedBytes: r.processed_bytes,
        rowsRead: r.rows_read,
        imported: r.imported,
        duplicates: r.duplicates,
        errors: r.errors,
      },
      now,
      'interrupted: the console stopped while importing',
    );
    marked.push(r.id);
  }
  return marked;
}
