import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactRow } from '../../shared/contract/calls';
import { ZoneClock } from '../../shared/domain/business-time';
import { isRecordingRef, parseFlag } from '../../shared/domain/recordings';
import { makeTestConsole, type TestConsole } from '../test/harness';
import { guessMapping, parseContactRow } from './contact-rows';
import { runContactImport } from './run-import';

const HEADER = 'call_id,start_time,media_type,wait_time,talk_time,disposition,recording_url,recording_notice_played';

describe('recording references', () => {
  it('accepts an id or an http(s) URL, nothing with spaces or another scheme', () => {
    for (const ok of [
      'REC-2026-000123',
      'a1b2c3d4-0000-4a4a-9b9b-ffffffffffff',
      'https://pbx.example/rec/123.wav',
      '录音123',
    ])
      expect(isRecordingRef(ok), ok).toBe(true);
    for (const bad of ['', ' ', 'REC 123', 'javascript:alert(1)', 'file:///etc/passwd', '-x', 'x'.repeat(501)])
      expect(isRecordingRef(bad), bad).toBe(false);
    expect([parseFlag('Yes'), parseFlag('否'), parseFlag('played'), parseFlag('maybe')]).toEqual([
      true,
      false,
      true,
      null,
    ]);
  });

  it('the import maps both columns from the header and refuses a bad reference or flag by row', () => {
    const mapping = guessMapping(HEADER.split(','));
    expect(mapping).toMatchObject({ recordingRef: 6, recordingNotice: 7 });
    const clock = new ZoneClock('UTC');
    const row = (line: string) => parseContactRow(line.split(','), mapping, clock);
    expect(row('C1,2026-05-01T10:00:00Z,voice,5,100,answered,https://pbx/rec/1,yes')).toMatchObject({
      ok: true,
      contact: { recordingRef: 'https://pbx/rec/1', recordingNotice: true },
    });
    expect(row('C2,2026-05-01T10:00:00Z,voice,5,100,answered,,')).toMatchObject({
      ok: true,
      contact: { recordingRef: null, recordingNotice: null },
    });
    expect(row('C3,2026-05-01T10:00:00Z,voice,5,100,answered,ftp://x/1,yes')).toMatchObject({
      ok: false,
      reason: 'bad_recording_ref',
      field: 'recordingRef',
    });
    expect(row('C4,2026-05-01T10:00:00Z,voice,5,100,answered,REC-4,perhaps')).toMatchObject({
      ok: false,
      reason: 'bad_flag',
      field: 'recordingNotice',
    });
    // A mapping saved before these fields existed reads as "not mapped".
    const { recordingRef: _r, recordingNotice: _n, ...old } = mapping;
    expect(
      parseContactRow('C5,2026-05-01T10:00:00Z,voice,5,100,answered'.split(','), old as typeof mapping, clock),
    ).toMatchObject({
      ok: true,
      contact: { recordingRef: null },
    });
  });
});

describe('recordings on contacts', () => {
  let t: TestConsole;
  beforeAll(async () => {
    t = makeTestConsole({ now: () => new Date('2026-05-02T00:00:00.000Z') });
    await t.signInAs('sup', 'supervisor');
  });
  afterAll(() => t.close());

  it('are imported, logged by hand, shown in the drill-down, and held to their shape by the database', async () => {
    const file = path.join(t.dir, 'cdr.csv');
    fs.writeFileSync(
      file,
      [
        HEADER,
        'R-1,2026-05-01T10:00:00Z,voice,5,100,answered,REC-0001,yes',
        'R-2,2026-05-01T10:05:00Z,voice,5,100,answered,bad ref,no',
      ].join('\n'),
    );
    const id = Number(
      t.sqlite
        .prepare(
          `INSERT INTO contact_imports (source_name, file_name, status, time_zone, mapping_json, total_bytes, started_at)
           VALUES ('rec test', 'cdr.csv', 'running', 'UTC', '{}', 1, ?)`,
        )
        .run(new Date().toISOString()).lastInsertRowid,
    );
    const progress = runContactImport(t.sqlite, {
      importId: id,
      filePath: file,
      sourceName: 'rec test',
      mapping: guessMapping(HEADER.split(',')),
      timeZone: 'UTC',
      operatorId: null,
      operatorRole: null,
      host: 'browser',
    });
    expect(progress).toMatchObject({ imported: 1, errors: 1 });
    const logged = await t.call('sup', 'contacts:log', {
      channel: 'phone',
      category: 'other',
      outcome: 'resolved',
      recordingRef: 'https://pbx.example/rec/77',
      recordingNotice: false,
      idempotencyKey: 'rec-log-0001',
    });
    expect(logged).toMatchObject({
      ok: true,
      data: { recordingRef: 'https://pbx.example/rec/77', recordingNotice: false },
    });
    expect(
      await t.call('sup', 'contacts:log', {
        channel: 'phone',
        category: 'other',
        outcome: 'resolved',
        recordingRef: 'javascript:alert(1)',
        idempotencyKey: 'rec-log-0002',
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const page = await t.call('sup', 'contacts:list', {
      sort: 'startedAt',
      dir: 'asc',
      limit: 10,
      after: null,
      filter: { from: '2026-05-01T00:00:00.000Z', to: '2026-05-03T00:00:00.000Z', channels: [], categories: [] },
    });
    const rows = (page as { ok: true; data: { rows: ContactRow[] } }).data.rows;
    expect(rows.map((r) => [r.recordingRef, r.recordingNotice])).toEqual([
      ['REC-0001', true],
      ['https://pbx.example/rec/77', false],
    ]);
    expect(() =>
      t.sqlite.prepare("UPDATE contacts SET recording_ref = 'a b' WHERE recording_ref = 'REC-0001'").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      t.sqlite.prepare("UPDATE contacts SET recording_notice = 2 WHERE recording_ref = 'REC-0001'").run(),
    ).toThrow(/CHECK/);
  });
});
