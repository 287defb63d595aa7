import { openSqliteFile } from '../../db/encryption';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract, type ChannelName, type Result } from '../../../shared/contract';
import type { BackupInfo, RecoveryStatus } from '../../../shared/contract/backups';
import { AppError } from '../../../shared/contract/errors';
import { keyFileProvider } from '../../db/audit-key';
import { appendTestEvents } from '../../test/audit-builders';
import { makeBootFolder } from '../../test/boot-harness';
import { unwrap } from '../../test/harness';
import { VALID_INPUT } from '../../test/valid-inputs';
import { dispatch } from '../core/dispatch';
import { startRecovery } from './recovery';

const data = async <T>(call: Promise<Result<unknown>>) => unwrap(await call) as T;
const code = (r: Result<unknown>) => (r.ok ? null : r.error.code);

let folder: ReturnType<typeof makeBootFolder>;
afterEach(() => folder.remove());

/** A desk with a verified backup, whose database file is then damaged in the middle. */
async function damagedDesk() {
  folder = makeBootFolder();
  const app = await folder.boot();
  await app.signInAs('a1', 'admin');
  await app.signInAs('sup', 'supervisor');
  appendTestEvents(app.sqlite, 3000, 10_000);
  const backup = await data<BackupInfo>(app.call('a1', 'backups:run', {}));
  app.sqlite.prepare("UPDATE operators SET display_name = 'After the backup' WHERE username = 'admin-a1'").run();
  app.stop();
  const size = fs.statSync(folder.dbPath).size;
  const fd = fs.openSync(folder.dbPath, 'r+');
  fs.writeSync(fd, Buffer.alloc(65536, 0x5a), 0, 65536, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
  const problem = await folder.boot().then(
    () => null,
    (err: AppError) => err,
  );
  const recovery = startRecovery({
    dbPath: folder.dbPath,
    host: 'browser',
    key: keyFileProvider(folder.keyFile).load(),
    databaseKey: folder.databaseKey(),
    problem: problem?.message ?? '',
  });
  const call = (channel: string, input: unknown) =>
    dispatch(recovery.services, recovery.handlers, 'browser:tab', channel, input);
  return { backup, problem, recovery, call, damaged: fs.readFileSync(folder.dbPath) };
}

describe('a damaged database at start', () => {
  it('serves nothing of the console, only the recovery screen with the verified backups', async () => {
    const d = await damagedDesk();
    expect(d.problem?.code).toBe('DB_CORRUPT');
    const status = await data<RecoveryStatus>(d.call('recovery:status', {}));
    expect(status).toMatchObject({ state: 'corrupt', databaseFile: folder.dbPath });
    expect(status.backups.map((b) => b.name)).toEqual([d.backup.name]);
    // Every other channel, with a valid input, is refused: the public ones (sign-in among them)
    // with DB_CORRUPT, the rest before that, as no one can sign in. Nothing is half-served.
    for (const [channel, input] of Object.entries(VALID_INPUT) as [ChannelName, unknown][]) {
      if (channel.startsWith('recovery:')) continue;
      const expected = contract[channel].permission === null ? 'DB_CORRUPT' : 'UNAUTHENTICATED';
      expect([channel, code(await d.call(channel, input))]).toEqual([channel, expected]);
    }
  });

  it('restores only for an active administrator of the backup, and keeps the damaged file aside', async () => {
    const d = await damagedDesk();
    const wrong = await d.call('recovery:restore', { backup: d.backup.name, username: 'admin-a1', password: 'nope' });
    expect(code(wrong)).toBe('RECOVERY_CREDENTIALS');
    const supervisor = { backup: d.backup.name, username: 'supervisor-sup', password: 'pass1234' };
    expect(code(await d.call('recovery:restore', supervisor))).toBe('RECOVERY_CREDENTIALS');
    expect(fs.readFileSync(folder.dbPath).equals(d.damaged)).toBe(true);

    const done = await data<{ keptAside: string }>(
      d.call('recovery:restore', { backup: d.backup.name, username: 'admin-a1', password: 'pass1234' }),
    );
    await d.recovery.whenRestored;
    expect(fs.readFileSync(done.keptAside).equals(d.damaged)).toBe(true);

    // The host starts again on the restored file: the data as the backup had it, the chain whole.
    const app = await folder.boot();
    await app.signInAs('a1', 'admin', 'admin-a1');
    const verify = await data<{ intact: boolean; anchored: number }>(app.call('a1', 'audit:verify', {}));
    expect(verify.intact).toBe(true);
    const name = app.sqlite.prepare("SELECT display_name FROM operators WHERE username = 'admin-a1'").pluck().get();
    expect(name).toBe('admin-a1');
    const event = app.sqlite
      .prepare("SELECT operator_id, after_json FROM audit_events WHERE action = 'backup.restored'")
      .get() as { operator_id: number; after_json: string };
    expect(JSON.parse(event.after_json)).toMatchObject({ backup: d.backup.name, from: 'recovery' });
    expect(event.operator_id).toBe(1);
    const status = await data<{ warnings: unknown[] }>(app.call('a1', 'integrity:status', {}));
    expect(status.warnings).toEqual([]);
    app.stop();
  });

  it('pauses after five wrong passwords', async () => {
    const d = await damagedDesk();
    for (let i = 0; i < 5; i++) {
      const r = await d.call('recovery:restore', { backup: d.backup.name, username: 'admin-a1', password: `x${i}` });
      expect(code(r)).toBe('RECOVERY_CREDENTIALS');
    }
    const right = { backup: d.backup.name, username: 'admin-a1', password: 'pass1234' };
    expect(code(await d.call('recovery:restore', right))).toBe('ACCOUNT_LOCKED_OUT');
  });

  it('refuses a backup altered since it was written', async () => {
    const d = await damagedDesk();
    const raw = openSqliteFile(path.join(folder.dir, 'backups', d.backup.name), { key: folder.databaseKey() });
    raw.exec('DROP TRIGGER IF EXISTS audit_events_no_delete');
    raw.prepare('DELETE FROM audit_events WHERE id > 3000').run();
    raw.close();
    const r = await d.call('recovery:restore', { backup: d.backup.name, username: 'admin-a1', password: 'pass1234' });
    expect(code(r)).toBe('BACKUP_NOT_VERIFIED');
    expect(fs.readFileSync(folder.dbPath).equals(d.damaged)).toBe(true);
  });
});
