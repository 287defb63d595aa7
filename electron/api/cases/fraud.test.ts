import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountStatusOf, makeCustomerAccount } from '../../test/case-builders';
import { count, makeTestConsole, type TestConsole } from '../../test/harness';
import { key, makeTxn, seedRefundWorld } from '../../test/refund-builders';

const now = new Date('2026-06-10T03:00:00.000Z');
let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole({ now: () => now });
  seedRefundWorld(t.sqlite);
  await t.signInAs('agent', 'agent');
  await t.signInAs('agent2', 'agent');
});
afterAll(() => t.close());

/** A payment the victim made to a merchant the fraudster controls. */
function payTo(accountId: number, merchant: string): number {
  return Number(
    t.sqlite
      .prepare(
        `INSERT INTO transactions (txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status, merchant,
           payment_method, created_at, settled_at)
         VALUES (?, ?, 'payment', 'in_app', 250000, 0, 'CNY', 'settled', ?, 'balance', ?, ?)`,
      )
      .run(`TF${accountId}-${merchant}`, accountId, merchant, '2026-06-09T02:00:00.000Z', '2026-06-09T02:00:01.000Z')
      .lastInsertRowid,
  );
}

const counterpartyOf = (id: number) =>
  (t.sqlite.prepare('SELECT counterparty FROM transactions WHERE id = ?').get(id) as { counterparty: string })
    .counterparty;

function report(client: string, payload: Record<string, unknown>) {
  return t.call(client, 'fraud:open', {
    scheme: 'fake_hotline',
    fakeNumber: '400-820 1234',
    lossMinor: 250000,
    currency: 'CNY',
    words: '对方自称客服，让我开屏幕共享转账',
    freeze: true,
    idempotencyKey: key(),
    ...payload,
  } as never);
}

const tables = () => [
  'service_cases',
  'fraud_reports',
  'fake_numbers',
  'flagged_payees',
  'freeze_cases',
  'audit_events',
];
const counts = () => tables().map((x) => count(t.sqlite, x));

describe('a fraud report', () => {
  it('freezes the victim’s account, blocklists the number and flags the payees, in one step with its audit', async () => {
    const v = makeCustomerAccount(t.sqlite);
    const paid = payTo(v.accountId, '假客服商户');
    const c = await t.ok('agent', 'fraud:open', {
      customerId: v.customerId,
      accountId: v.accountId,
      scheme: 'fake_hotline',
      fakeNumber: '400-820 1234',
      lossMinor: 250000,
      currency: 'CNY',
      words: '对方自称客服，让我开屏幕共享转账',
      transactionIds: [paid, v.txnIds[0]],
      freeze: true,
      idempotencyKey: key(),
    });
    expect(c).toMatchObject({ kind: 'fraud_report', status: 'open', ownerName: 'agent-agent' });
    expect(c.caseNo).toMatch(/^FR\d{7}$/);
    expect(c.slaDueAt).toBe('2026-06-11T03:00:00.000Z');
    expect(c.fraud).toMatchObject({
      fakeNumber: '4008201234',
      lossMinor: 250000,
      currency: 'CNY',
      numberReports: 1,
      flaggedPayees: ['merchant:假客服商户', counterpartyOf(v.txnIds[0])].sort(),
    });
    expect(c.fraud!.freezeCaseNo).toMatch(/^FC/);
    expect(accountStatusOf(t.sqlite, v.accountId)).toBe('frozen');
    const audit = t.sqlite
      .prepare(
        "SELECT action, entity_id FROM audit_events WHERE action IN ('fraud.reported', 'freeze.manual') ORDER BY id",
      )
      .all();
    expect(audit).toEqual([
      { action: 'freeze.manual', entity_id: String(c.fraud!.freezeCaseId) },
      { action: 'fraud.reported', entity_id: String(c.id) },
    ]);
  });

  it('a second report of the same number, written another way, counts on the one blocklist entry', async () => {
    const v = makeCustomerAccount(t.sqlite);
    const c = await t.ok('agent', 'fraud:open', {
      customerId: v.customerId,
      accountId: v.accountId,
      scheme: 'impersonation',
      fakeNumber: '4008201234',
      lossMinor: 0,
      currency: 'CNY',
      words: 'Caller said they were from the wallet',
      freeze: false,
      idempotencyKey: key(),
    });
    expect(c.fraud).toMatchObject({ numberReports: 2, freezeCaseId: null, flaggedPayees: [] });
    expect(accountStatusOf(t.sqlite, v.accountId)).toBe('active');
    const hits = await t.ok('agent', 'search:query', { text: '400 820 1234' });
    expect(hits[0]).toMatchObject({ kind: 'fakeNumber', title: '4008201234', recordId: c.id });
  });

  it('refuses a bad number, another customer’s payment, or a freeze of a frozen account, writing nothing', async () => {
    const v = makeCustomerAccount(t.sqlite);
    const other = makeCustomerAccount(t.sqlite);
    const frozen = makeCustomerAccount(t.sqlite, { status: 'frozen' });
    const before = counts();
    const base = { customerId: v.customerId, accountId: v.accountId };
    expect(await report('agent', { ...base, fakeNumber: 'not a number' })).toMatchObject({
      ok: false,
      error: { code: 'FAKE_NUMBER_INVALID' },
    });
    expect(await report('agent', { ...base, transactionIds: [other.txnIds[0]] })).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_NOT_CUSTOMERS' },
    });
    expect(await report('agent', { ...base, lossMinor: 12.5 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(
      await report('agent', {
        customerId: frozen.customerId,
        accountId: frozen.accountId,
        transactionIds: [frozen.txnIds[0]],
      }),
    ).toMatchObject({ ok: false, error: { code: 'ACCOUNT_ALREADY_FROZEN' } });
    expect(counts()).toEqual(before);
  });

  it('records the recall request once, then is resolved; only the owner or a supervisor works it', async () => {
    const v = makeCustomerAccount(t.sqlite);
    const c = await t.ok('agent', 'fraud:open', {
      customerId: v.customerId,
      accountId: v.accountId,
      scheme: 'fake_hotline',
      fakeNumber: '95188-0000',
      lossMinor: 100,
      currency: 'CNY',
      words: 'x',
      freeze: false,
      idempotencyKey: key(),
    });
    const recall = { id: c.id, expectedVersion: c.version, reference: 'ZF-2026-0001', note: '已向收款行申请止付' };
    expect((await t.refusal('agent2', 'fraud:recall', { ...recall, idempotencyKey: key() })).code).toBe(
      'CASE_OWNED_BY_OTHER',
    );
    const recalled = await t.ok('agent', 'fraud:recall', { ...recall, idempotencyKey: key() });
    expect(recalled).toMatchObject({ status: 'in_progress', fraud: { recallReference: 'ZF-2026-0001' } });
    expect(
      (
        await t.refusal('agent', 'fraud:recall', {
          ...recall,
          expectedVersion: recalled.version,
          idempotencyKey: key(),
        })
      ).code,
    ).toBe('FRAUD_RECALL_RECORDED');
    const done = await t.ok('agent', 'fraud:resolve', {
      id: c.id,
      expectedVersion: recalled.version,
      note: '追回 1.00 元',
      idempotencyKey: key(),
    });
    expect(done).toMatchObject({ status: 'resolved', decisionNote: '追回 1.00 元' });
  });

  it('warns a refund whose transaction paid a flagged payee', async () => {
    const v = makeCustomerAccount(t.sqlite);
    const c = await t.ok('agent', 'fraud:open', {
      customerId: v.customerId,
      accountId: v.accountId,
      scheme: 'fake_hotline',
      fakeNumber: '02161234567',
      lossMinor: 250000,
      currency: 'CNY',
      words: 'Paid the fake merchant',
      transactionIds: [payTo(v.accountId, '星巴克')],
      freeze: false,
      idempotencyKey: key(),
    });
    const refund = await t.ok('agent', 'refunds:request', {
      transactionId: makeTxn(t.sqlite, {}, now),
      amountMinor: 1000,
      currency: 'CNY',
      type: 'customer',
      reason: 'requested_by_customer',
      idempotencyKey: key(),
    });
    const detail = await t.ok('agent', 'refunds:get', { id: refund.id });
    expect(detail.payeeWarning).toEqual({ payee: 'merchant:星巴克', caseId: c.id, caseNo: c.caseNo });
  });
});
