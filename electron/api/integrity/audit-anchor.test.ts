import { openSqliteFile } from '../../db/encryption';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditCheckpoint, ChainReport } from '../../../shared/contract/audit';
import type { Result } from '../../../shared/contract';
import type { IntegrityStatus } from '../../../shared/contract/integrity';
import { checkCheckpoint, checkpointFileOf } from '../../db/audit-anchor';
import { keyFileProvider } from '../../db/audit-key';
import { verifyDatabaseFile } from '../../db/audit-verify-file';
import { parseCsv } from '../../imports/csv';
import { makeBootFolder } from '../../test/boot-harness';
import { exportAuditCsv } from '../../test/csv-export';
import { unwrap, type TestConsole } from '../../test/harness';

const data = async <T>(call: Promise<Result<unknown>>) => unwrap(await call) as T;

/** The anchored audit trail as the host runs it: boot, work, stop, tamper, boot again. */
let folder: ReturnType<typeof makeBootFolder>;
afterEach(() => folder.remove());

describe('the audit trail across restarts', () => {
  it('keeps the key outside the database, in a 0600 file, the same one every start', async () => {
    folder = makeBootFolder();
    const app = await folder.boot();
    app.stop();
    expect(fs.statSync(folder.keyFile).mode & 0o777).toBe(0o600);
    const key = keyFileProvider(folder.keyFile).load();
    expect(key).toHaveLength(32);
    // Not in the database, in any form.
    const dump = fs.readFileSync(folder.dbPath).toString('latin1');
    expect(dump.includes(key.toString('hex'))).toBe(false);
    expect(keyFileProvider(folder.keyFile).load()).toEqual(key);
    fs.writeFileSync(folder.keyFile, 'abc');
    expect(() => keyFileProvider(folder.keyFile).load()).toThrow(/damaged/);
  });

  it('signs a checkpoint after every call, catches a truncated tail and dropped triggers at the next start', async () => {
    folder = makeBootFolder();
    let app = await folder.boot();
    await app.signInAs('admin', 'admin');
    await app.signInAs('sup', 'supervisor');
    await app.call('sup', 'audit:list', { sort: 'id', dir: 'desc', limit: 10, after: null });
    const count = (app.sqlite.prepare('SELECT max(id) AS n FROM audit_events').get() as { n: number }).n;
    const cp = JSON.parse(fs.readFileSync(checkpointFileOf(folder.dbPath), 'utf8')) as AuditCheckpoint;
    expect(cp.count).toBe(count);
    expect(fs.statSync(checkpointFileOf(folder.dbPath)).mode & 0o777).toBe(0o600);
    app.stop();

    // An attacker with the file: drops the triggers and deletes the newest events.
    const raw = openSqliteFile(folder.dbPath, { key: folder.databaseKey() });
    raw.exec('DROP TRIGGER audit_events_no_delete');
    raw.prepare('DELETE FROM audit_events WHERE id > ?').run(count - 2);
    raw.close();

    app = await folder.boot();
    try {
      await app.signInAs('admin', 'admin');
      await app.signInAs('sup', 'supervisor');
      const status = await data<IntegrityStatus>(app.call('admin', 'integrity:status', {}));
      expect(status.warnings.map((w) => w.code).sort()).toEqual(['AUDIT_CHAIN_BROKEN', 'AUDIT_TRIGGERS_RESTORED']);
      expect(status.warnings.find((w) => w.code === 'AUDIT_CHAIN_BROKEN')?.details).toMatchObject({
        problem: 'truncated',
        firstBrokenId: count - 1,
      });
      const actions = app.sqlite
        .prepare("SELECT action FROM audit_events WHERE host = 'system' ORDER BY id")
        .pluck()
        .all();
      expect(actions).toEqual(expect.arrayContaining(['audit.triggersRestored', 'audit.chainBroken']));
      // The appended events reuse the deleted ids, so the full check finds the rewritten head.
      const report = await data<ChainReport>(app.call('sup', 'audit:verify', {}));
      expect(report).toMatchObject({ intact: false, checkpoint: { count } });
      expect(['truncated', 'forged']).toContain(report.problem);
      // Agents and supervisors do not see the administrators' warnings.
      expect((await app.call('sup', 'integrity:status', {})).ok).toBe(false);
    } finally {
      app.stop();
    }
  });

  it('ends every audit export with a signed checkpoint of the whole chain', async () => {
    folder = makeBootFolder();
    const app = await folder.boot();
    try {
      await app.signInAs('sup', 'supervisor');
      const caller = {
        ok: (client: string, channel: string, payload: unknown) => data(app.call(client, channel, payload)),
      };
      const out = (await exportAuditCsv(caller as Pick<TestConsole, 'ok'>, 'sup', { action: 'session.signIn' })) as {
        csv: string;
        checkpoint: AuditCheckpoint;
      };
      const key = keyFileProvider(folder.keyFile).load();
      expect(checkCheckpoint(key, out.checkpoint)).toEqual(out.checkpoint);
      const last = parseCsv(out.csv)
        .filter((r) => r.length > 1)
        .at(-1)!;
      expect(last[4]).toBe('audit.checkpoint');
      expect(checkCheckpoint(key, JSON.parse(last[8]))).toEqual(out.checkpoint);
      expect(checkCheckpoint(key, { ...out.checkpoint, count: out.checkpoint.count + 1 })).toBe('invalid');
    } finally {
      app.stop();
    }
  });
});

describe('npm run audit:verify', () => {
  it('holds the file against its checkpoint and key, read-only, and never makes a key', async () => {
    folder = makeBootFolder();
    const app = await folder.boot();
    await app.signInAs('sup', 'supervisor');
    const count = (app.sqlite.prepare('SELECT max(id) AS n FROM audit_events').get() as { n: number }).n;
    app.stop();
    expect(await verifyDatabaseFile(folder.dbPath, folder.keyFile, folder.databaseKey())).toMatchObject({
      keyed: true,
      report: { intact: true, checkpoint: { count }, anchored: count },
    });
    const raw = openSqliteFile(folder.dbPath, { key: folder.databaseKey() });
    raw.exec('DROP TRIGGER audit_events_no_delete');
    raw.prepare('DELETE FROM audit_events WHERE id = ?').run(count);
    raw.close();
    expect((await verifyDatabaseFile(folder.dbPath, folder.keyFile, folder.databaseKey())).report).toMatchObject({
      intact: false,
      problem: 'truncated',
      firstBrokenId: count,
    });
    const missing = `${folder.dir}/no-such.key`;
    expect(await verifyDatabaseFile(folder.dbPath, missing, folder.databaseKey())).toMatchObject({
      keyed: false,
      report: { intact: true },
    });
    expect(fs.existsSync(missing)).toBe(false);
    // The encrypted file cannot be read without its own key, and says why.
    await expect(verifyDatabaseFile(folder.dbPath, folder.keyFile)).rejects.toMatchObject({ code: 'DB_CORRUPT' });
  });
});
