import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountStatusOf, makeCustomerAccount } from '../../test/case-builders';
import { count, makeTestConsole, type TestConsole } from '../../test/harness';
import { key } from '../../test/refund-builders';

let now = new Date('2026-06-01T02:00:00.000Z');
let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole({ now: () => now });
  await t.signInAs('agent', 'agent');
  await t.signInAs('supervisor', 'supervisor');
});
afterAll(() => t.close());

/** Moves the clock on; the week-long jump locks idle sessions, so both operators sign in again. */
async function setNow(at: Date) {
  now = at;
  for (const [client, role] of [
    ['agent', 'agent'],
    ['supervisor', 'supervisor'],
  ] as const) {
    const res = await t.call(client, 'session:signIn', { username: `${role}-${client}`, password: 'pass1234' });
    if (!res.ok) throw new Error(res.error.code);
  }
}

const CHECKS = ['phone', 'id_tail', 'face'] as const;
const open = (accountId: number, checks: readonly string[] = CHECKS) =>
  t.call('agent', 'closure:open', { accountId, checks, reason: '客户来电要求销户', idempotencyKey: key() } as never);

describe('a closure request', () => {
  it('needs an active account, the identity checks, and no other request in progress; refusals write nothing', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const frozen = makeCustomerAccount(t.sqlite, { status: 'frozen' });
    const before = count(t.sqlite, 'service_cases');
    expect(await open(a.accountId, ['phone', 'id_tail'])).toMatchObject({
      ok: false,
      error: { code: 'IDENTITY_CHECKS_INCOMPLETE' },
    });
    expect(await open(frozen.accountId)).toMatchObject({ ok: false, error: { code: 'ACCOUNT_NOT_ACTIVE' } });
    expect(count(t.sqlite, 'service_cases')).toBe(before);
    const c = await t.ok('agent', 'closure:open', {
      accountId: a.accountId,
      checks: CHECKS,
      reason: '客户来电要求销户',
      idempotencyKey: key(),
    });
    expect(c).toMatchObject({ kind: 'closure', status: 'cooling_off', slaDueAt: '2026-06-08T02:00:00.000Z' });
    expect(c.closure).toMatchObject({ checks: CHECKS, coolingOffUntil: '2026-06-08T02:00:00.000Z', paidMinor: null });
    expect(await open(a.accountId)).toMatchObject({ ok: false, error: { code: 'CLOSURE_ALREADY_OPEN' } });
  });

  it('cools off, then a second person closes the account and the balance goes to the verified card', async () => {
    await setNow(new Date('2026-06-01T02:00:00.000Z'));
    const a = makeCustomerAccount(t.sqlite, { balanceMinor: 12_345 });
    const c = await t.ok('agent', 'closure:open', {
      accountId: a.accountId,
      checks: CHECKS,
      reason: 'Moving abroad',
      idempotencyKey: key(),
    });
    const submit = (v: number) =>
      t.call('agent', 'closure:submit', { id: c.id, expectedVersion: v, idempotencyKey: key() });
    await setNow(new Date(Date.parse('2026-06-08T02:00:00.000Z') - 1));
    expect(await submit(c.version)).toMatchObject({ ok: false, error: { code: 'CLOSURE_COOLING_OFF' } });
    await setNow(new Date('2026-06-08T02:00:00.000Z'));
    const sent = await t.ok('agent', 'closure:submit', { id: c.id, expectedVersion: c.version, idempotencyKey: key() });
    expect(sent.status).toBe('awaiting_approval');
    // The database refuses an approval that does not close the account.
    expect(() =>
      t.sqlite.prepare("UPDATE service_cases SET status = 'approved', checker_id = 2 WHERE id = ?").run(c.id),
    ).toThrow();
    const done = await t.ok('supervisor', 'cases:approve', {
      id: c.id,
      expectedVersion: sent.version,
      note: 'Checks confirmed',
      idempotencyKey: key(),
    });
    expect(done).toMatchObject({ status: 'approved', closure: { paidMinor: 12_345 } });
    expect(done.closure!.payoutTxnNo).toMatch(/^PO/);
    expect(accountStatusOf(t.sqlite, a.accountId)).toBe('closed');
    const payout = t.sqlite
      .prepare("SELECT amount_minor, counterparty FROM transactions WHERE account_id = ? AND operation = 'withdrawal'")
      .get(a.accountId);
    expect(payout).toEqual({ amount_minor: 12_345, counterparty: 'bank_card:6222****1111' });
    const actions = t.sqlite
      .prepare("SELECT action FROM audit_events WHERE entity_type = 'service_case' AND entity_id = ? ORDER BY id")
      .all(String(c.id))
      .map((r) => (r as { action: string }).action);
    expect(actions).toEqual(['closure.requested', 'closure.submitted', 'closure.closed', 'case.approved']);
  });

  it('is withdrawn when the customer changes their mind, and the account stays active', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const c = await t.ok('agent', 'closure:open', {
      accountId: a.accountId,
      checks: CHECKS,
      reason: 'x',
      idempotencyKey: key(),
    });
    const w = await t.ok('agent', 'closure:withdraw', {
      id: c.id,
      expectedVersion: c.version,
      note: '客户改变主意',
      idempotencyKey: key(),
    });
    expect(w.status).toBe('withdrawn');
    expect(accountStatusOf(t.sqlite, a.accountId)).toBe('active');
  });

  it('is refused while a judicial order waits for confirmation, both to open and to approve (FREEZE_RULES)', async () => {
    await setNow(new Date('2026-06-01T02:00:00.000Z'));
    const a = makeCustomerAccount(t.sqlite, { balanceMinor: 5_000 });
    const b = makeCustomerAccount(t.sqlite, { balanceMinor: 7_000 });
    const c = await t.ok('agent', 'closure:open', {
      accountId: b.accountId,
      checks: CHECKS,
      reason: 'x',
      idempotencyKey: key(),
    });
    await setNow(new Date('2026-06-08T02:00:00.000Z'));
    const sent = await t.ok('agent', 'closure:submit', { id: c.id, expectedVersion: c.version, idempotencyKey: key() });
    for (const accountId of [a.accountId, b.accountId]) {
      const order = await t.call('agent', 'cases:freeze', {
        accountId,
        type: 'judicial',
        orderReference: `(2026)沪0115执保${accountId}号`,
        reason: 'Court order',
        idempotencyKey: key(),
      } as never);
      expect(order.ok).toBe(true);
    }
    expect(await open(a.accountId)).toMatchObject({ ok: false, error: { code: 'JUDICIAL_FREEZE' } });
    const approve = await t.call('supervisor', 'cases:approve', {
      id: c.id,
      expectedVersion: sent.version,
      note: 'Checks confirmed',
      idempotencyKey: key(),
    });
    expect(approve).toMatchObject({ ok: false, error: { code: 'JUDICIAL_FREEZE' } });
    // Nothing was paid out and both accounts keep their money.
    for (const [id, minor] of [
      [a.accountId, 5_000],
      [b.accountId, 7_000],
    ] as const) {
      expect(t.sqlite.prepare('SELECT status, balance_minor FROM accounts WHERE id = ?').get(id)).toEqual({
        status: 'active',
        balance_minor: minor,
      });
    }
  });
});
