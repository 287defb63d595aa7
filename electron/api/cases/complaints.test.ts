import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceCaseDetail } from '../../../shared/contract/cases';
import type { ComplaintReport } from '../../../shared/contract/complaints';
import { forgetSettings } from '../../db/settings';
import { makeCustomerAccount } from '../../test/case-builders';
import { count, makeTestConsole, type TestConsole } from '../../test/harness';

// 11:00 on 10 June in Shanghai, the business time zone of this test.
let now = new Date('2026-06-10T03:00:00.000Z');
let t: TestConsole;
let key = 0;
const nextKey = () => `complaint-key-${++key}`;

beforeAll(async () => {
  t = makeTestConsole({ now: () => now });
  t.sqlite
    .prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('console.timeZone', '\"Asia/Shanghai\"')")
    .run();
  forgetSettings(t.sqlite);
  await t.signInAs('agent', 'agent');
  await t.signInAs('agent2', 'agent');
  await t.signInAs('admin', 'admin');
});
afterAll(() => t.close());

async function ok<T>(p: Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(res.error!.code);
  return res.data as T;
}
function open(client: string, payload: Record<string, unknown>) {
  return t.call(client, 'complaints:open', {
    channel: 'phone',
    category: 'fees',
    words: '你们多收了我手续费',
    idempotencyKey: nextKey(),
    ...payload,
  });
}

describe('opening a complaint', () => {
  it('has an owner and a deadline from the configured clock, at the end of the business day', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const c = await ok<ServiceCaseDetail>(open('agent', { customerId: a.customerId, transactionIds: [a.txnIds[0]] }));
    expect(c).toMatchObject({ kind: 'complaint', status: 'open', ownerName: 'agent-agent' });
    expect(c.caseNo).toMatch(/^CP\d{7}$/);
    expect(c.slaDueAt).toBe('2026-06-25T16:00:00.000Z');
    expect(c.complaint).toMatchObject({ category: 'fees', customerWords: '你们多收了我手续费', regulator: null });
    expect(c.transactions.map((x) => x.id)).toEqual([a.txnIds[0]]);
  });

  it('a regulator referral carries its number and deadline; the earlier deadline binds', async () => {
    const a = makeCustomerAccount(t.sqlite);
    expect(
      await open('agent', { customerId: a.customerId, channel: 'regulator', regulator: 'pboc_12363' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'COMPLAINT_REFERRAL_INCOMPLETE' },
    });
    const c = await ok<ServiceCaseDetail>(
      open('agent', {
        customerId: a.customerId,
        channel: 'regulator',
        regulator: 'pboc_12363',
        referralNo: '12363-2026-000123',
        regulatorDueAt: '2026-06-20T16:00:00.000Z',
      }),
    );
    expect(c.slaDueAt).toBe('2026-06-20T16:00:00.000Z');
    expect(c.complaint).toMatchObject({ referralNo: '12363-2026-000123', ownDueAt: '2026-06-25T16:00:00.000Z' });
    expect(() => t.sqlite.prepare("UPDATE complaint_details SET referral_no = '' WHERE case_id = ?").run(c.id)).toThrow(
      /CHECK/,
    );
  });

  it('refuses links to another customer’s account, transactions or contacts, and writes nothing', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const other = makeCustomerAccount(t.sqlite);
    const before = count(t.sqlite, 'service_cases');
    for (const extra of [{ accountId: other.accountId }, { transactionIds: [other.txnIds[0]] }]) {
      expect(await open('agent', { customerId: a.customerId, ...extra })).toMatchObject({
        ok: false,
        error: { code: 'ACCOUNT_NOT_CUSTOMERS' },
      });
    }
    expect(count(t.sqlite, 'service_cases')).toBe(before);
  });
});

describe('working a complaint', () => {
  it('extends once to the longer clock for a complex case, with a reason', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const c = await ok<ServiceCaseDetail>(open('agent', { customerId: a.customerId }));
    const ext = await ok<ServiceCaseDetail>(
      t.call('agent', 'complaints:extend', {
        id: c.id,
        expectedVersion: c.version,
        reason: 'Needs the bank’s records',
      }),
    );
    expect(ext.slaDueAt).toBe('2026-07-10T16:00:00.000Z');
    expect(ext).toMatchObject({ status: 'in_progress', complaint: { complex: true } });
    expect(
      await t.call('agent', 'complaints:extend', { id: c.id, expectedVersion: ext.version, reason: 'again' }),
    ).toMatchObject({ ok: false, error: { code: 'COMPLAINT_ALREADY_EXTENDED' } });
  });

  it('is answered with an outcome, an explanation and the response sent; the answer then stands', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const c = await ok<ServiceCaseDetail>(open('agent', { customerId: a.customerId }));
    expect(() => t.sqlite.prepare("UPDATE service_cases SET status = 'resolved' WHERE id = ?").run(c.id)).toThrow(
      /outcome/,
    );
    expect(
      await t.call('agent', 'complaints:respond', {
        id: c.id,
        expectedVersion: c.version,
        outcome: 'upheld',
        explanation: '',
        response: 'x',
        idempotencyKey: nextKey(),
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // Another agent may not answer a complaint someone else owns.
    const answer = {
      id: c.id,
      expectedVersion: c.version,
      outcome: 'partially_upheld',
      explanation: 'The fee was charged twice; the second one is refunded.',
      response: '您好，经核查……',
      idempotencyKey: nextKey(),
    };
    expect(await t.call('agent2', 'complaints:respond', answer)).toMatchObject({
      ok: false,
      error: { code: 'CASE_OWNED_BY_OTHER' },
    });
    const done = await ok<ServiceCaseDetail>(t.call('agent', 'complaints:respond', answer));
    expect(done).toMatchObject({ status: 'resolved', complaint: { outcome: 'partially_upheld', onTime: true } });
    expect(() =>
      t.sqlite.prepare("UPDATE complaint_details SET outcome = 'not_upheld' WHERE case_id = ?").run(c.id),
    ).toThrow(/cannot be changed/);
    const audit = t.sqlite
      .prepare("SELECT action FROM audit_events WHERE entity_type = 'service_case' AND entity_id = ? ORDER BY id")
      .all(String(c.id));
    expect(audit).toEqual([{ action: 'complaint.opened' }, { action: 'complaint.answered' }]);
  });
});

describe('the clock setting and the report', () => {
  it('only an admin sets the clock, within its rules; new complaints use it', async () => {
    expect(
      await t.call('agent', 'complaints:setClock', { responseDays: 10, extendedDays: 20, reason: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(
      await t.call('admin', 'complaints:setClock', { responseDays: 20, extendedDays: 10, reason: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'COMPLAINT_CLOCK_INVALID' } });
    await ok(t.call('admin', 'complaints:setClock', { responseDays: 10, extendedDays: 20, reason: 'New policy' }));
    const a = makeCustomerAccount(t.sqlite);
    const c = await ok<ServiceCaseDetail>(open('agent', { customerId: a.customerId }));
    expect(c.slaDueAt).toBe('2026-06-20T16:00:00.000Z');
    await ok(t.call('admin', 'complaints:setClock', { responseDays: 15, extendedDays: 30, reason: 'Back' }));
  });

  it('reports by category over local days of the business time zone', async () => {
    const a = makeCustomerAccount(t.sqlite);
    // 01:30 on 1 July in Shanghai is still 30 June in UTC: it belongs to July's report.
    now = new Date('2026-06-30T17:30:00.000Z');
    // The idle lock counts the jump in time as idleness: sign in afresh after each.
    await t.signInAs('agent3', 'agent');
    await ok(open('agent3', { customerId: a.customerId, category: 'privacy' }));
    now = new Date('2026-07-05T03:00:00.000Z');
    await t.signInAs('agent4', 'agent');
    const july = await ok<ComplaintReport>(
      t.call('agent4', 'complaints:report', { from: '2026-07-01', to: '2026-07-31' }),
    );
    expect(july.timeZone).toBe('Asia/Shanghai');
    expect(july.rows).toEqual([expect.objectContaining({ category: 'privacy', volume: 1, open: 1, overdue: 0 })]);
    const june = await ok<ComplaintReport>(
      t.call('agent4', 'complaints:report', { from: '2026-06-01', to: '2026-06-30' }),
    );
    expect(june.rows.find((r) => r.category === 'privacy')).toBeUndefined();
    expect(june.rows.find((r) => r.category === 'fees')).toMatchObject({ responded: 1, upheldPermille: 1000 });
    expect(await t.call('agent4', 'complaints:report', { from: '2026-07-31', to: '2026-07-01' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });
});
