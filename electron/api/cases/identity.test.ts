import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceCaseDetail } from '../../../shared/contract/cases';
import { makeCustomerAccount } from '../../test/case-builders';
import { count, makeTestConsole, type TestConsole } from '../../test/harness';
import { key } from '../../test/refund-builders';

const now = new Date('2026-06-01T02:00:00.000Z');
let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole({ now: () => now });
  await t.signInAs('agent', 'agent');
  await t.signInAs('supervisor', 'supervisor');
  await t.signInAs('other', 'supervisor');
});
afterAll(() => t.close());

function lockedCustomer() {
  const c = makeCustomerAccount(t.sqlite);
  t.sqlite
    .prepare("UPDATE customers SET login_locked_at = ?, login_lock_reason = 'failed_attempts' WHERE id = ?")
    .run('2026-05-31T23:00:00.000Z', c.customerId);
  return c;
}
function device(customerId: number, trusted = true) {
  return Number(
    t.sqlite
      .prepare('INSERT INTO customer_devices (customer_id, label, bound_at, trusted) VALUES (?, ?, ?, ?)')
      .run(customerId, 'iPhone 15 · 8F2A', '2026-01-01T00:00:00.000Z', trusted ? 1 : 0).lastInsertRowid,
  );
}
const open = (customerId: number, action: string, deviceId?: number, client = 'agent') =>
  t.call(client, 'identity:open', {
    customerId,
    action,
    ...(deviceId ? { deviceId } : {}),
    summary: '客户来电：登录被锁定',
    idempotencyKey: key(),
  } as never);
async function tick(c: ServiceCaseDetail, kinds: string[], client = 'agent') {
  let d = c;
  for (const kind of kinds) {
    d = await t.ok(client, 'identity:check', { id: d.id, expectedVersion: d.version, kind, passed: true } as never);
  }
  return d;
}
const decide = (c: ServiceCaseDetail, decision: 'carry_out' | 'decline', client = 'agent') =>
  t.call(client, 'identity:decide', {
    id: c.id,
    expectedVersion: c.version,
    decision,
    note: 'Caller named the last payment',
    idempotencyKey: key(),
  });
const lockOf = (customerId: number) =>
  t.sqlite.prepare('SELECT login_locked_at FROM customers WHERE id = ?').get(customerId) as {
    login_locked_at: string | null;
  };

describe('an identity-security case', () => {
  it('opens only for something to do: an unlock needs a lock, an unbind a bound device of this customer', async () => {
    const free = makeCustomerAccount(t.sqlite);
    const other = makeCustomerAccount(t.sqlite);
    const before = count(t.sqlite, 'service_cases');
    expect(await open(free.customerId, 'unlock')).toMatchObject({ ok: false, error: { code: 'LOGIN_NOT_LOCKED' } });
    expect(await open(free.customerId, 'device_unbind')).toMatchObject({
      ok: false,
      error: { code: 'DEVICE_REQUIRED' },
    });
    expect(await open(free.customerId, 'device_unbind', device(other.customerId))).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_NOT_CUSTOMERS' },
    });
    expect(count(t.sqlite, 'service_cases')).toBe(before);
    const locked = lockedCustomer();
    const c = await open(locked.customerId, 'unlock');
    expect(c).toMatchObject({
      ok: true,
      data: { kind: 'identity', status: 'open', caseNo: expect.stringMatching(/^IS/) },
    });
    expect(await open(locked.customerId, 'unlock')).toMatchObject({ ok: false, error: { code: 'IDENTITY_CASE_OPEN' } });
  });

  it('records the checks in the freeze checklist’s way and refuses to carry out before all required ones pass', async () => {
    const locked = lockedCustomer();
    const c = await t.ok('agent', 'identity:open', {
      customerId: locked.customerId,
      action: 'unlock',
      summary: 'Locked out after five wrong passwords',
      idempotencyKey: key(),
    });
    expect(c.identity).toMatchObject({
      action: 'unlock',
      required: ['phone', 'id_tail', 'recent_transaction'],
      checks: [],
    });
    const two = await tick(c, ['phone', 'id_tail']);
    expect(two.status).toBe('in_progress');
    expect(two.identity!.checks.map((k) => [k.kind, k.operatorName]).sort()).toEqual([
      ['id_tail', 'agent-agent'],
      ['phone', 'agent-agent'],
    ]);
    expect(await decide(two, 'carry_out')).toMatchObject({ ok: false, error: { code: 'IDENTITY_CHECKS_INCOMPLETE' } });
    expect(lockOf(locked.customerId).login_locked_at).not.toBeNull();
    // Unticking removes the mark.
    const back = await t.ok('agent', 'identity:check', {
      id: c.id,
      expectedVersion: two.version,
      kind: 'id_tail',
      passed: false,
    });
    expect(back.identity!.checks.map((k) => k.kind)).toEqual(['phone']);
    const all = await tick(back, ['id_tail', 'recent_transaction']);
    const done = await t.ok('agent', 'identity:decide', {
      id: c.id,
      expectedVersion: all.version,
      decision: 'carry_out',
      note: 'Caller named the last payment',
      idempotencyKey: key(),
    });
    // The lock is cleared in the same transaction that resolves the case, with its audit events.
    expect(done).toMatchObject({
      status: 'resolved',
      decision: 'carry_out',
      identity: { carriedOutAt: now.toISOString() },
    });
    expect(lockOf(locked.customerId).login_locked_at).toBeNull();
    const actions = t.sqlite
      .prepare("SELECT action FROM audit_events WHERE entity_type = 'service_case' AND entity_id = ? ORDER BY id")
      .all(String(c.id))
      .map((r) => (r as { action: string }).action);
    expect(actions).toEqual([
      'identity.opened',
      ...Array(5).fill('identity.check'),
      'identity.carriedOut',
      'identity.resolved',
    ]);
    expect(
      await t.call('agent', 'identity:check', { id: c.id, expectedVersion: done.version, kind: 'face', passed: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CASE_NOT_DECIDABLE' },
    });
  });

  it('a password reset is marked verified; a decline closes the case with its reason and changes nothing', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const reset = await t.ok('agent', 'identity:open', {
      customerId: a.customerId,
      action: 'password_reset',
      summary: 'Forgot password',
      idempotencyKey: key(),
    });
    const checked = await tick(reset, ['phone', 'id_tail', 'face']);
    const done = await decide(checked, 'carry_out');
    expect(done).toMatchObject({ ok: true, data: { status: 'resolved' } });
    expect(t.sqlite.prepare('SELECT reset_verified_at FROM customers WHERE id = ?').get(a.customerId)).toEqual({
      reset_verified_at: now.toISOString(),
    });
    const locked = lockedCustomer();
    const c = await t.ok('agent', 'identity:open', {
      customerId: locked.customerId,
      action: 'unlock',
      summary: 'Locked out',
      idempotencyKey: key(),
    });
    const declined = await decide(c, 'decline');
    expect(declined).toMatchObject({ ok: true, data: { status: 'closed', decision: 'decline' } });
    expect(lockOf(locked.customerId).login_locked_at).not.toBeNull();
  });

  it('unbinding the last trusted device needs a second supervisor who neither opened nor sent it', async () => {
    const a = makeCustomerAccount(t.sqlite);
    const spare = device(a.customerId);
    const last = device(a.customerId);
    // With another trusted device left, one agent may unbind.
    const first = await t.ok('agent', 'identity:open', {
      customerId: a.customerId,
      action: 'device_unbind',
      deviceId: spare,
      summary: 'Old phone sold',
      idempotencyKey: key(),
    });
    const firstDone = await decide(await tick(first, ['phone', 'id_tail', 'face']), 'carry_out');
    expect(firstDone).toMatchObject({ ok: true, data: { status: 'resolved' } });
    // The last one goes for approval instead; the device stays bound until then.
    const c = await t.ok('supervisor', 'identity:open', {
      customerId: a.customerId,
      action: 'device_unbind',
      deviceId: last,
      summary: 'Phone stolen',
      idempotencyKey: key(),
    });
    expect(c.identity).toMatchObject({ fourEyes: true, device: { id: last, trusted: true } });
    const sent = await decide(await tick(c, ['phone', 'id_tail', 'face'], 'supervisor'), 'carry_out', 'supervisor');
    expect(sent).toMatchObject({ ok: true, data: { status: 'awaiting_approval' } });
    const s = (sent as { data: ServiceCaseDetail }).data;
    const bound = () => t.sqlite.prepare('SELECT unbound_at FROM customer_devices WHERE id = ?').get(last);
    expect(bound()).toEqual({ unbound_at: null });
    const approve = (client: string) =>
      t.call(client, 'cases:approve', {
        id: c.id,
        expectedVersion: s.version,
        note: 'Verified on video',
        idempotencyKey: key(),
      });
    expect(await approve('supervisor')).toMatchObject({ ok: false, error: { code: 'MAKER_CANNOT_APPROVE' } });
    expect(await approve('agent')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await approve('other')).toMatchObject({
      ok: true,
      data: { status: 'approved', identity: { carriedOutAt: now.toISOString() } },
    });
    expect(bound()).toEqual({ unbound_at: now.toISOString() });
    const state = await t.ok('agent', 'identity:state', { customerId: a.customerId });
    expect(state.devices.every((d) => d.unboundAt !== null)).toBe(true);
  });
});
