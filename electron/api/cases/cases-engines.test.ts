import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Result } from '../../../shared/contract';
import { makeAccount, settledPayment } from '../../test/engine-builders';
import { describeEngines, makeEngineConsole, type EngineConsole } from '../../test/engines';

/**
 * The service cases through the real dispatch on both engines (describeEngines): on PostgreSQL
 * they run on the 130–160 twins, so each flow also pokes the twin's trigger that guards it.
 */
const NOW = new Date('2026-06-10T03:00:00.000Z');
let keys = 0;
const key = () => `cases-key-${++keys}-${Math.random().toString(36).slice(2)}`;
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const REFUSED = /violates check constraint|CHECK constraint failed|answer|append-only|closing the account/;

describeEngines('service cases', (kind) => {
  let t: EngineConsole;
  beforeAll(async () => {
    t = await makeEngineConsole(kind, { now: () => NOW });
    for (const [client, role] of [
      ['agent', 'agent'],
      ['sup', 'supervisor'],
      ['sup2', 'supervisor'],
    ] as const) {
      await t.signInAs(client, role, client);
    }
  });
  afterAll(() => t?.close());

  const accountStatus = async (id: number) =>
    (await t.db.selectFrom('accounts').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it('a complaint is opened with its deadline, answered, and the answer then stands', async () => {
    const { customerId } = await makeAccount(t.db);
    const c = await t.ok('agent', 'complaints:open', {
      customerId,
      channel: 'phone',
      category: 'fees',
      words: '你们多收了我手续费',
      idempotencyKey: key(),
    });
    expect(c).toMatchObject({ kind: 'complaint', status: 'open' });
    expect(Date.parse(c.slaDueAt)).toBeGreaterThan(NOW.getTime());
    expect(c.slaDueAt).toBe(c.complaint!.ownDueAt);
    await expect(sql`UPDATE service_cases SET status = 'resolved' WHERE id = ${c.id}`.execute(t.db)).rejects.toThrow(
      /resolved only with its outcome/,
    );
    const done = await t.ok('agent', 'complaints:respond', {
      id: c.id,
      expectedVersion: c.version,
      outcome: 'partially_upheld',
      explanation: 'The fee was charged twice; the second one is refunded.',
      response: '您好，经核查……',
      idempotencyKey: key(),
    });
    expect(done).toMatchObject({ status: 'resolved', complaint: { outcome: 'partially_upheld', onTime: true } });
    await expect(
      sql`UPDATE complaint_details SET outcome = 'not_upheld' WHERE case_id = ${c.id}`.execute(t.db),
    ).rejects.toThrow(/cannot be changed once sent/);
  });

  it('a fraud report freezes the account, blocklists the fake number and flags the payee', async () => {
    const { customerId, accountId } = await makeAccount(t.db);
    const paid = await settledPayment(t.db, accountId, 250_000, NOW);
    const report = (fakeNumber: string) =>
      t.ok('agent', 'fraud:open', {
        customerId,
        accountId,
        scheme: 'fake_hotline',
        fakeNumber,
        lossMinor: 250_000,
        currency: 'CNY',
        words: '对方自称客服，让我开屏幕共享转账',
        transactionIds: [paid],
        freeze: true,
        idempotencyKey: key(),
      });
    const c = await report('400-820 5678');
    expect(c.fraud).toMatchObject({
      fakeNumber: '4008205678',
      lossMinor: 250_000,
      numberReports: 1,
      flaggedPayees: ['merchant:星巴克'],
    });
    expect(c.fraud!.freezeCaseNo).toMatch(/^FC/);
    expect(await accountStatus(accountId)).toBe('frozen');
    const hits = await t.ok('agent', 'search:query', { text: '400 820 5678' });
    expect(hits[0]).toMatchObject({ kind: 'fakeNumber', title: '4008205678', recordId: c.id });
    await expect(sql`DELETE FROM fake_numbers WHERE number = '4008205678'`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`UPDATE fraud_reports SET loss_minor = -1 WHERE case_id = ${c.id}`.execute(t.db)).rejects.toThrow(
      REFUSED,
    );
  });

  it('a manual freeze freezes the account at once with its freeze case and audit event', async () => {
    const { accountId } = await makeAccount(t.db);
    const out = await t.ok('agent', 'cases:freeze', {
      accountId,
      type: 'suspected_takeover',
      reason: 'Caller says the phone was stolen',
      idempotencyKey: key(),
    });
    expect(out).toMatchObject({ frozen: true });
    expect(await accountStatus(accountId)).toBe('frozen');
    const fc = await t.db
      .selectFrom('freeze_cases')
      .select(['reason', 'risk', 'status', 'evidence_rule'])
      .where('id', '=', out.freezeCaseId!)
      .executeTakeFirstOrThrow();
    expect(fc).toEqual({
      reason: 'abnormal_login',
      risk: 'high',
      status: 'open',
      evidence_rule: 'manual:suspected_takeover',
    });
    const audit = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'freeze_case')
      .where('entity_id', '=', String(out.freezeCaseId))
      .execute();
    expect(audit).toEqual([{ action: 'freeze.manual' }]);
  });

  it('a closure request is approved by a second supervisor, closing the account and paying out the balance', async () => {
    const { accountId } = await makeAccount(t.db, 'active', { balanceMinor: 12_345 });
    await settledPayment(t.db, accountId, 100, new Date(NOW.getTime() - 30 * 86_400_000), {
      paymentMethod: 'bank_card:6222****1111',
    });
    const c = await t.ok('sup', 'closure:open', {
      accountId,
      checks: ['phone', 'id_tail', 'face'],
      reason: '客户来电要求销户',
      idempotencyKey: key(),
    });
    expect(c).toMatchObject({ kind: 'closure', status: 'cooling_off' });
    // The cooling-off ends in a week: move the case past it in the database, as time would.
    await sql`UPDATE closure_requests SET cooling_off_until = ${NOW.toISOString()} WHERE case_id = ${c.id}`.execute(
      t.db,
    );
    const sent = await t.ok('sup', 'closure:submit', { id: c.id, expectedVersion: c.version, idempotencyKey: key() });
    expect(sent.status).toBe('awaiting_approval');
    await expect(sql`UPDATE service_cases SET status = 'approved' WHERE id = ${c.id}`.execute(t.db)).rejects.toThrow(
      /four-eyes|closing the account/,
    );
    const approve = (client: string) =>
      t.call(client, 'cases:approve', { id: c.id, expectedVersion: sent.version, note: 'ok', idempotencyKey: key() });
    expect(code(await approve('agent'))).toBe('FORBIDDEN');
    expect(code(await approve('sup'))).toBe('MAKER_CANNOT_APPROVE');
    const done = await approve('sup2');
    if (!done.ok) throw new Error(done.error.code);
    expect(done.data).toMatchObject({ status: 'approved', closure: { paidMinor: 12_345 } });
    expect(await accountStatus(accountId)).toBe('closed');
    const payout = await t.db
      .selectFrom('transactions')
      .select(['amount_minor', 'counterparty'])
      .where('account_id', '=', accountId)
      .where('operation', '=', 'withdrawal')
      .executeTakeFirstOrThrow();
    expect(payout).toEqual({ amount_minor: 12_345, counterparty: 'bank_card:6222****1111' });
  });

  it('an identity case unbinds the last trusted device only by a second supervisor, after every check', async () => {
    const { customerId } = await makeAccount(t.db);
    const { id: deviceId } = await t.db
      .insertInto('customer_devices')
      .values({ customer_id: customerId, label: 'iPhone 15', bound_at: NOW.toISOString(), trusted: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    let c = await t.ok('agent', 'identity:open', {
      customerId,
      action: 'device_unbind',
      deviceId,
      summary: '手机丢失，要求解绑',
      idempotencyKey: key(),
    });
    expect(c.identity).toMatchObject({ fourEyes: true, required: ['phone', 'id_tail', 'face'] });
    for (const kind of ['phone', 'id_tail'] as const) {
      c = await t.ok('agent', 'identity:check', { id: c.id, expectedVersion: c.version, kind, passed: true });
    }
    const decide = () =>
      t.call('agent', 'identity:decide', {
        id: c.id,
        expectedVersion: c.version,
        decision: 'carry_out',
        note: 'Verified',
        idempotencyKey: key(),
      });
    expect(code(await decide())).toBe('IDENTITY_CHECKS_INCOMPLETE');
    // The twin refuses the same thing on its own.
    await expect(
      sql`UPDATE service_cases SET status = 'awaiting_approval' WHERE id = ${c.id}`.execute(t.db),
    ).rejects.toThrow(/required identity check/);
    c = await t.ok('agent', 'identity:check', { id: c.id, expectedVersion: c.version, kind: 'face', passed: true });
    const sent = await decide();
    if (!sent.ok) throw new Error(sent.error.code);
    expect(sent.data.status).toBe('awaiting_approval');
    await expect(
      sql`UPDATE customer_devices SET unbound_at = ${NOW.toISOString()}, unbound_case_id = 1 WHERE id = ${deviceId}`.execute(
        t.db,
      ),
    ).rejects.toThrow(/names it/);
    const done = await t.ok('sup', 'cases:approve', {
      id: c.id,
      expectedVersion: sent.data.version,
      note: 'Video call confirmed',
      idempotencyKey: key(),
    });
    expect(done).toMatchObject({ status: 'approved', identity: { device: { id: deviceId } } });
    expect(done.identity!.device!.unboundAt).not.toBeNull();
  });
});
