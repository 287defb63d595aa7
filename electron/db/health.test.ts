import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendTestEvents } from '../test/audit-builders';
import { makeBootFolder } from '../test/boot-harness';
import { OFF_MAIN, lastBackupThread } from '../workers/backup-work';
import { openDatabase, structureCheckDeferred } from './open';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-health-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A closed database of a few hundred kilobytes, so there is a middle to damage. */
function filledDatabase(file = path.join(tempDir(), 'console.db')): string {
  const db = openDatabase(file);
  appendTestEvents(db, 3000);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe('the database file at start', () => {
  it('64 KB of garbage in the middle is DB_CORRUPT before anything is served', () => {
    const file = filledDatabase();
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(4 * 65536);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(65536, 0x5a), 0, 65536, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    expect(() => openDatabase(file, { checkHealth: true })).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));
  });

  it('a host does not start on a damaged file, and leaves it as it found it', async () => {
    const folder = makeBootFolder();
    try {
      filledDatabase(folder.dbPath);
      const size = fs.statSync(folder.dbPath).size;
      const fd = fs.openSync(folder.dbPath, 'r+');
      fs.writeSync(fd, Buffer.alloc(65536, 0x5a), 0, 65536, Math.floor(size / 2 / 4096) * 4096);
      fs.closeSync(fd);
      const damaged = fs.readFileSync(folder.dbPath);
      await expect(folder.boot()).rejects.toMatchObject({ code: 'DB_CORRUPT' });
      expect(fs.readFileSync(folder.dbPath).equals(damaged)).toBe(true);
    } finally {
      folder.remove();
    }
  });

  // root writes through file modes, so a 0444 file is read-only only for an ordinary user.
  const asRoot = process.getuid?.() === 0;
  it.skipIf(asRoot)(
    `a read-only file stops the host with DB_READ_ONLY, not a later INTERNAL${asRoot ? ' (skipped: run as root, which writes through file modes)' : ''}`,
    async () => {
      const folder = makeBootFolder();
      try {
        filledDatabase(folder.dbPath);
        fs.chmodSync(folder.dbPath, 0o444);
        await expect(folder.boot()).rejects.toMatchObject({ code: 'DB_READ_ONLY' });
        expect(mode(folder.dbPath)).toBe(0o444); // narrowing the mode never makes a file writable
      } finally {
        folder.remove();
      }
    },
  );

  it('a file that is not a database at all is DB_CORRUPT', () => {
    const file = filledDatabase();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from('this is not sqlite'), 0, 18, 0);
    fs.closeSync(fd);
    expect(() => openDatabase(file, { checkHealth: true })).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));
  });

  it('a file too large to check before serving opens, and the check off main finds its damage', async () => {
    const file = filledDatabase();
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    // One page of the audit table's middle: nothing the open itself reads.
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor((size * 0.6) / 4096) * 4096);
    fs.closeSync(fd);
    // As a file over CHECK_AT_START_BYTES opens: no quick_check before serving.
    const db = openDatabase(file, { checkHealth: true, checkAtStartBytes: 0 });
    try {
      expect(structureCheckDeferred(db)).toBe(true);
      for (const where of ['in-process', 'worker']) {
        process.env.WALLET_OPS_TS_WORKER = where === 'worker' ? '1' : '';
        const problems = await OFF_MAIN.structure(file, { databaseKey: null });
        expect(problems.join('; ')).not.toBe('ok');
        if (where === 'worker') expect(lastBackupThread.id).toBeGreaterThan(0);
      }
    } finally {
      delete process.env.WALLET_OPS_TS_WORKER;
      db.close();
    }
    // A small file is still checked before anything is served.
    expect(() => openDatabase(file, { checkHealth: true })).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));
  }, 60_000);

  it('a healthy file passes and opens', () => {
    const file = filledDatabase();
    const db = openDatabase(file, { checkHealth: true });
    expect(db.prepare('SELECT count(*) AS n FROM audit_events').get()).toEqual({ n: 3000 });
    expect(structureCheckDeferred(db)).toBe(false);
    db.close();
    return expect(OFF_MAIN.structure(file, { databaseKey: null })).resolves.toEqual(['ok']);
  });

  it('creates the database, its journal files and a new folder owner-only; narrows an old 0644 file', () => {
    const dir = path.join(tempDir(), 'new', 'folder');
    const file = path.join(dir, 'console.db');
    const db = openDatabase(file);
    appendTestEvents(db, 10);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    db.close();
    fs.chmodSync(file, 0o644);
    openDatabase(file).close();
    expect(mode(file)).toBe(0o600);
    fs.chmodSync(file, 0o444);
    openDatabase(file).close();
    expect(mode(file)).toBe(0o400); // takes bits away, never adds write
  });
});
