import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for Electron's ABI (see scripts/electron-native.mjs). */
  nativeBinding?: string;
  migrations?: Migration[];
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
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const existed = file !== ':memory:' && fs.existsSync(file) && fs.statSync(file).size > 0;
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    applyPragmas(db);
    migrate(db, file, existed, options.migrations ?? MIGRATIONS);
    refreshStatistics(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
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
}
