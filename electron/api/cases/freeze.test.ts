import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualFreezeResult, ServiceCaseDetail } from '../../../shared/contract/cases';
import { accountStatusOf, makeCustomerAccount } from '../../test/case-builders';
import { count, makeTestConsole, type TestConsole } from '../../test/harness';

const NOW = new Date('2026-06-10T03:00:00.000Z');
let t: TestConsole;
let agent: number;
let sup: number;
let key = 0;
const nextKey = () => `freeze-key-${++key}`;

beforeAll(async () => {
  t = makeTestConsole({ now: () => NOW });
  agent = await t.signInAs('agent', 'agent');
  sup = await t.signInAs('sup', 'supervisor');
  await t.signInAs('sup2', 'supervisor');
});
afterAll(() => t.close());

function freeze(client: string, payload: Record<string, unknown>) {
  return t.call(client, 'cases:freeze', {
    reason: 'Caller says the phone was stolen',
    idempotencyKey: nextKey(),
    ...payload,
  });
}
async function ok<T>(p: Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(res.error!.code);
  return res.data as T;
}
const freezeCase = (id: number) =>
  t.sqlite.prepare('SELECT * FROM freeze_cases WHERE id = ?').get(id) as Record<string, string | number>;

describe('manual freeze', () => {
  it('freezes the account at once with its case, evidence, note and audit event', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const contact = await ok<{ id: number }>(
      t.call('agent', 'contacts:log', {
        channel: 'phone',
        category: 'account_security',
        outcome: 'resolved',
        accountId: a.accountId,
        idempotencyKey: nextKey(),
      }),
    );
    const out = await ok<ManualFreezeResult>(
      freeze('agent', {
        accountId: a.accountId,
        type: 'suspected_takeover',
        transactionIds: [a.txnIds[0]],
        contactId: contact.id,
        documentReference: 'screenshot-1',
      }),
    );
    expect(out.frozen).toBe(true);
    expect(out.freezeCaseNo).toMatch(/^FC\d{7}$/);
    expect(accountStatusOf(t.sqlite, a.accountId)).toBe('frozen');
    const fc = freezeCase(out.freezeCaseId!);
    expect(fc).toMatchObject({
      reason: 'abnormal_login',
      risk: 'high',
      status: 'open',
      evidence_rule: 'manual:suspected_takeover',
    });
    expect(fc.sla_due_at).toBe('2026-06-10T07:00:00.000Z');
    expect(JSON.parse(String(fc.evidence_json))).toMatchObject({
      documentReference: 'screenshot-1',
      contactId: contact.id,
    });
    const detail = await ok<{ evidenceTransactions: { id: number }[]; contacts: { id: number }[] }>(
      t.call('agent', 'frozen:get', { id: out.freezeCaseId }),
    );
    expect(detail.evidenceTransactions.map((x) => x.id)).toEqual([a.txnIds[0]]);
    expect(detail.contacts.map((x) => x.id)).toContain(contact.id);
    const audit = t.sqlite
      .prepare("SELECT action FROM audit_events WHERE entity_type = 'freeze_case' AND entity_id = ?")
      .all(String(out.freezeCaseId));
    expect(audit).toEqual([{ action: 'freeze.manual' }]);
    expect(count(t.sqlite, 'notes')).toBeGreaterThan(0);
  });

  it('answers a retry with the first result and freezes once', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const payload = { accountId: a.accountId, type: 'risk', idempotencyKey: 'same-key-123' };
    const first = await ok<ManualFreezeResult>(freeze('agent', payload));
    const again = await ok<ManualFreezeResult>(freeze('agent', payload));
    expect(again).toEqual(first);
    const n = t.sqlite.prepare('SELECT count(*) AS n FROM freeze_cases WHERE account_id = ?').get(a.accountId);
    expect(n).toEqual({ n: 1 });
  });

  it('refuses evidence from another account, a frozen or closed account, and writes nothing', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const other = makeCustomerAccount(t.sqlite);
    const before = count(t.sqlite, 'audit_events');
    expect(
      await freeze('agent', { accountId: a.accountId, type: 'risk', transactionIds: [other.txnIds[0]] }),
    ).toMatchObject({ ok: false, error: { code: 'EVIDENCE_NOT_ON_ACCOUNT' } });
    const frozen = makeCustomerAccount(t.sqlite, { status: 'frozen' });
    expect(await freeze('agent', { accountId: frozen.accountId, type: 'risk' })).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_ALREADY_FROZEN' },
    });
    const closed = makeCustomerAccount(t.sqlite, { status: 'closed' });
    expect(await freeze('agent', { accountId: closed.accountId, type: 'judicial', orderReference: 'X' })).toMatchObject(
      {
        ok: false,
        error: { code: 'ACCOUNT_CLOSED' },
      },
    );
    expect(accountStatusOf(t.sqlite, a.accountId)).toBe('active');
    expect(count(t.sqlite, 'audit_events')).toBe(before);
  });

  it('is refused without the work permission', async () => {
    // An operator without frozen.work does not exist among the roles, so check the contract instead.
    const res = await t.call('nobody', 'cases:freeze', {
      accountId: 1,
      type: 'risk',
      reason: 'x',
      idempotencyKey: nextKey(),
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('judicial freeze', () => {
  it('needs the order reference, in the handler and in the database', async () => {
    const a = makeCustomerAccount(t.sqlite);
    expect(await freeze('agent', { accountId: a.accountId, type: 'judicial' })).toMatchObject({
      ok: false,
      error: { code: 'JUDICIAL_ORDER_REQUIRED' },
    });
    expect(await freeze('agent', { accountId: a.accountId, type: 'judicial', orderReference: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'JUDICIAL_ORDER_REQUIRED' },
    });
    const sc = Number(
      t.sqlite
        .prepare(
          `INSERT INTO service_cases (case_no, kind, status, customer_id, account_id, summary, opened_by, opened_at, sla_due_at, maker_id)
           VALUES ('JT0000001', 'judicial_freeze', 'awaiting_approval', ?, ?, 'x', ?, ?, ?, ?)`,
        )
        .run(a.customerId, a.accountId, agent, NOW.toISOString(), NOW.toISOString(), agent).lastInsertRowid,
    );
    expect(() =>
      t.sqlite
        .prepare(
          "INSERT INTO freeze_requests (case_id, account_id, freeze_type, reason) VALUES (?, ?, 'judicial', 'x')",
        )
        .run(sc, a.accountId),
    ).toThrow(/CHECK/);
  });

  it('waits for a different supervisor; on approval the account freezes with a judicial case', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const out = await ok<ManualFreezeResult>(
      freeze('sup', {
        accountId: a.accountId,
        type: 'judicial',
        orderReference: '(2026)沪0115执保1234号',
        authority: '上海市浦东新区人民法院',
        transactionIds: a.txnIds,
      }),
    );
    expect(out).toMatchObject({ frozen: false, freezeCaseId: null });
    expect(out.requestNo).toMatch(/^JF\d{7}$/);
    expect(accountStatusOf(t.sqlite, a.accountId)).toBe('active');
    // A second request while this one waits is refused.
    expect(await freeze('agent', { accountId: a.accountId, type: 'judicial', orderReference: 'B' })).toMatchObject({
      ok: false,
      error: { code: 'JUDICIAL_ALREADY_PENDING' },
    });
    const req = await ok<ServiceCaseDetail>(t.call('sup', 'cases:get', { id: out.requestId }));
    expect(req).toMatchObject({ kind: 'judicial_freeze', status: 'awaiting_approval' });
    expect(req.freezeRequest).toMatchObject({ type: 'judicial', orderReference: '(2026)沪0115执保1234号' });
    expect(req.transactions).toHaveLength(2);
    const approve = (client: string, c: ServiceCaseDetail) =>
      t.call(client, 'cases:approve', {
        id: c.id,
        expectedVersion: c.version,
        note: 'Order checked',
        idempotencyKey: nextKey(),
      });
    expect(await approve('agent', req)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await approve('sup', req)).toMatchObject({ ok: false, error: { code: 'MAKER_CANNOT_APPROVE' } });
    // The database refuses the move without a checker, whoever writes it.
    expect(() => t.sqlite.prepare("UPDATE service_cases SET status = 'approved' WHERE id = ?").run(req.id)).toThrow(
      /four-eyes|judicial/,
    );
    const done = await ok<ServiceCaseDetail>(approve('sup2', req));
    expect(done).toMatchObject({ status: 'approved', checkerId: expect.any(Number) });
    expect(done.freezeRequest?.freezeCaseNo).toMatch(/^FC/);
    expect(accountStatusOf(t.sqlite, a.accountId)).toBe('frozen');
    const fc = freezeCase(done.freezeRequest!.freezeCaseId!);
    expect(fc).toMatchObject({ reason: 'judicial', evidence_rule: 'manual:judicial' });
    // And, as for every judicial freeze, it cannot be lifted here.
    expect(() => t.sqlite.prepare("UPDATE freeze_cases SET status = 'unfrozen' WHERE id = ?").run(fc.id)).toThrow(
      /judicial/,
    );
  });

  it('a rejection leaves the account as it was, and a decided request cannot move again', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const out = await ok<ManualFreezeResult>(
      freeze('agent', { accountId: a.accountId, type: 'judicial', orderReference: 'REF-1' }),
    );
    const req = await ok<ServiceCaseDetail>(t.call('sup', 'cases:get', { id: out.requestId }));
    const rejected = await ok<ServiceCaseDetail>(
      t.call('sup', 'cases:reject', {
        id: req.id,
        expectedVersion: req.version,
        note: 'No such order',
        idempotencyKey: nextKey(),
      }),
    );
    expect(rejected.status).toBe('rejected');
    expect(accountStatusOf(t.sqlite, a.accountId)).toBe('active');
    expect(
      await t.call('sup2', 'cases:approve', {
        id: req.id,
        expectedVersion: rejected.version,
        note: 'try',
        idempotencyKey: nextKey(),
      }),
    ).toMatchObject({ ok: false, error: { code: 'CASE_NOT_DECIDABLE' } });
    expect(() =>
      t.sqlite.prepare("UPDATE service_cases SET status = 'awaiting_approval' WHERE id = ?").run(req.id),
    ).toThrow(/not allowed/);
    expect(sup).toBeGreaterThan(0);
  });
});

describe('freeze cases in the database', () => {
  it('an active case inserted on any path freezes its account', () => {
    const a = makeCustomerAccount(t.sqlite);
    t.sqlite
      .prepare(
        `INSERT INTO freeze_cases (case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at, sla_due_at)
         VALUES ('FZ0000001', ?, 'rule_violation', 'low', 'open', 'x', '{}', ?, ?)`,
      )
      .run(a.accountId, NOW.toISOString(), NOW.toISOString());
    expect(accountStatusOf(t.sqlite, a.accountId)).toBe('frozen');
  });
});
