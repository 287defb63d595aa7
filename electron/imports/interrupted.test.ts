import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeBootFolder } from '../test/boot-harness';
import { makeTestConsole } from '../test/harness';
import { importSettled } from './jobs';
import { getUpload, removeStaleUploads } from './uploads';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe('interrupted imports and uploads (issue 12 §5)', () => {
  it('an import left running by a stopped process is marked failed at the next start, audited, with a warning', async () => {
    const folder = makeBootFolder();
    cleanups.push(() => folder.remove());
    const first = await folder.boot();
    // What kill -9 during an import leaves: the row says running, no process is running it.
    first.sqlite
      .prepare(
        `INSERT INTO contact_imports (source_name, file_name, status, time_zone, mapping_json, total_bytes, processed_bytes, rows_read, imported, started_at)
         VALUES ('pbx', 'calls.csv', 'running', 'UTC', '{}', 1000, 400, 10, 10, '2026-01-05T08:00:00.000Z')`,
      )
      .run();
    first.stop();

    const second = await folder.boot();
    cleanups.push(() => second.stop());
    expect(
      second.sqlite.prepare('SELECT status, imported, finished_at IS NOT NULL AS done FROM contact_imports').get(),
    ).toEqual({
      status: 'failed',
      imported: 10,
      done: 1,
    });
    const events = second.sqlite
      .prepare("SELECT action, note FROM audit_events WHERE entity_type = 'contact_import'")
      .all() as { action: string; note: string | null }[];
    expect(events.at(-1)?.note).toMatch(/interrupted/);
    await second.signInAs('tab', 'admin');
    const status = await second.call('tab', 'integrity:status', {});
    expect(status).toMatchObject({
      ok: true,
      data: { warnings: [expect.objectContaining({ code: 'IMPORTS_INTERRUPTED' })] },
    });
  });

  it('uploads go to a private folder (0700, files 0600) and are deleted once imported', async () => {
    const t = makeTestConsole();
    cleanups.push(() => t.close());
    await t.signInAs('sup', 'supervisor');
    const up = await t.ok('sup', 'contacts:importUpload', {
      uploadId: null,
      fileName: 'calls.csv',
      chunk:
        'external_id,started_at,channel,category,outcome,queue_seconds,talk_seconds\nX1,2026-01-05T08:00:00Z,phone,other,resolved,5,60\n',
    });
    const file = getUpload(up.uploadId, t.sqlite.prepare('SELECT id FROM operators').pluck().get() as number).path;
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(path.dirname(file)).not.toBe(path.join(os.tmpdir(), 'wallet-ops-imports'));
    const preview = await t.ok('sup', 'contacts:importPreview', { uploadId: up.uploadId });
    const started = await t.ok('sup', 'contacts:importStart', {
      uploadId: up.uploadId,
      sourceName: 'pbx',
      mapping: preview.mapping,
      timeZone: 'UTC',
    });
    await importSettled(started.id);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('removes the upload folders of console processes that are no longer running, and only those', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-tmp-'));
    cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    fs.mkdirSync(path.join(tmp, `wallet-ops-uploads-${dead}-abc`));
    fs.mkdirSync(path.join(tmp, `wallet-ops-uploads-${process.pid}-def`));
    fs.mkdirSync(path.join(tmp, 'someone-else'));
    expect(removeStaleUploads(tmp)).toEqual([`wallet-ops-uploads-${dead}-abc`]);
    expect(fs.readdirSync(tmp).sort()).toEqual(['someone-else', `wallet-ops-uploads-${process.pid}-def`]);
  });
});
