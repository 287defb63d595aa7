import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from './open';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';

const dirs: string[] = [];
const tempFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-open-'));
  dirs.push(dir);
  return path.join(dir, 'db.sqlite');
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('openDatabase', () => {
  it('sets the pragmas the console relies on', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('migrates a new file to the latest version with STRICT tables', () => {
    const db = openDatabase(tempFile());
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    const tables = db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'")
      .all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.length).toBeGreaterThan(15);
    expect(tables.filter((t) => t.strict !== 1)).toEqual([]);
    db.close();
  });

  it('refuses a float or text in a money column', () => {
    const db = openDatabase(tempFile());
    db.prepare(
      "INSERT INTO customers (id, name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at) VALUES (1, '王伟', 'Wei Wang', '13800001234', '1234', 2, 'standard', '2026-01-01T00:00:00.000Z')",
    ).run();
    const insert = (balance: unknown) =>
      db
        .prepare(
          "INSERT INTO accounts (account_no, customer_id, currency, balance_minor, status) VALUES (?, 1, 'CNY', ?, 'active')",
        )
        .run(`A${Math.random()}`, balance);
    expect(() => insert(12.5)).toThrow();
    expect(() => insert('12.5')).toThrow(); // text that is not a whole number
    expect(() => insert(-1)).toThrow();
    expect(() => insert(100)).not.toThrow();
    db.close();
  });

  it('backs up an existing database before migrating it, and each migration is all-or-nothing', () => {
    const file = tempFile();
    openDatabase(file).close();
    const failing: Migration = {
      version: LATEST_VERSION + 10,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT');
        throw new Error('boom');
      },
    };
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, failing] })).toThrow('boom');
    const backups = fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database written by a newer app, with a clear message', () => {
    const file = tempFile();
    const db = openDatabase(file);
    db.pragma(`user_version = ${LATEST_VERSION + 100}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer version of Wallet Ops Console/);
  });
});
