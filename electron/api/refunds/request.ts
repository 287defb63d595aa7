import type { Selectable } from 'kysely';
import type { ParsedInputOf } from '../../../shared/contract';
import { AppError } from '../../../shared/contract/errors';
import type { RefundRow } from '../../../shared/contract/refunds';
import { duplicateSince } from '../../../shared/domain/refunds';
import { appendAudit } from '../../db/audit';
import { remainingOf } from '../../db/rows';
import type { TransactionsTable } from '../../db/schema';
import type { AuthedContext, Trx } from '../core/context';
import { actor } from '../core/permissions';
import { assertRefundAllowed, refundFreezeOf } from './freeze-check';
import { loadRow } from './queries';

type RequestInput = ParsedInputOf<'refunds:request'>;

/** The transaction to refund, refused unless it is a settled payment in the request's currency with enough left. */
async function refundableTransaction(trx: Trx, input: RequestInput): Promise<Selectable<TransactionsTable>> {
  const t = await trx.selectFrom('transactions').selectAll().where('id', '=', input.transactionId).executeTakeFirst();
  if (!t) throw new AppError('NOT_FOUND', `No transaction ${input.transactionId}`);
  if (t.operation !== 'payment' || t.status !== 'settled') {
    throw new AppError('REFUND_NOT_REFUNDABLE', 'Only settled payments can be refunded');
  }
  if (t.currency !== input.currency) {
    throw new AppError('REFUND_CURRENCY_MISMATCH', `The transaction is in ${t.currency}`);
  }
  if (input.reason === 'other' && !input.note?.trim()) {
    throw new AppError('REFUND_NOTE_REQUIRED', 'Reason "other" needs a note');
  }
  if (input.amountMinor > remainingOf(t)) {
    throw new AppError('REFUND_EXCEEDS_REMAINING', 'The amount is more than is left to refund');
  }
  // Per FREEZE_RULES: refused, or it carries the warning its approver must acknowledge.
  assertRefundAllowed(await refundFreezeOf(trx, t.id), true);
  return t;
}

/**
 * The latest request for the same amount on the same transaction within 24 hours. Without the
 * requester's confirmation it is refused; with it, the new request records which one it repeats.
 */
async function suspectedDuplicate(trx: Trx, input: RequestInput, now: Date): Promise<number | null> {
  const duplicate = await trx
    .selectFrom('refund_requests')
    .select('id')
    .where('transaction_id', '=', input.transactionId)
    .where('amount_minor', '=', input.amountMinor)
    .where('requested_at', '>=', duplicateSince(now))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (duplicate && !input.confirmDuplicate) {
    throw new AppError('REFUND_DUPLICATE_SUSPECTED', 'The same amount was requested for this transaction in 24 hours');
  }
  return duplicate?.id ?? null;
}

/** Writes a pending request with its audit event in the caller's transaction, and returns its row. */
export async function requestRefund(ctx: AuthedContext, trx: Trx, input: RequestInput): Promise<RefundRow> {
  const t = await refundableTransaction(trx, input);
  const now = ctx.now();
  const duplicateOf = await suspectedDuplicate(trx, input, now);
  const next = await trx
    .selectFrom('refund_requests')
    .select((eb) => eb.fn.coalesce(eb.fn.max('id'), eb.lit(0)).as('n'))
    .executeTakeFirstOrThrow();
  const id = Number(next.n) + 1;
  await trx
    .insertInto('refund_requests')
    .values({
      id,
      refund_no: `RF${String(id).padStart(8, '0')}`,
      transaction_id: t.id,
      type: input.type,
      amount_minor: input.amountMinor,
      currency: input.currency,
      reason: input.reason,
      note: input.note?.trim() || null,
      status: 'pending',
      requested_by: ctx.session.operatorId,
      requested_at: now.toISOString(),
      assignee_id: null,
      first_approver_id: null,
      second_approver_id: null,
      decided_at: null,
      paid_at: null,
      failure_reason: null,
      reject_reason: null,
      reject_note: null,
      duplicate_of: duplicateOf,
      payout_reference: null,
    })
    .execute();
  await appendAudit(trx, {
    ...actor(ctx),
    action: 'refund.requested',
    entityType: 'refund_request',
    entityId: id,
    after: {
      transactionId: t.id,
      amountMinor: input.amountMinor,
      currency: input.currency,
      reason: input.reason,
      duplicateOf,
    },
    note: input.note ?? null,
  });
  return (await loadRow(trx, id))!;
}
