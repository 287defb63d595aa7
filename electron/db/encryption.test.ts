import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors';
import { appendTestEvents } from '../test/audit-builders';
import { makeCustomerAccount } from '../test/case-builders';
import { verifyChain } from './audit-verify';
import { isPlaintextDatabase, keyForFile, openSqliteFile } from './encryption';
import { openDatabase } from './open';

const dirs: string[] = [];
const tempFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-atrest-'));
  dirs.push(dir);
  return path.join(dir, 'console.db');
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const key = randomBytes(32);
const auditKey = randomBytes(32);
const phoneOf = (db: ReturnType<typeof openDatabase>) =>
  db.prepare('SELECT phone FROM customers').pluck().get() as string;

/** Everything on disk for a database: the file and its journals, as a thief copying the folder gets them. */
const onDisk = (file: string) =>
  Buffer.concat(['', '-wal', '-shm'].filter((e) => fs.existsSync(file + e)).map((e) => fs.readFileSync(file + e)));

const openFailure = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('it opened');
};

describe('the database at rest', () => {
  it('holds no customer data in the clear, in the file or its journals, and no SQLite header', () => {
    const file = tempFile();
    const db = openDatabase(file, { databaseKey: key, auditKey });
    makeCustomerAccount(db, { balanceMinor: 123_456 });
    const PHONE = phoneOf(db);
    expect(PHONE).toMatch(/^137\d{8}$/);
    expect(onDisk(file).includes(PHONE)).toBe(false); // the WAL is encrypted too
    db.close();
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(PHONE)).toBe(false);
    expect(bytes.includes('SQLite format 3')).toBe(false);
    expect(isPlaintextDatabase(file)).toBe(false);
  });

  it('refuses to open without the key, or with another key, as DB_CORRUPT naming the key', () => {
    const file = tempFile();
    openDatabase(file, { databaseKey: key }).close();
    const none = openFailure(() => openDatabase(file));
    expect(none).toBeInstanceOf(AppError);
    expect(none.code).toBe('DB_CORRUPT');
    expect(none.message).toMatch(/encrypted and no database key/);
    const other = openFailure(() => openDatabase(file, { databaseKey: randomBytes(32) }));
    expect(other.code).toBe('DB_CORRUPT');
    expect(other.message).toMatch(/cannot be read with this console's database key/);
    // The raw way in (workers, copies, scripts) says the same.
    expect(openFailure(() => openSqliteFile(file, { key: null, readonly: true })).code).toBe('DB_CORRUPT');
    // And the right key still opens it: a refusal changed nothing.
    openDatabase(file, { databaseKey: key }).close();
  });

  it('encrypts a plaintext database once, keeping its data and a verifying audit chain', async () => {
    const file = tempFile();
    const plain = openDatabase(file, { auditKey });
    makeCustomerAccount(plain, { balanceMinor: 123_456 });
    appendTestEvents(plain, 300);
    const PHONE = phoneOf(plain);
    const before = await verifyChain(plain, { key: auditKey });
    expect(before.intact).toBe(true);
    plain.close();
    expect(isPlaintextDatabase(file)).toBe(true);
    expect(onDisk(file).includes(PHONE)).toBe(true);

    const db = openDatabase(file, { databaseKey: key, auditKey });
    expect(isPlaintextDatabase(file)).toBe(false);
    expect(onDisk(file).includes(PHONE)).toBe(false);
    // The plaintext copy kept during the conversion is gone once it succeeded.
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('plaintext'))).toEqual([]);
    expect(phoneOf(db)).toBe(PHONE);
    expect(db.prepare('SELECT balance_minor FROM accounts').pluck().get()).toBe(123_456);
    const after = await verifyChain(db, { key: auditKey });
    expect(after).toMatchObject({ intact: true, checked: before.checked, problem: null });
    db.close();
    // Once is enough: the next open is an ordinary keyed one.
    openDatabase(file, { databaseKey: key, auditKey }).close();
  });

  it('reaches the worker threads in memory, so their own connections open the file', async () => {
    const file = tempFile();
    const db = openDatabase(file, { databaseKey: key });
    makeCustomerAccount(db);
    expect(keyForFile(file)).toEqual(key);
    // What the import and fee-simulation workers do first: open the file with keyForFile's key.
    const source = path.resolve(__dirname, 'encryption.ts');
    const code = `require('tsx/cjs');
      const { parentPort, workerData } = require('node:worker_threads');
      const { keyForFile, openSqliteFile } = require(${JSON.stringify(source)});
      const db = openSqliteFile(workerData, { key: keyForFile(workerData), readonly: true });
      parentPort.postMessage(db.prepare('SELECT count(*) FROM customers').pluck().get());
      db.close();`;
    const seen = await new Promise((resolve, reject) => {
      const worker = new Worker(code, { eval: true, workerData: file });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(seen).toBe(1);
    db.close();
  });
});
