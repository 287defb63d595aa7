import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract';
import type { BulkResult, RefundDetail, RefundRow } from '../../../shared/contract/refunds';
import type { FreezeReason } from '../../../shared/domain/catalog';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { key, makeTxn, seedRefundWorld } from '../../test/refund-builders';
import { usePayoutAdapter } from './payout';

/**
 * Issue 11 §1: refund requests and payouts read the account's freezes (FREEZE_RULES).
 * A judicial freeze refuses a refund to the card that paid; a credit to its wallet, or any
 * refund on another freeze, carries a warning the approver must acknowledge.
 */
const NOW = new Date('2026-03-02T09:00:00Z');
const CARD = 'bank_card:6222****4321';
let t: TestConsole;
let restore: () => void;

beforeEach(async () => {
  t = makeTestConsole({ now: () => NOW });
  seedRefundWorld(t.sqlite);
  for (const role of ['agent', 'supervisor'] as const) await t.signInAs(role, role);
  restore = usePayoutAdapter({ send: async () => ({ ok: true }) });
});
afterEach(() => {
  restore();
  t.close();
});

const data = <T>(r: Result<unknown>) => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data as T;
};
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

/** Freezes the test customer's account with a live case of this reason. */
function freeze(reason: FreezeReason) {
  t.sqlite.prepare("UPDATE accounts SET status = 'frozen' WHERE id = 1").run();
  t.sqlite
    .prepare(
      `INSERT INTO freeze_cases (case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at, sla_due_at)
       VALUES (?, 1, ?, 'high', 'open', 'order', '{}', ?, ?)`,
    )
    .run(`FR-${reason}`, reason, NOW.toISOString(), NOW.toISOString());
}

const request = (transactionId: number) =>
  t.call('agent', 'refunds:request', {
    transactionId,
    amountMinor: 10_000,
    currency: 'CNY',
    type: 'customer',
    reason: 'requested_by_customer',
    idempotencyKey: key(),
  });
const step = (channel: 'refunds:approve' | 'refunds:payout', r: RefundRow, acknowledgeWarnings?: boolean) =>
  t.call('supervisor', channel, {
    id: r.id,
    expectedVersion: r.version,
    idempotencyKey: key(),
    ...(acknowledgeWarnings === undefined ? {} : { acknowledgeWarnings }),
  });
const detail = async (id: number) => data<RefundDetail>(await t.call('supervisor', 'refunds:get', { id }));
const row = async (id: number) => (await detail(id)).request;

describe('a judicial freeze', () => {
  it('refuses a refund to the card that paid, in the handler and in the database', async () => {
    const txn = makeTxn(t.sqlite, { paymentMethod: CARD }, NOW);
    freeze('judicial');
    expect(code(await request(txn))).toBe('JUDICIAL_FREEZE');
    expect(() =>
      t.sqlite
        .prepare(
          "INSERT INTO refund_requests (refund_no, transaction_id, type, amount_minor, currency, reason, status, requested_at) VALUES ('RFX', ?, 'customer', 100, 'CNY', 'duplicate', 'pending', ?)",
        )
        .run(txn, NOW.toISOString()),
    ).toThrow(/judicial freeze/);
  });

  it('refuses the payout of a card refund approved before the freeze, and the database refuses it too', async () => {
    const txn = makeTxn(t.sqlite, { paymentMethod: CARD }, NOW);
    const requested = data<RefundRow>(await request(txn));
    const approved = data<RefundRow>(await step('refunds:approve', requested));
    expect(approved.status).toBe('approved');
    freeze('judicial');
    expect((await detail(approved.id)).freeze).toEqual({
      movement: 'refundToOrigin',
      effect: 'blocked',
      because: ['judicial'],
    });
    expect(code(await step('refunds:payout', approved, true))).toBe('JUDICIAL_FREEZE');
    expect(await row(approved.id)).toMatchObject({ status: 'approved', payoutAttempts: 0 });
    expect(() => t.sqlite.prepare("UPDATE refund_requests SET status = 'paid' WHERE id = ?").run(approved.id)).toThrow(
      /judicial freeze/,
    );
  });

  it('lets a credit to the wallet through only once the approver acknowledges the warning', async () => {
    const txn = makeTxn(t.sqlite, { paymentMethod: 'balance' }, NOW);
    freeze('judicial');
    const requested = data<RefundRow>(await request(txn));
    expect((await detail(requested.id)).freeze).toEqual({
      movement: 'credit',
      effect: 'acknowledge',
      because: ['judicial'],
    });
    expect(code(await step('refunds:approve', requested))).toBe('FREEZE_WARNING_NOT_ACKNOWLEDGED');
    const bulk = data<BulkResult>(
      await t.call('supervisor', 'refunds:bulkApprove', {
        items: [{ id: requested.id, expectedVersion: requested.version }],
        idempotencyKey: key(),
      }),
    );
    expect(bulk.rows).toEqual([expect.objectContaining({ ok: false, code: 'FREEZE_WARNING_NOT_ACKNOWLEDGED' })]);
    const approved = data<RefundRow>(await step('refunds:approve', requested, true));
    expect(approved.status).toBe('approved');
    const audit = t.sqlite
      .prepare("SELECT after_json FROM audit_events WHERE action = 'refund.approved' AND entity_id = ?")
      .get(String(requested.id)) as { after_json: string };
    expect(JSON.parse(audit.after_json)).toMatchObject({ freezeAcknowledged: ['judicial'] });
    expect(code(await step('refunds:payout', approved))).toBe('FREEZE_WARNING_NOT_ACKNOWLEDGED');
    expect(data<RefundRow>(await step('refunds:payout', approved, true)).status).toBe('paid');
  });
});

describe('a risk freeze', () => {
  it('lets a refund to the card go ahead with the warning acknowledged', async () => {
    const txn = makeTxn(t.sqlite, { paymentMethod: CARD }, NOW);
    freeze('frequent_transfers');
    const requested = data<RefundRow>(await request(txn));
    expect((await detail(requested.id)).freeze).toMatchObject({
      effect: 'acknowledge',
      because: ['frequent_transfers'],
    });
    expect(code(await step('refunds:approve', requested, false))).toBe('FREEZE_WARNING_NOT_ACKNOWLEDGED');
    const approved = data<RefundRow>(await step('refunds:approve', requested, true));
    expect(code(await step('refunds:payout', approved))).toBe('FREEZE_WARNING_NOT_ACKNOWLEDGED');
    expect(data<RefundRow>(await step('refunds:payout', approved, true)).status).toBe('paid');
  });

  it('an active account has no warning to acknowledge', async () => {
    const txn = makeTxn(t.sqlite, { paymentMethod: CARD }, NOW);
    const requested = data<RefundRow>(await request(txn));
    expect((await detail(requested.id)).freeze).toEqual({ movement: 'refundToOrigin', effect: 'allowed', because: [] });
    expect(data<RefundRow>(await step('refunds:approve', requested)).status).toBe('approved');
  });
});
