import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCsv } from '../../../shared/domain/calls-export';
import { readSettings } from '../../db/settings';
import { parseCsv } from '../../imports/csv';
import { importSettled } from '../../imports/jobs';
import { exportAuditCsv, exportCsv, insertOneCustomer } from '../../test/csv-export';
import { makeTestConsole, type TestConsole } from '../../test/harness';

/**
 * Every CSV the console writes (each export sink) neutralises text a spreadsheet would run
 * as a formula, whoever typed it: an unmask reason, an operator's display name, a contact
 * note, a value in an imported file.
 */
const HOSTILE = ['=HYPERLINK("http://evil.example","open")', '@SUM(1+1)', '+1+1', '-1+1', '\t=1', '＝1+1', '＠cmd'];
const FORMULA = /^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole();
  await t.signInAs('admin', 'admin');
  await t.signInAs('sup', 'supervisor');
  await t.signInAs('agent', 'agent');
  insertOneCustomer(t);
});
afterAll(() => t.close());

/** Cells of an export that a spreadsheet would evaluate; numbers are fine. */
function formulaCells(csv: string): string[] {
  return parseCsv(csv)
    .flat()
    .filter((cell) => FORMULA.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell));
}

/** Each hostile text (as stored: inputs are trimmed) shown with the apostrophe that keeps it text. */
const shown = (csv: string, suffix = '') => {
  const cells = parseCsv(csv).flat();
  return HOSTILE.filter((h) => cells.includes(`'${h}${suffix}`) || cells.includes(`'${h.trim()}${suffix}`));
};

describe('every export sink neutralises formulas', () => {
  it('audit:exportCsv: unmask reasons and operator display names', async () => {
    for (const [i, name] of HOSTILE.entries()) {
      await t.ok('admin', 'operators:create', {
        username: `hostile${i}`,
        displayName: name,
        role: 'agent',
        initialPassword: 'pass12345',
      });
      await t.ok(`h${i}`, 'session:signIn', { username: `hostile${i}`, password: 'pass12345' });
    }
    for (const reason of HOSTILE) {
      await t.ok('agent', 'customers:unmask', { id: 1, field: 'phone', reason: `${reason} why` });
    }
    const { csv } = await exportAuditCsv(t, 'sup');
    expect(formulaCells(csv)).toEqual([]);
    expect(shown(csv)).toEqual(HOSTILE); // display names
    expect(shown(csv, ' why')).toEqual(HOSTILE); // unmask reasons
  });

  it("audit:exportCsv: each time is the business zone's wall clock, as Intl renders it", async () => {
    const zone = readSettings(t.sqlite).timeZone;
    const { csv } = await exportAuditCsv(t, 'sup');
    const [header, ...rows] = parseCsv(csv);
    expect(header[1]).toBe(`time (${zone})`);
    const at = new Map(
      (t.sqlite.prepare('SELECT id, at FROM audit_events').all() as { id: number; at: string }[]).map((r) => [
        String(r.id),
        r.at,
      ]),
    );
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      expect(row[1]).toBe(new Date(at.get(row[0])!).toLocaleString('sv-SE', { timeZone: zone, hour12: false }));
    }
  });

  it('contacts:exportCsv: contact notes', async () => {
    for (const [i, note] of HOSTILE.entries()) {
      await t.ok('agent', 'contacts:log', {
        channel: 'phone',
        category: 'frozen_account',
        outcome: 'resolved',
        accountId: 1,
        note,
        startedAt: '2026-03-05T15:00:00Z',
        idempotencyKey: `export-note-${i}`,
      });
    }
    const { csv } = await exportCsv(t, 'contacts', 'sup');
    expect(formulaCells(csv)).toEqual([]);
    expect(shown(csv)).toEqual(HOSTILE);
  });

  it('contacts:importErrors: values from the imported file', async () => {
    const header = 'call_id,start_time,media_type,queue_name,wait_time,talk_time,hold_time,wrap_up_time,disposition';
    const rows = HOSTILE.map(
      (h, i) => `X-${i},2026-06-01T00:00:00+08:00,"${h.replace(/"/g, '""')}",Top-up,1,60,0,10,answered`,
    );
    const { uploadId } = await t.ok('sup', 'contacts:importUpload', {
      uploadId: null,
      fileName: 'x.csv',
      chunk: [header, ...rows].join('\n'),
    });
    const preview = await t.ok('sup', 'contacts:importPreview', { uploadId, sourceName: 'hostile' });
    const started = await t.ok('sup', 'contacts:importStart', {
      uploadId,
      sourceName: 'hostile',
      mapping: preview.mapping,
      timeZone: 'UTC',
    });
    await importSettled(started.id);
    const { csv } = await t.ok('sup', 'contacts:importErrors', { id: started.id });
    expect(formulaCells(csv)).toEqual([]);
    expect(shown(csv)).toEqual(HOSTILE);
  });

  it("the charts' figure downloads (calls-export)", () => {
    const csv = tableCsv(
      ['category', 'count'],
      HOSTILE.map((h, i) => [h, -i]),
    );
    expect(formulaCells(csv)).toEqual([]);
    expect(shown(csv)).toEqual(HOSTILE);
  });
});
