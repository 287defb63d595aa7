import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import { databaseError } from './errors';
import { restrictFile } from './secure-files';

/**
 * Encryption at rest. The driver is better-sqlite3-multiple-ciphers (package.json installs it
 * under the name better-sqlite3: the same API, so swapping back is that one line), and every
 * connection to the desk's file is opened here, with its key. The scheme is SQLCipher 4
 * (AES-256-CBC, HMAC-SHA512 per page), so IT can open a copy with the stock sqlcipher tools
 * given the key. The key is 32 random bytes passed raw (x'…'): no passphrase, so no key
 * derivation (SQLCipher's PBKDF2 would cost every worker connection a quarter second).
 */
export const DATABASE_KEY_BYTES = 32;

/** The first 16 bytes of every plaintext SQLite file; an encrypted file starts with random salt. */
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * The key each file was opened with here, so the connections made to it later use it too: the
 * copies and checks on this thread, and the worker threads (import, fee simulation), which get
 * the list in memory through Node's worker environment data, cloned into each new worker.
 */
const keys = new Map<string, Buffer>();
const WORKER_KEYS = 'wallet-ops:database-keys';

function remember(file: string, key: Buffer): void {
  keys.set(path.resolve(file), key);
  setEnvironmentData(WORKER_KEYS, Object.fromEntries([...keys].map(([f, k]) => [f, k.toString('hex')])));
}

export function keyForFile(file: string): Buffer | null {
  const where = path.resolve(file);
  const known = keys.get(where);
  if (known) return known;
  const inherited = (getEnvironmentData(WORKER_KEYS) as Record<string, string> | undefined)?.[where];
  return inherited ? Buffer.from(inherited, 'hex') : null;
}

function keyPragma(key: Buffer): string {
  if (key.length !== DATABASE_KEY_BYTES) throw new Error(`A database key is ${DATABASE_KEY_BYTES} bytes`);
  return `"x'${key.toString('hex')}'"`;
}

function useScheme(db: Database.Database): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
}

/**
 * Gives a fresh connection its key and proves it right by reading the schema: a wrong key, or
 * none for an encrypted file, reads as "not a database". That is reported as DB_CORRUPT (the
 * translated "restore a backup" advice) with the key named, since the file may be fine.
 */
export function unlock(db: Database.Database, key: Buffer | null): Database.Database {
  if (key) {
    useScheme(db);
    db.pragma(`key = ${keyPragma(key)}`);
    remember(db.name, key);
  }
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_NOTADB') throw err;
    db.close();
    throw databaseError(
      'DB_CORRUPT',
      key
        ? `${db.name} cannot be read with this console's database key: it is damaged, or encrypted with another key`
        : `${db.name} is encrypted and no database key was given`,
    );
  }
  return db;
}

export interface FileOptions {
  key: Buffer | null;
  readonly?: boolean;
  fileMustExist?: boolean;
  /** Electron's build of the driver (host/native.ts), when there is one. */
  nativeBinding?: string;
}

/** A connection to a database file (the desk's, a worker's, a copy), opened with its key. */
export function openSqliteFile(file: string, opts: FileOptions): Database.Database {
  const db = new Database(file, {
    ...(opts.readonly ? { readonly: true } : {}),
    ...(opts.fileMustExist ? { fileMustExist: true } : {}),
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
  return unlock(db, opts.key);
}

/** A file written by a version without encryption (or by plain SQLite tools). */
export function isPlaintextDatabase(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(PLAINTEXT_HEADER.length);
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(PLAINTEXT_HEADER);
  } catch {
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * Encrypts a plaintext database in place, once (the first start of a version with encryption).
 * The file and its WAL are copied aside, untouched, before anything opens them, and kept until
 * the encrypted file has opened with the key and passed quick_check; then they are deleted,
 * since they hold everything in the clear. A damaged file is refused before any change, and on
 * any failure the copies are put back: the database is left exactly as it was found.
 */
export function encryptPlaintextDatabase(file: string, key: Buffer, nativeBinding?: string): void {
  const keep = `${file}.plaintext.bak`;
  const kept = ['', '-wal'].filter((ext) => fs.existsSync(`${file}${ext}`));
  for (const ext of kept) {
    fs.copyFileSync(`${file}${ext}`, `${keep}${ext}`);
    restrictFile(`${keep}${ext}`);
  }
  const forget = () => kept.forEach((ext) => fs.rmSync(`${keep}${ext}`, { force: true }));
  try {
    const plain = openSqliteFile(file, { key: null, nativeBinding });
    try {
      const before = plain.pragma('quick_check(1)', { simple: true });
      if (before !== 'ok') throw databaseError('DB_CORRUPT', String(before));
      // Out of WAL first: rekeying a plaintext file needs a rollback journal (the next open turns WAL on again).
      plain.pragma('journal_mode = DELETE');
      useScheme(plain);
      plain.pragma(`rekey = ${keyPragma(key)}`);
    } finally {
      plain.close();
    }
    const check = openSqliteFile(file, { key, nativeBinding });
    try {
      const after = check.pragma('quick_check(1)', { simple: true });
      if (after !== 'ok') throw databaseError('DB_CORRUPT', `after encryption: ${String(after)}`);
    } finally {
      check.close();
    }
  } catch (err) {
    for (const ext of ['', '-wal', '-shm']) fs.rmSync(`${file}${ext}`, { force: true });
    for (const ext of kept) fs.copyFileSync(`${keep}${ext}`, `${file}${ext}`);
    forget();
    throw err;
  }
  forget();
}
