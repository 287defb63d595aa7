import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { AuditCheckpoint } from '../../shared/contract/audit';
import {
  BACKUP_NAME,
  type BackupInfo,
  type BackupReason,
  type BackupSettings,
  type BackupVerification,
} from '../../shared/contract/backups';
import { AppError } from '../../shared/contract/errors';
import { checkCheckpoint, signCheckpoint } from './audit-anchor';
import { verifyChain } from './audit-verify';
import { openSqliteFile } from './encryption';
import { structureProblems } from './open';
import { asDatabaseError } from './errors';
import { ensurePrivateDir, FILE_MODE, restrictFile, writeFileAtomic } from './secure-files';

/**
 * Online backups into a folder the administrator picks: VACUUM INTO on a connection of their
 * own (encrypted with the database's key; in the app on a worker thread, so main keeps
 * serving). Each copy is verified once written, also off main, and described by a manifest
 * beside it; only the newest N verified copies are kept. The settings live beside the database, not in it: the recovery screen must read them
 * when the database itself cannot be read.
 */
export const DEFAULT_EVERY_HOURS = 24;
export const DEFAULT_KEEP = 7;

export function backupSettingsFileOf(dbPath: string): string {
  return `${dbPath}.backups.json`;
}

const positive = (v: unknown, fallback: number) =>
  Number.isInteger(v) && (v as number) > 0 ? (v as number) : fallback;

export function readBackupSettings(dbPath: string): BackupSettings {
  const folder = path.join(path.dirname(dbPath), 'backups');
  let saved: Partial<BackupSettings> = {};
  try {
    saved = JSON.parse(fs.readFileSync(backupSettingsFileOf(dbPath), 'utf8')) as Partial<BackupSettings>;
  } catch {
    /* none yet, or unreadable: the defaults */
  }
  return {
    folder: typeof saved.folder === 'string' && path.isAbsolute(saved.folder) ? saved.folder : folder,
    everyHours: positive(saved.everyHours, DEFAULT_EVERY_HOURS),
    keep: positive(saved.keep, DEFAULT_KEEP),
  };
}

/** Saves the settings once the folder is proven usable: created owner-only and writable by us. */
export function writeBackupSettings(dbPath: string, next: BackupSettings): BackupSettings {
  if (!path.isAbsolute(next.folder)) throw new AppError('BACKUP_FOLDER_UNUSABLE', 'The folder must be a full path');
  const folder = path.normalize(next.folder);
  try {
    ensurePrivateDir(folder);
    fs.accessSync(folder, fs.constants.W_OK);
    if (!fs.statSync(folder).isDirectory()) throw new Error('not a folder');
  } catch (err) {
    throw new AppError('BACKUP_FOLDER_UNUSABLE', `The folder cannot be used: ${(err as Error).message}`);
  }
  const settings = { folder, everyHours: next.everyHours, keep: next.keep };
  writeFileAtomic(backupSettingsFileOf(dbPath), JSON.stringify(settings, null, 2));
  return settings;
}

const manifestOf = (file: string) => `${file}.json`;

/** The backups in a folder, newest first: only copies with a manifest (a copy half-written has none). */
export function listBackups(folder: string): BackupInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const found: BackupInfo[] = [];
  for (const name of names) {
    if (!BACKUP_NAME.test(name) || !names.includes(`${name}.json`)) continue;
    try {
      const info = JSON.parse(fs.readFileSync(path.join(folder, manifestOf(name)), 'utf8')) as BackupInfo;
      if (info.name === name && typeof info.createdAt === 'string') found.push(info);
    } catch {
      /* a manifest that is not ours: ignored */
    }
  }
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** A backup by the name a client sent: only a file of ours, inside the folder. */
export function findBackup(folder: string, name: string): { info: BackupInfo; file: string } | null {
  const info = listBackups(folder).find((b) => b.name === name);
  return info ? { info, file: path.join(folder, info.name) } : null;
}

/** How copies are opened: with the database's key (a copy is encrypted like the file), and Electron's driver build. */
export interface CopyAccess {
  databaseKey: Buffer | null;
  nativeBinding?: string;
}

/** A copy opened read-only. */
export function openCopy(file: string, access: CopyAccess): Database.Database {
  return openSqliteFile(file, {
    key: access.databaseKey,
    readonly: true,
    fileMustExist: true,
    nativeBinding: access.nativeBinding,
  });
}

/** Rows in every table of the console (not SQLite's own): what the copy must hold. */
export function rowCounts(db: Database.Database): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      (db
        .prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`)
        .pluck()
        .get() as number) ?? 0,
    ]),
  );
}

/** The head of a copy's chain signed with the app's key: what the copy must still hold at restore. */
function checkpointOfCopy(db: Database.Database, key: Buffer, at: Date): AuditCheckpoint {
  const head = db.prepare('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as
    { id: number; hash: string } | undefined;
  const first = db.prepare('SELECT min(id) FROM audit_events WHERE mac IS NOT NULL').pluck().get() as number | null;
  return signCheckpoint(key, {
    count: head?.id ?? 0,
    headHash: head?.hash ?? '',
    macFrom: first,
    at: at.toISOString(),
  });
}

export interface CopyCheck {
  verification: BackupVerification;
  checkpoint: AuditCheckpoint | null;
}

export type VerifyCopyOptions = {
  key: Buffer | null;
  checkpoint: AuditCheckpoint | null;
  expectedRows: Record<string, number>;
  now: Date;
} & CopyAccess;

/**
 * The two slow steps of a backup, each on a connection of its own: writing the copy and
 * checking it. In-process here; the app runs them on a worker thread (electron/workers/backup-work.ts).
 */
export interface BackupWork {
  copy(dbPath: string, target: string, access: CopyAccess): Promise<Record<string, number>>;
  verify(file: string, opts: VerifyCopyOptions): Promise<CopyCheck>;
  /** quick_check of a file on a read-only connection of its own: ['ok'] when sound. */
  structure(file: string, access: CopyAccess): Promise<string[]>;
}

export const IN_PROCESS: BackupWork = {
  copy: async (dbPath, target, access) => copyDatabase(dbPath, target, access),
  verify: verifyCopy,
  structure: async (file, access) => {
    const db = openCopy(file, access);
    try {
      return structureProblems(db);
    } finally {
      db.close();
    }
  },
};

/** Attempts at a copy during which nothing was committed, before giving up on a busy database. */
const COPY_ATTEMPTS = 3;

/**
 * Writes a consistent copy of the database file to `target` (created empty, 0600, beforehand)
 * and returns the rows per table it must hold. VACUUM INTO, not the backup API: SQLite3 Multiple
 * Ciphers encrypts its output with the connection's key, while the backup API's target cannot
 * be given one. The counts are read after the copy on the same connection; data_version tells
 * whether anyone committed in between, and then the copy is made again.
 */
export function copyDatabase(dbPath: string, target: string, access: CopyAccess): Record<string, number> {
  const db = openCopy(dbPath, access);
  try {
    for (let attempt = 1; ; attempt++) {
      const before = db.pragma('data_version', { simple: true });
      db.prepare('VACUUM INTO ?').run(target);
      const rows = rowCounts(db);
      if (db.pragma('data_version', { simple: true }) === before) {
        selfContained(target, access);
        return rows;
      }
      if (attempt === COPY_ATTEMPTS) throw new Error('The database kept changing while it was being copied');
      fs.truncateSync(target, 0);
    }
  } finally {
    db.close();
  }
}

/**
 * A copy verified read-only: quick_check, its audit chain (with the key's MACs, and against
 * `checkpoint` when given: a copy shortened or appended to since fails), and its rows per
 * table equal to `expectedRows`.
 */
export async function verifyCopy(file: string, opts: VerifyCopyOptions): Promise<CopyCheck> {
  const db = openCopy(file, opts);
  try {
    const quickCheck = structureProblems(db).join('; ');
    const healthy = quickCheck === 'ok';
    const chain = healthy
      ? await verifyChain(db, { key: opts.key, checkpoint: opts.checkpoint })
      : { intact: false, checked: 0, firstBrokenId: null, problem: null, millis: 0, anchored: 0, checkpoint: null };
    const rows = healthy ? rowCounts(db) : {};
    const sameRows =
      healthy &&
      Object.keys(opts.expectedRows).length === Object.keys(rows).length &&
      Object.entries(opts.expectedRows).every(([t, n]) => rows[t] === n);
    return {
      verification: { at: opts.now.toISOString(), quickCheck, chain, rows, ok: healthy && chain.intact && sameRows },
      checkpoint: healthy && opts.key ? checkpointOfCopy(db, opts.key, opts.now) : null,
    };
  } finally {
    db.close();
  }
}

/** A stored backup checked again before it may replace anything, against its own manifest. */
export async function reverifyBackup(
  found: { info: BackupInfo; file: string },
  opts: { key: Buffer | null; now: Date; work?: BackupWork } & CopyAccess,
) {
  const { key, now, work = IN_PROCESS } = opts;
  const signed = (found.info as BackupInfo & { checkpoint?: unknown }).checkpoint;
  const checkpoint = key && signed ? checkCheckpoint(key, signed) : null;
  if (checkpoint === 'invalid') return { ok: false, problem: 'checkpoint_invalid' };
  try {
    const { verification } = await work.verify(found.file, {
      key,
      checkpoint,
      expectedRows: found.info.verified.rows,
      now,
      databaseKey: opts.databaseKey,
      nativeBinding: opts.nativeBinding,
    });
    return { ok: verification.ok, problem: verification.chain.problem ?? verification.quickCheck, verification };
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  }
}

const stamp = (d: Date) => d.toISOString().replace(/[-:.]/g, '');

/** A name not taken yet: two copies in the same millisecond get consecutive stamps. */
function freshName(folder: string, now: Date): string {
  for (let ms = now.getTime(); ; ms++) {
    const name = `wallet-ops-${stamp(new Date(ms))}.db`;
    if (!fs.existsSync(path.join(folder, name))) return name;
  }
}

/**
 * Writes one backup of the open database into the folder, verifies it, writes its manifest and
 * prunes old generations. A copy that cannot be written leaves nothing behind and throws; one
 * that does not verify is kept (listed as not verified, never restored) for IT to look at.
 */
export async function createBackup(
  sqlite: Database.Database,
  settings: BackupSettings,
  opts: { key: Buffer | null; reason: BackupReason; now: Date; work?: BackupWork } & CopyAccess,
): Promise<BackupInfo> {
  const { work = IN_PROCESS, ...rest } = opts;
  const access: CopyAccess = { databaseKey: opts.databaseKey, nativeBinding: opts.nativeBinding };
  let partial: string | null = null;
  try {
    ensurePrivateDir(settings.folder);
    const name = freshName(settings.folder, opts.now);
    const file = path.join(settings.folder, name);
    partial = `${file}.partial`;
    // Created owner-only before SQLite writes a page into it.
    fs.closeSync(fs.openSync(partial, 'w', FILE_MODE));
    const expectedRows = await work.copy(sqlite.name, partial, access);
    restrictFile(partial);
    fs.renameSync(partial, file);
    partial = null;
    const check = await work.verify(file, { ...rest, checkpoint: null, expectedRows });
    const info: BackupInfo & { checkpoint: AuditCheckpoint | null } = {
      name,
      createdAt: opts.now.toISOString(),
      bytes: fs.statSync(file).size,
      reason: opts.reason,
      events: check.checkpoint?.count ?? check.verification.rows.audit_events ?? 0,
      verified: check.verification,
      checkpoint: check.checkpoint,
    };
    writeFileAtomic(manifestOf(file), JSON.stringify(info, null, 2));
    pruneBackups(settings);
    return info;
  } catch (err) {
    if (partial) fs.rmSync(partial, { force: true });
    throw asDatabaseError(err) ?? err;
  }
}

/** A copy of a WAL database is WAL too; rewritten to one self-contained file that opens read-only anywhere. */
function selfContained(file: string, access: CopyAccess): void {
  const db = openSqliteFile(file, { key: access.databaseKey, nativeBinding: access.nativeBinding });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/**
 * Keeps the newest `keep` verified copies and, for IT, only the newest copy that failed its
 * check when it is newer than every verified one. Deletes only files named and described by us.
 */
export function pruneBackups(settings: BackupSettings): string[] {
  const all = listBackups(settings.folder);
  const verified = all.filter((b) => b.verified?.ok);
  const newestFailed = all.find((b) => !b.verified?.ok);
  const keep = new Set(verified.slice(0, settings.keep).map((b) => b.name));
  if (newestFailed && (!verified[0] || newestFailed.createdAt > verified[0].createdAt)) keep.add(newestFailed.name);
  const removed = all.filter((b) => !keep.has(b.name)).map((b) => b.name);
  for (const name of removed) {
    const file = path.join(settings.folder, name);
    fs.rmSync(file, { force: true });
    fs.rmSync(manifestOf(file), { force: true });
  }
  return removed;
}
