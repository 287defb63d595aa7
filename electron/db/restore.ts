import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { checkpointFileOf } from './audit-anchor';
import { openDatabase } from './open';
import { FILE_MODE, restrictFile } from './secure-files';

const JOURNALS = ['-wal', '-shm'];

export interface SwapResult {
  /** The connection now open on `dbPath`: the restored file, or the original again after a failure. */
  sqlite: Database.Database | null;
  restored: boolean;
  /** Where the database as it was has been kept (never deleted); null when it was put back. */
  keptAside: string | null;
  error: unknown;
}

/**
 * Puts a verified backup in the database's place. The copy is made beside the database first,
 * the live connection (if any) is closed after its WAL is folded in, the current file is renamed
 * aside with its journals and checkpoint (kept for IT, never deleted), the copy is renamed in and
 * opened (migrated to this version). If opening fails, the original is renamed back and reopened:
 * a failed restore leaves the database as it was.
 */
export function swapInBackup(
  dbPath: string,
  backupFile: string,
  opts: {
    live: Database.Database | null;
    auditKey: Buffer | null;
    /** The copy is encrypted with the same key as the file it replaces. */
    databaseKey: Buffer | null;
    now: Date;
    nativeBinding?: string;
  },
): SwapResult {
  const { auditKey, databaseKey, nativeBinding } = opts;
  const open = () => openDatabase(dbPath, { auditKey, databaseKey, checkHealth: true, nativeBinding });
  const incoming = `${dbPath}.restoring`;
  fs.rmSync(incoming, { force: true });
  fs.copyFileSync(backupFile, incoming);
  fs.chmodSync(incoming, FILE_MODE);
  if (opts.live?.open) {
    opts.live.pragma('wal_checkpoint(TRUNCATE)');
    opts.live.close();
  }
  const aside = `${dbPath}.before-restore-${opts.now.toISOString().replace(/[-:.]/g, '')}`;
  const moveAll = (from: string, to: string) => {
    for (const ext of ['', ...JOURNALS])
      if (fs.existsSync(`${from}${ext}`)) fs.renameSync(`${from}${ext}`, `${to}${ext}`);
  };
  moveAll(dbPath, aside);
  if (fs.existsSync(checkpointFileOf(dbPath))) fs.copyFileSync(checkpointFileOf(dbPath), `${aside}.checkpoint`);
  restrictFile(`${aside}.checkpoint`);
  try {
    fs.renameSync(incoming, dbPath);
    return { sqlite: open(), restored: true, keptAside: aside, error: null };
  } catch (error) {
    // Back to the file as it was: the restored copy goes, the original returns to its name.
    for (const ext of ['', ...JOURNALS]) fs.rmSync(`${dbPath}${ext}`, { force: true });
    fs.rmSync(incoming, { force: true });
    moveAll(aside, dbPath);
    fs.rmSync(`${aside}.checkpoint`, { force: true });
    // A damaged original (the recovery screen) cannot be reopened; the caller reports the error.
    let sqlite: Database.Database | null = null;
    if (opts.live) sqlite = open();
    return { sqlite, restored: false, keptAside: null, error };
  }
}
