import { AppError } from '../../../shared/contract/errors';
import type { RefundDetail, RefundTimelineEntry } from '../../../shared/contract/refunds';
import type { ContactCategory, ContactChannel, ContactOutcome, RefundStatus } from '../../../shared/domain/catalog';
import type { CurrencyCode } from '../../../shared/domain/money';
import { ABUSE_LOOKBACK_DAYS, isOutsideWindow, type RejectReason } from '../../../shared/domain/refunds';
import type { HandlerContext } from '../core/context';
import { readWindowDays, selectRows, toRefundRow, remainingOf } from './queries';
import { refundFreezeOf } from './freeze-check';

const DAY = 86_400_000;

/**
 * One request with what a reviewer needs beside it: the transaction's timeline, the
 * customer's refund history and abuse signal, and their contacts about refunds. Every
 * query walks an index from the request, the transaction or the account.
 */
export async function getRefundDetail(ctx: HandlerContext, id: number): Promise<RefundDetail> {
  const now = ctx.now();
  const raw = await selectRows(ctx.db)
    .select([
      'r.note',
      'r.reject_reason',
      'r.reject_note',
      'r.decided_at',
      'r.paid_at',
      'r.payout_attempts',
      'r.failure_reason',
      'r.payout_reference',
      'r.second_approver_id',
      (eb) =>
        eb
          .selectFrom('operators as o')
          .select('o.display_name')
          .whereRef('o.id', '=', 'r.first_approver_id')
          .as('first_name'),
      (eb) =>
        eb
          .selectFrom('operators as o')
          .select('o.display_name')
          .whereRef('o.id', '=', 'r.second_approver_id')
          .as('second_name'),
    ])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!raw) throw new AppError('NOT_FOUND', `No refund request ${id}`);

  const txn = await ctx.db
    .selectFrom('transactions as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .select([
      't.id',
      't.txn_no',
      't.account_id',
      't.merchant',
      't.payment_method',
      't.amount_minor',
      't.refunded_minor',
      't.pending_refund_minor',
      't.currency',
      't.created_at',
      't.settled_at',
      'a.account_no',
      'c.id as customer_id',
      'c.name_zh',
      'c.name_en',
    ])
    .where('t.id', '=', raw.transaction_id)
    .executeTakeFirstOrThrow();

  const sameTxn = await ctx.db
    .selectFrom('refund_requests')
    .select(['id', 'refund_no', 'amount_minor', 'status', 'requested_at', 'decided_at', 'paid_at', 'first_approver_id'])
    .where('transaction_id', '=', txn.id)
    .orderBy('requested_at')
    .execute();

  const since = new Date(now.getTime() - ABUSE_LOOKBACK_DAYS * DAY).toISOString();
  const accountTxns = ctx.db.selectFrom('transactions').select('id').where('account_id', '=', txn.account_id);
  const [history, counts, payments, contacts, windowDays, freeze] = await Promise.all([
    ctx.db
      .selectFrom('refund_requests as h')
      .select(['h.id', 'h.refund_no', 'h.amount_minor', 'h.currency', 'h.status', 'h.requested_at'])
      .select((eb) =>
        eb.selectFrom('transactions as t').select('t.txn_no').whereRef('t.id', '=', 'h.transaction_id').as('txn_no'),
      )
      .where('h.transaction_id', 'in', accountTxns)
      .orderBy('h.requested_at', 'desc')
      .limit(20)
      .execute(),
    ctx.db
      .selectFrom('refund_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('transaction_id', 'in', accountTxns)
      .where('requested_at', '>=', since)
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', txn.account_id)
      .where('created_at', '>=', since)
      .where('operation', '=', 'payment')
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('contacts')
      .select(['id', 'channel', 'category', 'outcome', 'started_at', 'note'])
      .where('account_id', '=', txn.account_id)
      .where((eb) => eb.or([eb('transaction_id', '=', txn.id), eb('category', '=', 'refund')]))
      .orderBy('started_at', 'desc')
      .limit(20)
      .execute(),
    readWindowDays(ctx.db),
    refundFreezeOf(ctx.db, txn.id),
  ]);

  const refunds90d = Number(counts.n);
  const payments90d = Number(payments.n);
  return {
    request: {
      ...toRefundRow(raw),
      note: raw.note,
      rejectReason: raw.reject_reason as RejectReason | null,
      rejectNote: raw.reject_note,
      firstApproverName: raw.first_name,
      secondApproverName: raw.second_name,
      decidedAt: raw.decided_at,
      paidAt: raw.paid_at,
      payoutAttempts: raw.payout_attempts,
      failureReason: raw.failure_reason,
      payoutReference: raw.payout_reference,
    },
    transaction: {
      id: txn.id,
      txnNo: txn.txn_no,
      accountNo: txn.account_no,
      customerId: txn.customer_id,
      customerNameZh: txn.name_zh,
      customerNameEn: txn.name_en,
      merchant: txn.merchant,
      paymentMethod: txn.payment_method,
      amountMinor: txn.amount_minor,
      refundedMinor: txn.refunded_minor,
      pendingMinor: txn.pending_refund_minor,
      remainingMinor: remainingOf(txn),
      currency: txn.currency as CurrencyCode,
      createdAt: txn.created_at,
      settledAt: txn.settled_at,
      outsideWindow: txn.settled_at ? isOutsideWindow(txn.settled_at, now, windowDays) : false,
    },
    timeline: buildTimeline(txn, sameTxn, id),
    history: {
      requests: history.map((h) => ({
        id: h.id,
        refundNo: h.refund_no,
        txnNo: h.txn_no ?? '',
        amountMinor: h.amount_minor,
        currency: h.currency as CurrencyCode,
        status: h.status as RefundStatus,
        requestedAt: h.requested_at,
      })),
      refunds90d,
      payments90d,
      refundRate90d: payments90d === 0 ? (refunds90d > 0 ? 1 : 0) : refunds90d / payments90d,
      sameTransactionRequests: sameTxn.length,
    },
    contacts: contacts.map((c) => ({
      id: c.id,
      channel: c.channel as ContactChannel,
      category: c.category as ContactCategory,
      outcome: c.outcome as ContactOutcome,
      startedAt: c.started_at,
      note: c.note,
    })),
    windowDays,
    freeze,
  };
}

type TimelineRequest = {
  id: number;
  refund_no: string;
  amount_minor: number;
  status: string;
  requested_at: string;
  decided_at: string | null;
  paid_at: string | null;
  first_approver_id: number | null;
};

/** Captured, settled, then each refund request on the transaction with its decision and payout. */
function buildTimeline(
  txn: { created_at: string; settled_at: string | null; amount_minor: number },
  requests: TimelineRequest[],
  currentId: number,
): RefundTimelineEntry[] {
  const entries: RefundTimelineEntry[] = [
    {
      at: txn.created_at,
      kind: 'captured',
      refundId: null,
      refundNo: null,
      amountMinor: txn.amount_minor,
      current: false,
    },
  ];
  if (txn.settled_at) entries.push({ ...entries[0], at: txn.settled_at, kind: 'settled' });
  for (const r of requests) {
    const base = { refundId: r.id, refundNo: r.refund_no, amountMinor: r.amount_minor, current: r.id === currentId };
    entries.push({ ...base, at: r.requested_at, kind: 'requested' });
    const decided: Partial<Record<string, RefundTimelineEntry['kind']>> = {
      approved: 'approved',
      paid: 'approved',
      failed: 'approved',
      rejected: 'rejected',
      cancelled: 'cancelled',
      awaiting_second_approval: 'escalated',
    };
    const kind = decided[r.status];
    if (kind && r.decided_at) entries.push({ ...base, at: r.decided_at, kind });
    if (r.status === 'paid' && r.paid_at) entries.push({ ...base, at: r.paid_at, kind: 'paid' });
    if (r.status === 'failed') entries.push({ ...base, at: r.decided_at ?? r.requested_at, kind: 'failed' });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
