import { AppError } from '../../../shared/contract/errors';
import type { RefundRow } from '../../../shared/contract/refunds';
import type { CurrencyCode } from '../../../shared/domain/money';
import { canMove, demoPayoutOutcome, type PayoutFailure } from '../../../shared/domain/refunds';
import type { AuthedContext } from '../core/context';
import { once } from '../core/idempotency';
import { loadRow } from './queries';
import { assertRefundAllowed, refundFreezeOf } from './freeze-check';
import { change } from '../core/change';

export interface PayoutOrder {
  /** Unique per attempt: a channel that sees the same reference twice pays once. */
  reference: string;
  refundId: number;
  transactionId: number;
  paymentMethod: string;
  amountMinor: number;
  currency: CurrencyCode;
  attempt: number;
}

export type PayoutAnswer = { ok: true } | { ok: false; reason: PayoutFailure };

/** The payment channel that returns money to the original payment method. */
export interface PayoutAdapter {
  send(order: PayoutOrder): Promise<PayoutAnswer>;
}

/** The demo's channel: fails a small deterministic fraction (see demoPayoutOutcome). */
export const demoPayoutAdapter: PayoutAdapter = {
  async send(order) {
    const reason = demoPayoutOutcome(order);
    return reason ? { ok: false, reason } : { ok: true };
  },
};

let adapter: PayoutAdapter = demoPayoutAdapter;

/** Swaps the channel (tests); returns a function that restores the previous one. */
export function usePayoutAdapter(next: PayoutAdapter): () => void {
  const previous = adapter;
  adapter = next;
  return () => {
    adapter = previous;
  };
}

/**
 * Pays an approved refund out, or retries a failed payout. The channel is called outside
 * any transaction: first the attempt is claimed (version and attempt count move on, so a
 * concurrent payout of the same request is refused), then the channel answers, then the
 * outcome is written with its audit event and the idempotency key.
 */
export async function payOut(
  ctx: AuthedContext,
  input: { id: number; expectedVersion: number; idempotencyKey: string; acknowledgeWarnings: boolean },
): Promise<RefundRow> {
  return once<RefundRow>(ctx, input.idempotencyKey, async (remember) => {
    const claimed = await change(ctx, async ({ trx }) => {
      const r = await trx
        .selectFrom('refund_requests as r')
        .innerJoin('transactions as t', 't.id', 'r.transaction_id')
        .select(['r.id', 'r.refund_no', 'r.status', 'r.version', 'r.payout_attempts', 'r.amount_minor', 'r.currency'])
        .select(['t.id as transaction_id', 't.payment_method'])
        .where('r.id', '=', input.id)
        .executeTakeFirst();
      if (!r) throw new AppError('NOT_FOUND', `No refund request ${input.id}`);
      if (r.version !== input.expectedVersion) throw new AppError('REFUND_CHANGED', 'The request changed; reload');
      if (!canMove(r.status, 'paid')) {
        throw new AppError('REFUND_INVALID_STATE', `A ${r.status} request cannot be paid out`);
      }
      // The account may have been frozen since the approval: FREEZE_RULES decide again, now.
      const freeze = await refundFreezeOf(trx, r.transaction_id);
      assertRefundAllowed(freeze, input.acknowledgeWarnings);
      await trx
        .updateTable('refund_requests')
        .set({ payout_attempts: r.payout_attempts + 1, version: r.version + 1 })
        .where('id', '=', r.id)
        .where('version', '=', r.version)
        .execute();
      const acknowledged = freeze.effect === 'allowed' ? null : freeze.because;
      return { ...r, attempt: r.payout_attempts + 1, version: r.version + 1, acknowledged };
    });

    const reference = `${claimed.refund_no}-P${claimed.attempt}`;
    const answer = await adapter
      .send({
        reference,
        refundId: claimed.id,
        transactionId: claimed.transaction_id,
        paymentMethod: claimed.payment_method,
        amountMinor: claimed.amount_minor,
        currency: claimed.currency,
        attempt: claimed.attempt,
      })
      .catch((): PayoutAnswer => ({ ok: false, reason: 'CHANNEL_TIMEOUT' }));

    const row = await change(ctx, async ({ trx, audit }) => {
      const at = ctx.now().toISOString();
      const updated = await trx
        .updateTable('refund_requests')
        .set(
          answer.ok
            ? { status: 'paid', paid_at: at, failure_reason: null, payout_reference: reference }
            : { status: 'failed', failure_reason: answer.reason, payout_reference: reference },
        )
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', claimed.id)
        .where('version', '=', claimed.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new AppError('REFUND_CHANGED', 'The request changed; reload');
      await audit({
        action: answer.ok ? 'refund.paid' : 'refund.payoutFailed',
        entityType: 'refund_request',
        entityId: claimed.id,
        before: { status: claimed.status },
        after: {
          status: answer.ok ? 'paid' : 'failed',
          attempt: claimed.attempt,
          reference,
          amountMinor: claimed.amount_minor,
          ...(answer.ok ? {} : { failureReason: answer.reason }),
          ...(claimed.acknowledged ? { freezeAcknowledged: claimed.acknowledged } : {}),
        },
      });
      const out = (await loadRow(trx, claimed.id))!;
      // A payout the channel refused keeps no key: the retry, once the channel is back, pays.
      if (answer.ok) await remember(trx, out);
      return out;
    });
    ctx.emit('refunds:changed', { ids: [row.id] });
    return row;
  });
}
