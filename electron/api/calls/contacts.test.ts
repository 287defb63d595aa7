import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { seriesCsv } from '../../../shared/domain/calls-export';
import { count, makeTestConsole, type TestConsole, unwrap } from '../../test/harness';
import { rollupDifferences } from '../../test/rollup-check';
import { exportCsv } from '../../test/csv-export';

let t: TestConsole;
const ZONE = 'America/New_York';

beforeAll(async () => {
  t = makeTestConsole();
  await t.signInAs('admin', 'admin');
  await t.signInAs('sup', 'supervisor');
  await t.signInAs('agent', 'agent');
  await t.call('admin', 'settings:update', { timeZone: ZONE });
  // One customer with an account and a freeze case, and a second account.
  t.sqlite.exec(`
    INSERT INTO customers (id, name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at)
      VALUES (1, '张三', 'Zhang San', '13800000001', '1234', 2, 'standard', '2026-01-01T00:00:00.000Z'),
             (2, '李四', 'Li Si', '13800000002', '5678', 2, 'standard', '2026-01-01T00:00:00.000Z');
    INSERT INTO accounts (id, account_no, customer_id, currency, balance_minor, status)
      VALUES (1, '620000000001', 1, 'CNY', 0, 'frozen'), (2, '620000000002', 2, 'CNY', 0, 'active');
    INSERT INTO freeze_cases (id, case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at, sla_due_at)
      VALUES (1, 'FC0000001', 1, 'abnormal_login', 'high', 'open', 'r', '{}', '2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z');
  `);
});
afterAll(() => t.close());

let key = 0;
const log = (client: string, input: Record<string, unknown>) =>
  t.call(client, 'contacts:log', {
    channel: 'phone',
    category: 'frozen_account',
    outcome: 'resolved',
    idempotencyKey: `test-key-${++key}`,
    ...input,
  });

describe('logging a contact by hand', () => {
  it('writes the contact, its rollups and an audit event together', async () => {
    const audits = count(t.sqlite, 'audit_events');
    const row = unwrap(
      await log('agent', {
        caseId: 1,
        note: '客户来电询问解冻进度',
        startedAt: '2026-03-05T15:00:00Z',
        talkSeconds: 240,
      }),
    );
    expect(row).toMatchObject({
      accountId: 1,
      caseId: 1,
      caseNo: 'FC0000001',
      source: 'manual',
      handleSeconds: 240,
      accountNo: '620000000001',
    });
    expect(count(t.sqlite, 'audit_events')).toBe(audits + 1);
    expect(t.sqlite.prepare('SELECT action, entity_id FROM audit_events ORDER BY id DESC LIMIT 1').get()).toEqual({
      action: 'contact.logged',
      entity_id: String(row.id),
    });
    expect(rollupDifferences(t.sqlite, ZONE)).toEqual([]);
    expect(t.events.some((e) => e.event === 'contacts:changed')).toBe(true);
  });

  it('a retried submit with the same key logs once', async () => {
    const before = count(t.sqlite, 'contacts');
    const a = unwrap(await log('agent', { idempotencyKey: 'retry-key-1', startedAt: '2026-03-05T15:01:00Z' }));
    const b = unwrap(await log('agent', { idempotencyKey: 'retry-key-1', startedAt: '2026-03-05T15:01:00Z' }));
    expect(b.id).toBe(a.id);
    expect(count(t.sqlite, 'contacts')).toBe(before + 1);
  });

  it("refuses a case that is not the account's, in the handler and in the database", async () => {
    expect(await log('agent', { caseId: 1, accountId: 2 })).toMatchObject({
      ok: false,
      error: { code: 'CONTACT_CASE_MISMATCH' },
    });
    expect(() =>
      t.sqlite
        .prepare(
          `INSERT INTO contacts (external_id, channel, category, outcome, started_at, queue_seconds, talk_seconds, account_id, case_id)
           VALUES ('X', 'phone', 'other', 'resolved', '2026-03-05T15:00:00.000Z', 0, 0, 2, 1)`,
        )
        .run(),
    ).toThrow(/CONTACT_CASE_MISMATCH/);
    expect(await log('agent', { accountId: 999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('the drill-down lists every contact when no filter is sent, and logs an offset time in UTC', async () => {
    const res = await log('agent', { startedAt: '2026-03-06T09:15:00+08:00' });
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    const row = res.data;
    expect(row.startedAt).toBe('2026-03-06T01:15:00.000Z');
    const page = await t.ok('sup', 'contacts:list', {
      sort: 'startedAt',
      dir: 'desc',
      limit: 50,
      after: null,
      withTotal: true,
    });
    expect(page.rows.map((r) => r.id)).toContain(row.id);
    expect(page.total).toBe(count(t.sqlite, 'contacts'));
  });

  it('contacts are facts: the database refuses edits and deletes', () => {
    expect(() => t.sqlite.prepare("UPDATE contacts SET queue_seconds = 1 WHERE source = 'manual'").run()).toThrow(
      /append-only/,
    );
    expect(() => t.sqlite.prepare('DELETE FROM contacts').run()).toThrow(/append-only/);
    expect(() =>
      t.sqlite
        .prepare(
          `INSERT INTO contacts (external_id, channel, category, outcome, started_at, queue_seconds, talk_seconds)
           VALUES ('Y', 'phone', 'other', 'resolved', '2026-03-05 15:00:00Z', 0, 0)`,
        )
        .run(),
    ).toThrow(/canonical/);
  });
});

describe('day boundaries follow the business time zone (America/New_York)', () => {
  // Local times → UTC: EST is UTC−5, EDT (from 2026-03-08 03:00) is UTC−4; back to EST on 2026-11-01 at 02:00.
  const contacts: [string, string][] = [
    ['2026-03-07T23:59:59-05:00', 'last second of Mar 7'],
    ['2026-03-08T00:00:00-05:00', 'first second of Mar 8'],
    ['2026-03-08T01:59:00-05:00', 'just before the jump'],
    ['2026-03-08T03:00:00-04:00', 'just after the jump'],
    ['2026-03-08T23:59:00-04:00', 'last minute of the 23-hour day'],
    ['2026-03-09T00:00:00-04:00', 'first second of Mar 9'],
    ['2026-10-31T23:30:00-04:00', 'before the 25-hour day'],
    ['2026-11-01T01:30:00-04:00', '01:30 EDT'],
    ['2026-11-01T01:30:00-05:00', '01:30 EST, the same wall-clock time an hour later'],
    ['2026-11-01T23:59:59-05:00', 'last second of Nov 1'],
  ];

  beforeAll(async () => {
    for (const [at] of contacts)
      unwrap(await log('agent', { startedAt: new Date(at).toISOString(), category: 'other' }));
  });

  const dash = (from: string, to: string, interval: string) =>
    t.ok('sup', 'calls:dashboard', { from, to, interval, categories: ['other'] });
  const drill = (from: string, to: string) =>
    t.ok('sup', 'contacts:list', {
      sort: 'startedAt',
      dir: 'asc',
      limit: 100,
      after: null,
      withTotal: true,
      filter: { from, to, categories: ['other'] },
    });
  const exported = async (from: string, to: string) =>
    (await exportCsv(t, 'contacts', 'sup', { from, to, categories: ['other'] })).csv.trim().split('\r\n').slice(1);

  it('cards, day chart, drill-down and exports agree around midnight and across spring-forward', async () => {
    const days = await dash('2026-03-07', '2026-03-09', 'day');
    expect(days.series.map((p) => [p.label, p.total])).toEqual([
      ['2026-03-07', 1],
      ['2026-03-08', 4],
      ['2026-03-09', 1],
    ]);
    const mar8 = days.series[1];
    expect([mar8.start, mar8.end]).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']); // 23 hours
    expect((await dash('2026-03-08', '2026-03-08', 'day')).kpis.volume).toBe(4);
    const list = await drill(mar8.start, mar8.end);
    expect(list.total).toBe(4);
    expect(list.rows).toHaveLength(4);
    const csv = await exported(mar8.start, mar8.end);
    expect(csv).toHaveLength(4);
    expect(csv.every((line) => line.split(',')[2].startsWith('2026-03-08'))).toBe(true);
    const chartCsv = seriesCsv(days).split('\r\n');
    expect(chartCsv[0]).toContain('America/New_York');
    expect(chartCsv[2]).toMatch(/^2026-03-08 00:00:00,2026-03-09 00:00:00,4,/);
  });

  it('the hour chart has 23 hours on spring-forward day, with no 02:00', async () => {
    const hours = await dash('2026-03-08', '2026-03-08', 'hour');
    expect(hours.series).toHaveLength(23);
    expect(hours.series.map((p) => p.label.slice(11, 13))).not.toContain('02');
    const three = hours.series.find((p) => p.label.endsWith('03:00'))!;
    expect(three.total).toBe(1);
    expect((await drill(three.start, three.end)).total).toBe(1);
    expect(hours.heatmap[6].reduce((a, b) => a + b, 0)).toBe(4); // a Sunday
  });

  it('the 25-hour fall-back day keeps both 01:30s in one local day and one local hour', async () => {
    const days = await dash('2026-10-31', '2026-11-01', 'day');
    expect(days.series.map((p) => p.total)).toEqual([1, 3]);
    const nov1 = days.series[1];
    expect(Date.parse(nov1.end) - Date.parse(nov1.start)).toBe(25 * 3_600_000);
    const hours = await dash('2026-11-01', '2026-11-01', 'hour');
    expect(hours.series).toHaveLength(24);
    const one = hours.series.find((p) => p.label.endsWith('01:00'))!;
    expect(one.total).toBe(2);
    expect(Date.parse(one.end) - Date.parse(one.start)).toBe(2 * 3_600_000);
    const list = await drill(one.start, one.end);
    expect(list.total).toBe(2);
    expect(await exported(one.start, one.end)).toHaveLength(2);
    const cell = await t.ok('sup', 'contacts:list', {
      sort: 'startedAt',
      dir: 'asc',
      limit: 100,
      after: null,
      withTotal: true,
      filter: { from: hours.fromIso, to: hours.toIso, weekday: 6, hour: 1, categories: ['other'] },
    });
    expect(cell.total).toBe(hours.heatmap[6][1]);
    expect(cell.total).toBe(2);
  });

  it('rollups stay consistent through all of it', () => {
    expect(rollupDifferences(t.sqlite, ZONE)).toEqual([]);
  });
});

describe('the drill-down total of a big contacts table', () => {
  // A filter the rollup cannot answer (hours not on 15-minute edges), so it is counted and cached.
  const odd = { from: '2026-03-05T15:07:00.000Z', to: '2026-03-05T18:07:00.000Z' };
  const total = async () =>
    (
      await t.ok('sup', 'contacts:list', {
        sort: 'startedAt',
        dir: 'asc',
        limit: 10,
        after: null,
        withTotal: true,
        filter: odd,
      })
    ).total;

  it('counts rows another connection wrote (an import worker) and keeps its count through unrelated writes', async () => {
    const before = await total();
    const queriesBefore = t.queries.length;
    await t.signInAs('another-sup', 'supervisor'); // writes the operator and an audit event
    await total();
    const recounted = t.queries.slice(queriesBefore).some((q) => /count\(\*\)/i.test(q.sql) && /contacts/.test(q.sql));
    expect(recounted).toBe(false);

    const worker = new Database(t.file);
    worker
      .prepare(
        `INSERT INTO contacts (external_id, channel, category, outcome, started_at, queue_seconds, talk_seconds, source)
         VALUES ('W-1', 'phone', 'other', 'resolved', '2026-03-05T16:00:00.000Z', 10, 60, 'import')`,
      )
      .run();
    worker.close();
    expect(await total()).toBe((before ?? 0) + 1);
  });
});
