import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract';
import type { BackupInfo, BackupStatus, RestoreResult } from '../../../shared/contract/backups';
import { keyFileProvider } from '../../db/audit-key';
import { verifyCopy } from '../../db/backup';
import { isPlaintextDatabase, openSqliteFile } from '../../db/encryption';
import type { Engine } from '../../db/engine';
import { appendTestEvents } from '../../test/audit-builders';
import { makeBootFolder } from '../../test/boot-harness';
import { unwrap } from '../../test/harness';
import { backupHandlers } from './handlers';
import { backupIfDue } from './runtime';

const data = async <T>(call: Promise<Result<unknown>>) => unwrap(await call) as T;
const mode = (f: string) => fs.statSync(f).mode & 0o777;

let folder: ReturnType<typeof makeBootFolder>;
afterEach(() => folder.remove());

/** A console as the host boots it, on a clock the test moves, with two administrators and a supervisor. */
async function desk() {
  folder = makeBootFolder();
  let at = Date.parse('2026-03-02T01:00:00.000Z');
  const app = await folder.boot({ now: () => new Date(at) });
  await app.signInAs('a1', 'admin');
  await app.signInAs('a2', 'admin');
  await app.signInAs('sup', 'supervisor');
  appendTestEvents(app.sqlite, 200, 10_000);
  const backupDir = path.join(folder.dir, 'chosen', 'backups');
  await data(app.call('a1', 'backups:configure', { folder: backupDir, everyHours: 24, keep: 7 }));
  const backup = () => data<BackupInfo>(app.call('a1', 'backups:run', {}));
  const status = () => data<BackupStatus>(app.call('a1', 'backups:status', {}));
  const lastEvent = (db: Database.Database) =>
    db.prepare('SELECT action, operator_id, after_json FROM audit_events ORDER BY id DESC LIMIT 1').get() as {
      action: string;
      operator_id: number | null;
      after_json: string;
    };
  const idleLock = async () =>
    (await data<{ idleLockMinutes: number }>(app.call('a1', 'settings:get', {}))).idleLockMinutes;
  return {
    app,
    backupDir,
    backup,
    status,
    lastEvent,
    idleLock,
    tick: (ms: number) => (at += ms),
    key: keyFileProvider(folder.keyFile).load(),
    databaseKey: folder.databaseKey(),
    /** A copy opened as IT would, with the database key. */
    raw: (file: string, readonly = false) => openSqliteFile(file, { key: folder.databaseKey(), readonly }),
  };
}

describe('online backups', () => {
  it('writes a 0600 copy into the chosen folder, verifies it and lists it', async () => {
    const d = await desk();
    const info = await d.backup();
    const file = path.join(d.backupDir, info.name);
    expect(info.name).toBe('wallet-ops-20260302T010000000Z.db');
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}.json`)).toBe(0o600);
    expect(mode(path.join(folder.dir, 'chosen'))).toBe(0o700);
    expect(info.verified).toMatchObject({ ok: true, quickCheck: 'ok', chain: { intact: true, problem: null } });
    expect(info.verified.chain.anchored).toBeGreaterThan(200);
    expect(info.verified.rows.operators).toBe(3);
    expect(info.verified.rows.audit_events).toBe(info.events);
    // A self-contained file: it opens read-only with no -wal beside it.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    // Encrypted with the database's key, like the database itself.
    expect(isPlaintextDatabase(file)).toBe(false);
    expect(() => openSqliteFile(file, { key: null, readonly: true })).toThrow(/encrypted/);
    const status = await d.status();
    expect(status.list.map((b) => b.name)).toEqual([info.name]);
    expect(status.nextDueAt).toBe('2026-03-03T01:00:00.000Z');
    expect(d.lastEvent(d.app.services.sqlite!)).toMatchObject({ action: 'backup.created' });
    d.app.stop();
  });

  it('keeps N generations and deletes only older copies of its own', async () => {
    const d = await desk();
    await data(d.app.call('a1', 'backups:configure', { folder: d.backupDir, everyHours: 24, keep: 2 }));
    fs.writeFileSync(path.join(d.backupDir, 'notes.txt'), 'not ours');
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      names.push((await d.backup()).name);
      d.tick(60_000);
    }
    expect((await d.status()).list.map((b) => b.name)).toEqual([names[3], names[2]]);
    expect(fs.readdirSync(d.backupDir).sort()).toEqual(
      [names[2], `${names[2]}.json`, names[3], `${names[3]}.json`, 'notes.txt'].sort(),
    );
    d.app.stop();
  });

  it('makes the scheduled copy once the interval has passed, not before', async () => {
    const d = await desk();
    const engine = d.app.services.engine;
    expect(await backupIfDue(engine)).toBeNull();
    d.tick(24 * 3_600_000);
    const made = await backupIfDue(engine);
    expect(made).toMatchObject({ reason: 'scheduled', verified: { ok: true } });
    expect(await backupIfDue(engine)).toBeNull();
    d.app.stop();
  });

  it('a copy whose audit chain or rows were altered does not verify', async () => {
    const d = await desk();
    const info = await d.backup();
    const file = path.join(d.backupDir, info.name);
    const raw = d.raw(file);
    raw.exec('DROP TRIGGER IF EXISTS audit_events_no_update');
    raw.prepare("UPDATE audit_events SET note = 'forged' WHERE id = 5").run();
    raw.close();
    const check = await verifyCopy(file, {
      key: d.key,
      databaseKey: d.databaseKey,
      checkpoint: null,
      expectedRows: info.verified.rows,
      now: new Date(0),
    });
    expect(check.verification).toMatchObject({
      ok: false,
      chain: { intact: false, problem: 'edited', firstBrokenId: 5 },
    });
    const fewer = { ...info.verified.rows, operators: 4 };
    const rows = await verifyCopy(path.join(d.backupDir, info.name), {
      key: null,
      databaseKey: d.databaseKey,
      checkpoint: null,
      expectedRows: fewer,
      now: new Date(0),
    });
    expect(rows.verification.ok).toBe(false);
    d.app.stop();
  });

  it('refuses every backup channel to a supervisor, in main', async () => {
    const d = await desk();
    for (const [channel, input] of [
      ['backups:status', {}],
      ['backups:run', {}],
      ['backups:configure', { folder: d.backupDir, everyHours: 1, keep: 1 }],
      ['backups:approveRestore', { requestId: 1 }],
    ] as const) {
      const res = await d.app.call('sup', channel, input);
      expect(res.ok ? null : res.error.code).toBe('FORBIDDEN');
    }
    expect(fs.existsSync(d.backupDir) ? fs.readdirSync(d.backupDir) : []).toEqual([]);
    d.app.stop();
  });

  it('refuses a folder that cannot be written, and a relative one', async () => {
    const d = await desk();
    const file = path.join(folder.dir, 'a-file');
    fs.writeFileSync(file, 'x');
    for (const bad of [path.join(file, 'inside'), 'relative/backups']) {
      const res = await d.app.call('a1', 'backups:configure', { folder: bad, everyHours: 24, keep: 7 });
      expect(res.ok ? null : res.error.code).toBe('BACKUP_FOLDER_UNUSABLE');
    }
    expect((await d.status()).settings.folder).toBe(d.backupDir);
    d.app.stop();
  });

  it('answers NOT_SUPPORTED on a team (PostgreSQL) engine', async () => {
    const ctx = { engine: { kind: 'postgres', sqlite: null } as unknown as Engine, session: {} } as never;
    await expect(backupHandlers['backups:status'](ctx, {})).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    await expect(backupHandlers['backups:run'](ctx, {})).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
});

describe('restore from a backup, four eyes', () => {
  it('one admin asks, a different admin approves; the file is kept aside and the chain verifies', async () => {
    const d = await desk();
    const before = await d.idleLock();
    const info = await d.backup();
    await data(d.app.call('a1', 'settings:update', { idleLockMinutes: before + 7 }));
    expect(await d.idleLock()).toBe(before + 7);

    const req = await data<{ id: number }>(
      d.app.call('a1', 'backups:requestRestore', { backup: info.name, reason: 'Wrong settings saved' }),
    );
    const own = await d.app.call('a1', 'backups:approveRestore', { requestId: req.id });
    expect(own.ok ? null : own.error.code).toBe('RESTORE_FOUR_EYES');
    const second = await d.app.call('a2', 'backups:requestRestore', { backup: info.name, reason: 'Another one' });
    expect(second.ok ? null : second.error.code).toBe('RESTORE_ALREADY_PENDING');

    const oldConnection = d.app.services.sqlite!;
    const result = await data<RestoreResult>(d.app.call('a2', 'backups:approveRestore', { requestId: req.id }));
    expect(result.chain).toMatchObject({ intact: true, problem: null });
    expect(oldConnection.open).toBe(false);

    // Everyone signs in again, on the restored file, which holds the data as it was.
    const gone = await d.app.call('a2', 'backups:status', {});
    expect(gone.ok ? null : gone.error.code).toBe('UNAUTHENTICATED');
    await d.app.call('a1', 'session:signIn', { username: 'admin-a1', password: 'pass1234' });
    expect(await d.idleLock()).toBe(before);

    const restored = d.app.services.sqlite!;
    const last = restored
      .prepare("SELECT operator_id, after_json FROM audit_events WHERE action = 'backup.restored'")
      .get() as { operator_id: number; after_json: string };
    const ids = (u: string) =>
      (restored.prepare('SELECT id FROM operators WHERE username = ?').get(u) as { id: number }).id;
    expect(last.operator_id).toBe(ids('admin-a2'));
    expect(JSON.parse(last.after_json)).toMatchObject({
      requestedBy: ids('admin-a1'),
      approvedBy: ids('admin-a2'),
      backup: info.name,
      chain: { intact: true },
    });
    // The database as it was before: kept beside it, with the approval in its own log.
    const aside = d.raw(result.keptAside, true);
    const approved = aside
      .prepare("SELECT count(*) FROM audit_events WHERE action = 'backup.restoreApproved'")
      .pluck()
      .get();
    const changed = aside.prepare("SELECT count(*) FROM audit_events WHERE action = 'settings.updated'").pluck().get();
    aside.close();
    expect([approved, changed]).toEqual([1, 1]);
    expect(mode(result.keptAside)).toBe(0o600);
    const verify = await data<{ intact: boolean }>(d.app.call('a1', 'audit:verify', {}));
    expect(verify.intact).toBe(true);
    d.app.stop();

    // The next start verifies the restored chain against the checkpoint written after the restore.
    const again = await folder.boot();
    await again.signInAs('a1', 'admin', 'admin-a1');
    const warnings = await data<{ warnings: unknown[] }>(again.call('a1', 'integrity:status', {}));
    expect(warnings.warnings).toEqual([]);
    again.stop();
  });

  it('a waiting request survives a restart of the host, and a second admin approves it after', async () => {
    const d = await desk();
    const info = await d.backup();
    await data(d.app.call('a1', 'settings:update', { idleLockMinutes: 11 }));
    const req = await data<{ id: number }>(
      d.app.call('a1', 'backups:requestRestore', { backup: info.name, reason: 'Undo the change' }),
    );
    d.app.stop();

    const again = await folder.boot();
    await again.signInAs('a1', 'admin', 'admin-a1');
    await again.signInAs('a2', 'admin', 'admin-a2');
    const status = await data<BackupStatus>(again.call('a1', 'backups:status', {}));
    expect(status.pendingRestore).toMatchObject({ id: req.id, backup: info.name, reason: 'Undo the change' });
    // Still four eyes after the restart, and still one request at a time.
    const own = await again.call('a1', 'backups:approveRestore', { requestId: req.id });
    expect(own.ok ? null : own.error.code).toBe('RESTORE_FOUR_EYES');
    const another = await again.call('a2', 'backups:requestRestore', { backup: info.name, reason: 'Again' });
    expect(another.ok ? null : another.error.code).toBe('RESTORE_ALREADY_PENDING');
    const result = await data<RestoreResult>(again.call('a2', 'backups:approveRestore', { requestId: req.id }));
    expect(result.restored).toBe(info.name);
    await again.call('a1', 'session:signIn', { username: 'admin-a1', password: 'pass1234' });
    expect((await data<BackupStatus>(again.call('a1', 'backups:status', {}))).pendingRestore).toBeNull();
    expect(await data<{ idleLockMinutes: number }>(again.call('a1', 'settings:get', {}))).not.toMatchObject({
      idleLockMinutes: 11,
    });
    again.stop();
  });

  it('a request written into its file by hand does not count: the audit log must hold it', async () => {
    const d = await desk();
    const info = await d.backup();
    const req = await data<{ id: number }>(
      d.app.call('a1', 'backups:requestRestore', { backup: info.name, reason: 'Real request' }),
    );
    const file = `${folder.dbPath}.restore-request.json`;
    expect(mode(file)).toBe(0o600);
    // a2 tries to pass a1's request off as made by someone else, to approve it alone.
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    const a2 = (d.app.sqlite.prepare("SELECT id FROM operators WHERE username = 'admin-a2'").get() as { id: number })
      .id;
    stored.pending.requestedBy.id = a2 + 100;
    fs.writeFileSync(file, JSON.stringify(stored));
    expect((await d.status()).pendingRestore).toBeNull();
    const res = await d.app.call('a2', 'backups:approveRestore', { requestId: req.id });
    expect(res.ok ? null : res.error.code).toBe('NOT_FOUND');
    d.app.stop();
  });

  it('refuses a backup altered since it was written, and changes nothing', async () => {
    const d = await desk();
    const info = await d.backup();
    const raw = d.raw(path.join(d.backupDir, info.name));
    raw.exec('DROP TRIGGER IF EXISTS audit_events_no_delete');
    raw.prepare('DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)').run();
    raw.close();
    const req = await data<{ id: number }>(
      d.app.call('a1', 'backups:requestRestore', { backup: info.name, reason: 'Testing a bad copy' }),
    );
    const res = await d.app.call('a2', 'backups:approveRestore', { requestId: req.id });
    expect(res.ok ? null : res.error.code).toBe('BACKUP_NOT_VERIFIED');
    expect(d.app.services.sqlite).toBe(d.app.sqlite);
    expect(d.app.sqlite.open).toBe(true);
    d.app.stop();
  });

  it('a restore that fails after the swap puts the current database back as it was', async () => {
    const d = await desk();
    const info = await d.backup();
    await data(d.app.call('a1', 'settings:update', { idleLockMinutes: 9 }));
    // A copy that verifies but that this version cannot open (written by a newer version).
    const raw = d.raw(path.join(d.backupDir, info.name));
    raw.pragma('user_version = 99999');
    raw.close();
    const req = await data<{ id: number }>(
      d.app.call('a1', 'backups:requestRestore', { backup: info.name, reason: 'Try the newer copy' }),
    );
    const res = await d.app.call('a2', 'backups:approveRestore', { requestId: req.id });
    expect(res.ok ? null : res.error.code).toBe('RESTORE_FAILED');
    expect(await d.idleLock()).toBe(9);
    const sqlite = d.app.services.sqlite!;
    expect((sqlite.pragma('quick_check') as { quick_check: string }[])[0].quick_check).toBe('ok');
    expect(d.lastEvent(sqlite)).toMatchObject({ action: 'backup.restoreFailed' });
    expect(fs.readdirSync(folder.dir).filter((f) => f.includes('before-restore'))).toEqual([]);
    const verify = await data<{ intact: boolean }>(d.app.call('a1', 'audit:verify', {}));
    expect(verify.intact).toBe(true);
    d.app.stop();
  });
});
