import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RefundRow } from '../../../shared/contract/refunds';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { key, makeTxn, seedRefundWorld } from '../../test/refund-builders';

let t: TestConsole;
const CLIENTS = ['agent', 'agent2', 'supervisor', 'supervisor2'] as const;
beforeAll(async () => {
  t = makeTestConsole();
  seedRefundWorld(t.sqlite);
  await t.signInAs('agent', 'agent');
  await t.signInAs('agent2', 'agent');
  await t.signInAs('supervisor', 'supervisor');
  await t.signInAs('supervisor2', 'supervisor');
});
afterAll(() => t.close());

const client = fc.constantFrom(...CLIENTS);
const pick = fc.nat(50);
const command = fc.oneof(
  fc.record({
    op: fc.constant('request' as const),
    txn: fc.nat(2),
    amount: fc.integer({ min: 1, max: 120_000 }),
    by: client,
  }),
  fc.record({
    op: fc.constantFrom('approve', 'reject', 'payout', 'cancel', 'returnToPending'),
    refund: pick,
    by: client,
  }),
);

/** What the transaction's columns must say, recomputed from its requests. */
function violations(txnIds: number[]) {
  return t.sqlite
    .prepare(
      `SELECT t.id, t.amount_minor, t.refunded_minor, t.pending_refund_minor,
         coalesce((SELECT sum(amount_minor) FROM refund_requests r WHERE r.transaction_id = t.id AND r.status = 'paid'), 0) AS paid,
         coalesce((SELECT sum(amount_minor) FROM refund_requests r WHERE r.transaction_id = t.id
                   AND r.status IN ('pending', 'awaiting_second_approval', 'approved', 'failed')), 0) AS held
       FROM transactions t WHERE t.id IN (${txnIds.join(',')})`,
    )
    .all()
    .filter((r) => {
      const x = r as Record<string, number>;
      return (
        x.refunded_minor + x.pending_refund_minor > x.amount_minor ||
        x.refunded_minor !== x.paid ||
        x.pending_refund_minor !== x.held
      );
    });
}

it('property: for any sequence of requests, approvals, rejections and payouts, refunded + pending never exceeds the capture', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
      const txns = [
        makeTxn(t.sqlite, { amountMinor: 100_000 }),
        makeTxn(t.sqlite, { amountMinor: 150_000 }),
        makeTxn(t.sqlite, { amountMinor: 30_000 }),
      ];
      const refunds: number[] = [];
      for (const c of commands) {
        if (c.op === 'request') {
          const res = await t.call(c.by, 'refunds:request', {
            transactionId: txns[c.txn],
            amountMinor: c.amount,
            currency: 'CNY',
            type: 'customer',
            reason: 'requested_by_customer',
            confirmDuplicate: true,
            idempotencyKey: key(),
          });
          if (res.ok) refunds.push((res.data as RefundRow).id);
          continue;
        }
        if (refunds.length === 0) continue;
        const id = refunds[c.refund % refunds.length];
        const { version } = t.sqlite.prepare('SELECT version FROM refund_requests WHERE id = ?').get(id) as {
          version: number;
        };
        const target = { id, expectedVersion: version };
        const input =
          c.op === 'reject'
            ? { ...target, reason: 'not_eligible', idempotencyKey: key() }
            : c.op === 'cancel' || c.op === 'returnToPending'
              ? { ...target, note: 'property test' }
              : { ...target, idempotencyKey: key() };
        const res = await t.call(c.by, `refunds:${c.op}`, input);
        if (!res.ok) expect(res.error.code).not.toBe('INTERNAL');
        expect(violations(txns)).toEqual([]);
      }
    }),
    { numRuns: 60 },
  );
});
