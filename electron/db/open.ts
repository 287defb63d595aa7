import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { installAuditMac } from './audit';
import { encryptPlaintextDatabase, isPlaintextDatabase, openSqliteFile } from './encryption';
import { asDatabaseError, databaseError } from './errors';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';
import { ensurePrivateDir, FILE_MODE, restrictFile } from './secure-files';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for Electron's ABI (see scripts/electron-native.mjs). */
  nativeBinding?: string;
  migrations?: Migration[];
  /** The audit chain's HMAC key (electron/db/audit-key.ts); without one, new events carry no MAC. */
  auditKey?: Buffer | null;
  /**
   * The 32-byte key the file is encrypted with (electron/db/encryption.ts), kept outside it like
   * the audit key. A plaintext file is encrypted with it on open, once. Without one the file is
   * plain SQLite (tests, scratch copies).
   */
  databaseKey?: Buffer | null;
  /**
   * Before anything is served (the hosts): PRAGMA quick_check on an existing file, and a
   * write to prove the file can be written. A damaged or read-only file throws DB_CORRUPT or
   * DB_READ_ONLY, which the host reports before serving anything, never a half-working app.
   */
  checkHealth?: boolean;
  /** Files larger than this are structure-checked after start, off main (CHECK_AT_START_BYTES; tests lower it). */
  checkAtStartBytes?: number;
}

export class DatabaseTooNewError extends AppError {
  constructor(found: number, supported: number) {
    super(
      'INTERNAL',
      `This database was written by a newer version of Wallet Ops Console (schema ${found}; this app supports up to ${supported}). Update the app, or open a different database.`,
    );
  }
}

/**
 * Opens (creating if needed) the console's database, sets the pragmas we rely on,
 * and brings the schema up to date. An existing file is backed up before migrating.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const onDisk = file !== ':memory:';
  if (onDisk) createOwnerOnly(file);
  const existed = onDisk && fs.statSync(file).size > 0;
  const key = onDisk ? (options.databaseKey ?? null) : null;
  const { nativeBinding } = options;
  let db: Database.Database;
  try {
    if (existed && key && isPlaintextDatabase(file)) encryptPlaintextDatabase(file, key, nativeBinding);
    db = openSqliteFile(file, { key, nativeBinding });
  } catch (err) {
    throw asOpenError(err);
  }
  try {
    applyPragmas(db);
    if (onDisk) for (const f of [`${file}-wal`, `${file}-shm`]) restrictFile(f);
    if (existed && options.checkHealth)
      checkHealth(db, fs.statSync(file).size > (options.checkAtStartBytes ?? CHECK_AT_START_BYTES));
    installAuditMac(db, options.auditKey ?? null);
    migrate(db, file, existed, options.migrations ?? MIGRATIONS);
    refreshStatistics(db);
    return db;
  } catch (err) {
    db.close();
    throw asOpenError(err);
  }
}

/** A disk or file failure as its translated error; one already explained (the key) kept as it is. */
function asOpenError(err: unknown): unknown {
  return err instanceof AppError ? err : (asDatabaseError(err) ?? err);
}

/**
 * The database file and its folder, owner-only: a new file is created 0600 before SQLite
 * opens it (its -wal and -shm then get the same mode); an older file is narrowed to 0600.
 */
function createOwnerOnly(file: string): void {
  ensurePrivateDir(path.dirname(file));
  if (!fs.existsSync(file)) {
    try {
      fs.closeSync(fs.openSync(file, 'a', FILE_MODE));
    } catch (err) {
      throw asDatabaseError(err) ?? err;
    }
  }
  restrictFile(file);
}

/**
 * Files up to this size are structure-checked before anything is served. quick_check reads
 * every page: at the huge scale (7.4 GB) it took 106 s, at every start, on the main thread. A
 * larger file is checked on a worker once the host serves (boot.ts), and damage found there
 * is an administrators' warning; meanwhile a damaged page still fails when read (DB_CORRUPT).
 */
export const CHECK_AT_START_BYTES = 512 * 1024 * 1024;
const checkDeferred = new WeakSet<Database.Database>();

/** Whether this connection's file was too large to structure-check before serving: check it off main. */
export function structureCheckDeferred(db: Database.Database): boolean {
  return checkDeferred.has(db);
}

/** quick_check's findings: ['ok'] when the structure is sound. */
export function structureProblems(db: Database.Database): string[] {
  try {
    return (db.pragma('quick_check(20)') as { quick_check: string }[]).map((r) => r.quick_check);
  } catch (err) {
    // Damage bad enough stops quick_check itself ("database disk image is malformed").
    if ((err as { code?: string }).code === 'SQLITE_CORRUPT') return [(err as Error).message];
    throw err;
  }
}

/** quick_check (structure, not every index entry) where the file is small enough, and a real write. */
function checkHealth(db: Database.Database, tooLarge: boolean): void {
  if (tooLarge) checkDeferred.add(db);
  const problems = checkDeferred.has(db) ? ['ok'] : structureProblems(db);
  if (problems.length !== 1 || problems[0] !== 'ok') throw databaseError('DB_CORRUPT', problems.slice(0, 3).join('; '));
  // Opening a read-only file succeeds and every later write fails; find out now, by writing.
  db.pragma(`user_version = ${schemaVersion(db)}`);
}

export function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // better-sqlite3 leaves WAL at NORMAL, which can lose the last commits on power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/**
 * Planner statistics, kept fresh the way SQLite recommends for a long-lived connection: at open,
 * PRAGMA optimize analyses the tables whose statistics are missing or stale, on a sample
 * (analysis_limit) so a 10M-row table costs milliseconds, not a full scan. The grid plans do
 * not depend on it (their tests run without statistics); it helps the queries around them.
 */
export function refreshStatistics(db: Database.Database): void {
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize = 0x10002');
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Versions must strictly ascend: the runner applies "every migration above the file's version"
 * in list order, so one out of place (two helpers' 0070s merged, a renumbering gone wrong)
 * would be skipped on some databases and run on others.
 */
export function assertAscending(migrations: Migration[]): void {
  migrations.forEach((m, i) => {
    const before = migrations[i - 1];
    if (!Number.isInteger(m.version) || m.version <= 0 || (before && m.version <= before.version)) {
      throw new Error(
        `Migration versions must ascend: ${m.version} (${m.name}) comes after ${before?.version ?? 0} (${before?.name ?? 'start'})`,
      );
    }
  });
}

function migrate(db: Database.Database, file: string, existed: boolean, migrations: Migration[]): void {
  assertAscending(migrations);
  const current = schemaVersion(db);
  const latest = migrations.length ? migrations[migrations.length - 1].version : LATEST_VERSION;
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  if (existed && current > 0) backupBeforeMigrating(db, file, current);
  for (const m of pending) {
    // One transaction per migration: a crash leaves the schema at a whole version.
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

function backupBeforeMigrating(db: Database.Database, file: string, current: number): void {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.v${current}.${stamp}.bak`;
  // VACUUM INTO is synchronous and consistent; db.backup() is async and we are mid-open.
  db.prepare('VACUUM INTO ?').run(target);
  restrictFile(target);
}
