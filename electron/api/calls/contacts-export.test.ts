import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCsv, insertOneCustomer } from '../../test/csv-export';
import { makeTestConsole, unwrap, type TestConsole } from '../../test/harness';
import { csvExportRanIn } from '../exports/csv-jobs';

let t: TestConsole;
const ZONE = 'America/New_York';

beforeAll(async () => {
  t = makeTestConsole({ now: () => new Date('2026-11-20T00:00:00.000Z') });
  await t.signInAs('admin', 'admin');
  await t.signInAs('sup', 'supervisor');
  await t.signInAs('agent', 'agent');
  await t.signInAs('other', 'supervisor');
  await t.call('admin', 'settings:update', { timeZone: ZONE });
  insertOneCustomer(t);
  const contacts = [
    // 01:30 happens twice on 2026-11-01 in New York: first in EDT (UTC−4), then in EST (UTC−5).
    { key: 'export-edt', startedAt: '2026-11-01T05:30:00.000Z', note: 'said "hi", then left', talkSeconds: 60 },
    {
      key: 'export-est',
      startedAt: '2026-11-01T06:30:00.000Z',
      note: '退款\n第二行',
      outcome: 'abandoned',
      talkSeconds: 90,
    },
    { key: 'export-formula', startedAt: '2026-07-04T16:00:00.000Z', note: '=1+1', accountId: 1, queueSeconds: 12 },
  ];
  for (const { key, ...c } of contacts) {
    unwrap(
      await t.call('agent', 'contacts:log', {
        channel: 'phone',
        category: 'refund',
        outcome: 'resolved',
        idempotencyKey: key,
        ...c,
      }),
    );
  }
});
afterAll(() => t.close());

const HEADER =
  'id,external_id,started_at (America/New_York),channel,category,outcome,queue_seconds,handle_seconds,' +
  'agent,account_no,case_id,note,source';

describe('contacts:exportCsv streams from a worker into a file', () => {
  it("writes the file off the main thread: header, rows newest first, the zone's wall clock, escaped cells", async () => {
    process.env.WALLET_OPS_TS_WORKER = '1'; // the app loads the built worker; tests load its source through tsx
    try {
      const out = await exportCsv(t, 'contacts', 'sup', { categories: ['refund'] });
      expect(csvExportRanIn(out.jobId)).toBe('worker');
      expect(out).toMatchObject({ rows: 3, truncated: false });
      expect(out.csv).toBe(
        [
          HEADER,
          '2,MANUAL-export-est,2026-11-01 01:30:00,phone,refund,abandoned,0,0,agent-agent,,,"退款\n第二行",manual',
          '1,MANUAL-export-edt,2026-11-01 01:30:00,phone,refund,resolved,0,60,agent-agent,,,"said ""hi"", then left",manual',
          "3,MANUAL-export-formula,2026-07-04 12:00:00,phone,refund,resolved,12,0,agent-agent,620000000001,,'=1+1,manual",
          '',
        ].join('\r\n'),
      );
    } finally {
      delete process.env.WALLET_OPS_TS_WORKER;
    }
  });

  it('gives the same rows from the in-process writer, filtered as asked', async () => {
    const out = await exportCsv(t, 'contacts', 'sup', {
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      outcome: 'abandoned',
    });
    expect(csvExportRanIn(out.jobId)).toBe('main');
    expect(out.csv.split('\r\n').slice(1, -1)).toEqual([
      '2,MANUAL-export-est,2026-11-01 01:30:00,phone,refund,abandoned,0,0,agent-agent,,,"退款\n第二行",manual',
    ]);
  });

  it("cancels, and no one else (nor the audit export's calls) reaches an operator's export", async () => {
    // On its thread: the export is still starting when the cancel comes.
    process.env.WALLET_OPS_TS_WORKER = '1';
    const started = await t.ok('sup', 'contacts:exportCsv', { filter: {} });
    delete process.env.WALLET_OPS_TS_WORKER;
    expect((await t.refusal('other', 'contacts:exportStatus', { jobId: started.jobId })).code).toBe('NOT_FOUND');
    expect((await t.refusal('other', 'contacts:exportCancel', { jobId: started.jobId })).code).toBe('NOT_FOUND');
    expect((await t.refusal('sup', 'audit:exportStatus', { jobId: started.jobId })).code).toBe('NOT_FOUND');
    expect((await t.ok('sup', 'contacts:exportCancel', { jobId: started.jobId })).state).toBe('cancelled');
    expect((await t.ok('sup', 'contacts:exportStatus', { jobId: started.jobId })).state).toBe('cancelled');
    const read = await t.refusal('sup', 'contacts:exportChunk', { jobId: started.jobId, offset: 0 });
    expect(read.code).toBe('NOT_FOUND');
  });
});
