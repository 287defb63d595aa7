import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockFor } from '../../../shared/domain/business-time';
import { csvText } from '../../../shared/domain/csv';
import { anchorOf } from '../../db/audit-anchor';
import { readSettings } from '../../db/settings';
import { generateDataset } from '../../seed/generate';
import { exportAuditCsv } from '../../test/csv-export';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { csvExportRanIn } from '../exports/csv-jobs';

const ANCHOR = new Date('2026-11-01T00:00:00.000Z');
let t: TestConsole;

beforeAll(async () => {
  t = makeTestConsole({ now: () => ANCHOR });
  await generateDataset(t.sqlite, { scale: 'demo', seed: 3, anchor: ANCHOR });
  await t.signInAs('sup', 'supervisor');
  await t.signInAs('other', 'supervisor');
});
afterAll(() => t.close());

/** The file as the export built it in one string on main, before it moved to a worker. */
function wholeFileOnMain(where = '1 = 1', ...params: unknown[]): string {
  const zone = readSettings(t.sqlite).timeZone;
  const clock = clockFor(zone);
  const rows = t.sqlite
    .prepare(
      `SELECT e.id, e.at, o.display_name, e.operator_role, e.action, e.entity_type, e.entity_id,
              e.before_json, e.after_json, e.note, e.host
       FROM audit_events e LEFT JOIN operators o ON o.id = e.operator_id WHERE ${where} ORDER BY e.id DESC`,
    )
    .raw()
    .all(...params) as unknown[][];
  const header = ['id', `time (${zone})`, 'operator', 'role', 'action', 'entity_type', 'entity_id'];
  const lines: unknown[][] = [[...header, 'before', 'after', 'note', 'host']];
  for (const r of rows) lines.push([r[0], clock.wallText(Date.parse(r[1] as string)), ...r.slice(2)]);
  const c = anchorOf(t.sqlite)?.snapshot();
  if (c) {
    const checkpointLine = ['', clock.wallText(Date.parse(c.at)), '', '', 'audit.checkpoint', 'audit', c.count];
    lines.push([...checkpointLine, '', c, 'signed checkpoint of the whole chain', 'system']);
  }
  return csvText(lines);
}

describe('audit:exportCsv streams from a worker into a file', () => {
  it('writes, off the main thread, the same file the one-string export made, read back in parts', async () => {
    process.env.WALLET_OPS_TS_WORKER = '1'; // the app loads the built worker; tests load its source through tsx
    try {
      const out = await exportAuditCsv(t, 'sup', {}, 4096);
      expect(csvExportRanIn(out.jobId)).toBe('worker');
      const expected = wholeFileOnMain();
      // Many parts, so cuts land inside multi-byte characters too (and back off to their start).
      expect(out.parts).toBeGreaterThan(100);
      expect(Buffer.byteLength(expected)).toBeGreaterThan(expected.length);
      expect(out.rows).toBeGreaterThan(4000);
      expect(out.truncated).toBe(false);
      expect(out.csv).toBe(expected);
      // Read once: the file went with its last part.
      const again = await t.refusal('sup', 'audit:exportChunk', { jobId: out.jobId, offset: 0 });
      expect(again.code).toBe('NOT_FOUND');
    } finally {
      delete process.env.WALLET_OPS_TS_WORKER;
    }
  });

  it('gives the same file from the in-process writer, filtered as asked', async () => {
    const out = await exportAuditCsv(t, 'sup', { action: 'session.signIn' });
    expect(csvExportRanIn(out.jobId)).toBe('main');
    expect(out.csv).toBe(wholeFileOnMain(`e.action = ?`, 'session.signIn'));
  });

  it("reports progress, and no one else can read an operator's export", async () => {
    const started = await t.ok('sup', 'audit:exportCsv', { filter: {} });
    expect(['queued', 'running']).toContain(started.state);
    expect((await t.refusal('other', 'audit:exportStatus', { jobId: started.jobId })).code).toBe('NOT_FOUND');
    expect((await t.refusal('other', 'audit:exportChunk', { jobId: started.jobId, offset: 0 })).code).toBe('NOT_FOUND');
    let s = started;
    while (s.state === 'queued' || s.state === 'running') {
      await new Promise((r) => setTimeout(r, 5));
      s = { ...s, ...(await t.ok('sup', 'audit:exportStatus', { jobId: s.jobId })) };
    }
    expect(s).toMatchObject({ state: 'done', rows: s.total });
    expect(s.total).toBeGreaterThan(4000);
  });

  it('cancels: the job stops, its file is gone, and no one else can cancel it', async () => {
    // On its thread: the export is still starting when the cancel comes.
    process.env.WALLET_OPS_TS_WORKER = '1';
    const started = await t.ok('sup', 'audit:exportCsv', { filter: {} });
    delete process.env.WALLET_OPS_TS_WORKER;
    expect((await t.refusal('other', 'audit:exportCancel', { jobId: started.jobId })).code).toBe('NOT_FOUND');
    expect((await t.refusal('sup', 'contacts:exportCancel', { jobId: started.jobId })).code).toBe('NOT_FOUND');
    expect((await t.ok('sup', 'audit:exportCancel', { jobId: started.jobId })).state).toBe('cancelled');
    expect((await t.ok('sup', 'audit:exportStatus', { jobId: started.jobId })).state).toBe('cancelled');
    expect((await t.refusal('sup', 'audit:exportChunk', { jobId: started.jobId, offset: 0 })).code).toBe('NOT_FOUND');
  });

  it('cancelled mid-way in-process, the scan ends and its connection closes without an error', async () => {
    const rejected: unknown[] = [];
    const onRejection = (err: unknown) => rejected.push(err);
    process.on('unhandledRejection', onRejection);
    try {
      let s = await t.ok('sup', 'audit:exportCsv', { filter: {} });
      while (s.state === 'queued' || (s.state === 'running' && !s.rows)) {
        await new Promise((r) => setImmediate(r));
        s = { ...s, ...(await t.ok('sup', 'audit:exportStatus', { jobId: s.jobId })) };
      }
      expect(s.state).toBe('running');
      expect((await t.ok('sup', 'audit:exportCancel', { jobId: s.jobId })).state).toBe('cancelled');
      await new Promise((r) => setTimeout(r, 100));
      // Closing the connection with the statement still open was refused ("busy executing a query").
      expect(rejected).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('a Cancel that arrives after the file was written discards it unread', async () => {
    let s = await t.ok('sup', 'audit:exportCsv', { filter: {} });
    while (s.state === 'queued' || s.state === 'running') {
      await new Promise((r) => setTimeout(r, 5));
      s = { ...s, ...(await t.ok('sup', 'audit:exportStatus', { jobId: s.jobId })) };
    }
    expect(s.state).toBe('done');
    expect((await t.ok('sup', 'audit:exportCancel', { jobId: s.jobId })).state).toBe('cancelled');
    expect((await t.refusal('sup', 'audit:exportChunk', { jobId: s.jobId, offset: 0 })).code).toBe('NOT_FOUND');
  });
});
