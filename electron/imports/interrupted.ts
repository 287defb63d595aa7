import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { Engine } from '../db/engine';
import type { ImportJob, ImportProgress } from './run-import';
import { finishImport } from './run-import';
import { finishImportIn, IMPORT_LOCK } from './run-import-postgres';
import { isImportRunning } from './jobs';

interface StaleRow {
  id: number;
  source_name: string;
  processed_bytes: number;
  rows_read: number;
  imported: number;
  duplicates: number;
  errors: number;
  started_at: string;
}

type By = Pick<ImportJob, 'operatorId' | 'operatorRole' | 'host'>;
const NOTE = 'interrupted: the console stopped while importing';
/** Team mode: a desk's worker takes its lock a moment after the import's row is written. */
const STARTING_MS = 60_000;

const progressOf = (r: StaleRow): ImportProgress => ({
  processedBytes: Number(r.processed_bytes),
  rowsRead: Number(r.rows_read),
  imported: Number(r.imported),
  duplicates: Number(r.duplicates),
  errors: Number(r.errors),
});

/**
 * An import left 'running' by a process that exited can never finish: mark it failed,
 * audited, keeping what it had committed. Runs at every start and before a new import.
 * Returns the ids it marked.
 */
export function failInterruptedImports(sqlite: Database.Database, by: By, now: Date): number[] {
  const stale = sqlite.prepare("SELECT * FROM contact_imports WHERE status = 'running'").all() as StaleRow[];
  const marked: number[] = [];
  for (const r of stale) {
    if (isImportRunning(r.id)) continue; // still running here: leave it (and refuse the new one)
    finishImport(sqlite, { importId: r.id, ...by, sourceName: r.source_name }, 'failed', progressOf(r), now, NOTE);
    marked.push(r.id);
  }
  return marked;
}

/**
 * The same on either engine. On PostgreSQL other desks run imports too: one counts as
 * interrupted only when no connection holds its lock (its worker's) and it is past starting.
 */
export async function failInterruptedImportsOn(engine: Engine, by: By, now: Date): Promise<number[]> {
  if (engine.sqlite) return failInterruptedImports(engine.sqlite, by, now);
  const stale = (await engine.db
    .selectFrom('contact_imports')
    .selectAll()
    .where('status', '=', 'running')
    .execute()) as unknown as StaleRow[];
  const marked: number[] = [];
  for (const r of stale) {
    const id = Number(r.id);
    if (isImportRunning(id) || now.getTime() - Date.parse(r.started_at) < STARTING_MS) continue;
    const orphaned = await engine.db.connection().execute(async (c) => {
      const got = await sql<{ got: boolean }>`SELECT pg_try_advisory_lock(${IMPORT_LOCK}, ${id}) AS got`.execute(c);
      if (got.rows[0].got) await sql`SELECT pg_advisory_unlock(${IMPORT_LOCK}, ${id})`.execute(c);
      return got.rows[0].got;
    });
    if (!orphaned) continue;
    await finishImportIn(
      engine.db,
      { importId: id, ...by, sourceName: r.source_name },
      'failed',
      progressOf(r),
      now,
      NOTE,
    );
    marked.push(id);
  }
  return marked;
}
