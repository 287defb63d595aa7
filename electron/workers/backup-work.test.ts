import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract';
import type { ChainReport } from '../../shared/contract/audit';
import type { BackupInfo } from '../../shared/contract/backups';
import type { IntegrityStatus } from '../../shared/contract/integrity';
import { anchorOf, checkpointFileOf } from '../db/audit-anchor';
import { keyFileProvider } from '../db/audit-key';
import { IN_PROCESS, type CopyCheck } from '../db/backup';
import { openSqliteFile } from '../db/encryption';
import { appendTestEvents } from '../test/audit-builders';
import { makeBootFolder } from '../test/boot-harness';
import { unwrap } from '../test/harness';
import { lastBackupThread, OFF_MAIN } from './backup-work';

let folder: ReturnType<typeof makeBootFolder>;
beforeAll(() => {
  process.env.WALLET_OPS_TS_WORKER = '1'; // the app loads the built worker; tests load its source through tsx
});
afterAll(() => {
  delete process.env.WALLET_OPS_TS_WORKER;
  folder.remove();
});

/** A verdict without its timings, which differ from run to run. */
const verdict = (c: CopyCheck) => ({
  ...c,
  verification: { ...c.verification, chain: { ...c.verification.chain, millis: 0 } },
});

describe('backups off the main thread', () => {
  it('writes and checks the copy on a worker, with the same verdicts as in-process, good or tampered', async () => {
    folder = makeBootFolder();
    const app = await folder.boot({ now: () => new Date('2026-03-02T01:00:00.000Z') });
    await app.signInAs('a1', 'admin');
    appendTestEvents(app.sqlite, 500, 10_000);
    await app.call('a1', 'backups:configure', {
      folder: path.join(folder.dir, 'backups'),
      everyHours: 24,
      keep: 7,
    });
    lastBackupThread.id = -1;
    const info = unwrap((await app.call('a1', 'backups:run', {})) as Result<BackupInfo>);
    expect(info.verified.ok).toBe(true);
    expect(lastBackupThread.id).toBeGreaterThan(0);
    expect(lastBackupThread.id).not.toBe(threadId);

    const file = path.join(folder.dir, 'backups', info.name);
    const opts = {
      key: keyFileProvider(folder.keyFile).load(),
      databaseKey: folder.databaseKey(),
      checkpoint: null,
      expectedRows: info.verified.rows,
      now: new Date(0),
    };
    const good = await OFF_MAIN.verify(file, opts);
    expect(good.verification.ok).toBe(true);
    expect(verdict(good)).toEqual(verdict(await IN_PROCESS.verify(file, opts)));

    const raw = openSqliteFile(file, { key: folder.databaseKey() });
    raw.exec('DROP TRIGGER IF EXISTS audit_events_no_update');
    raw.prepare("UPDATE audit_events SET note = 'forged' WHERE id = 7").run();
    raw.close();
    const bad = await OFF_MAIN.verify(file, opts);
    expect(bad.verification).toMatchObject({ ok: false, chain: { intact: false, firstBrokenId: 7 } });
    expect(verdict(bad)).toEqual(verdict(await IN_PROCESS.verify(file, opts)));
    // A copy opened without its key fails on the worker as it would here, with the reason.
    await expect(OFF_MAIN.verify(file, { ...opts, databaseKey: null })).rejects.toThrow(/encrypted/);
    app.stop();
  });
});

describe('the Verify chain button', () => {
  it('walks the live chain on the checks thread, with the anchor’s verdict, and finds an edit', async () => {
    const app = await folder.boot({ now: () => new Date('2026-03-02T02:00:00.000Z') });
    await app.signInAs('a2', 'admin');
    appendTestEvents(app.sqlite, 300, 20_000);
    // The verdict; the checkpoint it was read against moves on after every call (dispatch signs a new one).
    const strip = ({ intact, checked, firstBrokenId, problem, anchored }: ChainReport) => ({
      intact,
      checked,
      firstBrokenId,
      problem,
      anchored,
    });
    lastBackupThread.id = -1;
    const good = unwrap((await app.call('a2', 'audit:verify', {})) as Result<ChainReport>);
    expect(lastBackupThread.id).toBeGreaterThan(0);
    expect(lastBackupThread.id).not.toBe(threadId);
    expect(good.intact).toBe(true);
    // What the event (a) the button itself appended aside, the same verdict as the anchor's own walk.
    expect(strip(good)).toEqual(strip(await anchorOf(app.sqlite)!.verify()));

    app.sqlite.exec('DROP TRIGGER IF EXISTS audit_events_no_update');
    app.sqlite.prepare("UPDATE audit_events SET note = 'forged' WHERE id = 20").run();
    const bad = unwrap((await app.call('a2', 'audit:verify', {})) as Result<ChainReport>);
    expect(bad).toMatchObject({ intact: false, firstBrokenId: 20, problem: 'edited' });
    app.stop();
  });

  it('verifies a long chain that came without its checkpoint on the checks thread, after the host serves', async () => {
    const copy = makeBootFolder();
    try {
      let app = await copy.boot({ now: () => new Date('2026-03-02T03:00:00.000Z') });
      await app.signInAs('a3', 'admin');
      appendTestEvents(app.sqlite, 300, 30_000);
      app.stop();
      fs.rmSync(checkpointFileOf(copy.dbPath));
      const raw = openSqliteFile(copy.dbPath, { key: copy.databaseKey() });
      raw.exec('DROP TRIGGER audit_events_no_update');
      raw.prepare("UPDATE audit_events SET note = 'forged' WHERE id = 40").run();
      raw.close();

      lastBackupThread.id = -1;
      app = await copy.boot({ now: () => new Date('2026-03-02T04:00:00.000Z'), chainAtStartEvents: 100 });
      try {
        // The host serves before the walk ends (the thread alone takes longer to start).
        const settled = await Promise.race([app.chainChecked!.then(() => 'walked'), Promise.resolve('serving')]);
        expect(settled).toBe('serving');
        expect(await app.chainChecked).toMatchObject({ intact: false, problem: 'edited', firstBrokenId: 40 });
        expect(lastBackupThread.id).toBeGreaterThan(0);
        expect(lastBackupThread.id).not.toBe(threadId);
        await app.signInAs('a3', 'admin');
        const status = unwrap((await app.call('a3', 'integrity:status', {})) as Result<IntegrityStatus>);
        expect(status.warnings.map((w) => w.code)).toEqual(
          expect.arrayContaining(['AUDIT_CHECKPOINT_MISSING', 'AUDIT_CHAIN_BROKEN']),
        );
        // Nothing vouches for the forged chain: no checkpoint was signed, before or after.
        expect(fs.existsSync(checkpointFileOf(copy.dbPath))).toBe(false);
      } finally {
        app.stop();
      }
    } finally {
      copy.remove();
    }
  });
});
