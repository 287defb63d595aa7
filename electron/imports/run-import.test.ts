import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactImport } from '../../shared/contract/contact-imports';
import { IMPORT_FIELDS } from '../../shared/contract/contact-imports';
import { readSettings } from '../db/settings';
import { generateDataset } from '../seed/generate';
import { count, makeTestConsole, type TestConsole } from '../test/harness';
import { rollupDifferences } from '../test/rollup-check';
import { importSettled } from './jobs';
import { runContactImport } from './run-import';
import { registerPickedFile } from './uploads';
import { cancellableJob, importSample, SAMPLES } from '../test/import-helpers';

let t: TestConsole;

beforeAll(async () => {
  t = makeTestConsole();
  await generateDataset(t.sqlite, { scale: 'demo', seed: 3, anchor: new Date('2026-11-01T00:00:00Z') });
  await t.signInAs('sup', 'supervisor');
  await t.signInAs('agent', 'agent');
});
afterAll(() => t.close());

const operatorIdOf = (client: string) => t.services.sessions.get(client)!.operatorId;

/** Uploads a sample in chunks the way browser mode does, previews it and imports it. */
const importFile = (file: string, sourceName?: string) => importSample(t, 'sup', file, sourceName);

describe('CSV import', () => {
  let first: ContactImport;

  it('imports the good rows of the sample with errors and reports the bad ones by row and reason', async () => {
    const before = count(t.sqlite, 'contacts');
    const { preview, result } = await importFile('contacts-with-errors.csv');
    first = result;
    expect(preview.rememberedFrom).toBeNull();
    expect(result).toMatchObject({ status: 'completed', rowsRead: 405, imported: 375, errors: 30, duplicates: 0 });
    expect(count(t.sqlite, 'contacts')).toBe(before + 375);
    const reasons = new Set(
      (
        t.sqlite.prepare('SELECT reason FROM contact_import_errors WHERE import_id = ?').all(result.id) as {
          reason: string;
        }[]
      ).map((r) => r.reason),
    );
    expect([...reasons].sort()).toEqual([
      'bad_time',
      'duplicate_in_file',
      'missing_field',
      'negative_duration',
      'unknown_channel',
    ]);
    const report = await t.ok('sup', 'contacts:importErrors', { id: result.id });
    expect(report.rows).toBe(30);
    expect(report.csv.split('\r\n')[0]).toBe('row,reason,field,value');
    expect(report.csv).toContain('unknown channel,channel,fax');
    // Row numbers are the file's line numbers: line 22 has an empty start time.
    expect(report.csv).toMatch(/\r\n22,missing required field,startedAt,\r\n/);
  });

  it('keeps the rollups equal to a full recomputation, in the same transactions', () => {
    expect(rollupDifferences(t.sqlite, readSettings(t.sqlite).timeZone)).toEqual([]);
  });

  it('importing the same file again adds nothing, and the mapping is remembered for the source', async () => {
    const contacts = count(t.sqlite, 'contacts');
    const rollup = t.sqlite.prepare('SELECT sum(contacts) AS n FROM contact_rollup').get();
    const { preview, result } = await importFile('contacts-with-errors.csv');
    expect(preview.rememberedFrom).toBe('Genesys CDR export');
    expect(result).toMatchObject({ status: 'completed', imported: 0, duplicates: 380, errors: 25 });
    expect(count(t.sqlite, 'contacts')).toBe(contacts);
    expect(t.sqlite.prepare('SELECT sum(contacts) AS n FROM contact_rollup').get()).toEqual(rollup);
  });

  it('writes an audit event when an import starts and when it ends', () => {
    const actions = (
      t.sqlite
        .prepare("SELECT action FROM audit_events WHERE entity_type = 'contact_import' AND entity_id = ? ORDER BY id")
        .all(String(first.id)) as { action: string }[]
    ).map((r) => r.action);
    expect(actions).toEqual(['contacts.importStarted', 'contacts.importCompleted']);
  });

  it('reads a GBK file picked on the desktop as GB18030, so its Chinese notes arrive intact', async () => {
    const picked = registerPickedFile(path.join(SAMPLES, 'contacts-gbk.csv'), operatorIdOf('sup'));
    const preview = await t.ok('sup', 'contacts:importPreview', {
      uploadId: picked.uploadId,
      sourceName: 'Excel export',
    });
    expect(preview.encoding).toBe('gb18030');
    expect(preview.rows[0]).toContain('客户来电咨询');
    const started = await t.ok('sup', 'contacts:importStart', {
      uploadId: picked.uploadId,
      sourceName: 'Excel export',
      mapping: preview.mapping,
      timeZone: 'Asia/Shanghai',
    });
    await importSettled(started.id);
    const result = await t.ok('sup', 'contacts:importStatus', { id: started.id });
    expect(result).toMatchObject({ status: 'completed', errors: 0 });
    const notes = t.sqlite.prepare("SELECT count(*) AS n FROM contacts WHERE note = '客户来电咨询'").get() as {
      n: number;
    };
    expect(notes.n).toBeGreaterThan(0);
  });

  it('says which encoding a browser upload was decoded from', async () => {
    const up = await t.ok('sup', 'contacts:importUpload', {
      uploadId: null,
      fileName: 'g.csv',
      chunk: 'a,b\n1,2\n',
      encoding: 'gb18030',
    });
    const preview = await t.ok('sup', 'contacts:importPreview', { uploadId: up.uploadId });
    expect(preview.encoding).toBe('gb18030');
  });

  it('imports the clean sample whole', async () => {
    const { result } = await importFile('contacts-clean.csv', 'Avaya export');
    expect(result).toMatchObject({ status: 'completed', rowsRead: 700, imported: 700, errors: 0 });
  });

  it('refuses an incomplete mapping, and an agent may not import', async () => {
    const up = await t.ok('sup', 'contacts:importUpload', { uploadId: null, fileName: 'x.csv', chunk: 'a,b\n1,2\n' });
    // Every field named (the contract is strict), none mapped to a column.
    const mapping = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, null]));
    const res = await t.call('sup', 'contacts:importStart', {
      uploadId: up.uploadId,
      sourceName: 'x',
      mapping,
      timeZone: 'UTC',
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'IMPORT_MAPPING_INCOMPLETE' } });
    const forbidden = await t.call('agent', 'contacts:importUpload', { uploadId: null, fileName: 'x.csv', chunk: 'a' });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The upload belongs to the operator who sent it.
    expect(await t.call('agent', 'contacts:importStatus', { id: first.id })).toMatchObject({ ok: false });
  });

  it('a cancelled import keeps the batches it committed and says so in the audit log', () => {
    const id = Number(
      t.sqlite
        .prepare(
          `INSERT INTO contact_imports (source_name, file_name, status, time_zone, mapping_json, total_bytes, started_at)
           VALUES ('cancel test', 'big.csv', 'running', 'UTC', '{}', 1, ?)`,
        )
        .run(new Date().toISOString()).lastInsertRowid,
    );
    let batches = 0;
    const progress = runContactImport(t.sqlite, cancellableJob(t.dir, id), {
      batchRows: 100,
      onProgress: () => batches++,
      isCancelled: () => batches >= 2,
    });
    expect(progress.imported).toBe(200);
    expect(t.sqlite.prepare('SELECT status, imported FROM contact_imports WHERE id = ?').get(id)).toEqual({
      status: 'cancelled',
      imported: 200,
    });
    expect(
      t.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'contacts.importCancelled'").get(),
    ).toEqual({ n: 1 });
  });
});
