import { AppError } from '../../../shared/contract/errors';
import type { RefundDetail, RefundTimelineEntry } from '../../../shared/contract/refunds';
import { ABUSE_LOOKBACK_DAYS, isOutsideWindow, refundRate } from '../../../shared/domain/refunds';
import type { Kysely, Selectable } from 'kysely';
import { contactSummary, remainingOf } from '../../db/rows';
import type { DB, RefundRequestsTable } from '../../db/schema';
import type { HandlerContext } from '../core/context';
import { readWindowDays, selectRows, toRefundRow } from './queries';
import { payeeOf } from '../../../shared/domain/fraud';
import { payeeWarning } from '../cases/kind-facts';
import { refundFreezeOf } from './freeze-check';

const DAY = 86_400_000;

/**
 * One request with what a reviewer needs beside it: the transaction's timeline, the
 * customer's refund history and abuse signal, and their contacts about refunds. Every
 * query walks an index from the request, the transaction or the account.
 */
export async function getRefundDetail(ctx: HandlerContext, id: number): Promise<RefundDetail> {
  const now = ctx.now();
  const request = await loadRequest(ctx.db, id);
  const txn = await loadTransaction(ctx.db, request.transaction_id);
  const [sameTxn, history, contacts, windowDays, warning, freeze] = await Promise.all([
    ctx.db
      .selectFrom('refund_requests')
      .select([
        'id',
        'refund_no',
        'amount_minor',
        'status',
        'requested_at',
        'decided_at',
        'paid_at',
        'first_approver_id',
      ])
      .where('transaction_id', '=', txn.id)
      .orderBy('requested_at')
      .execute(),
    customerHistory(ctx.db, txn.account_id, now),
    ctx.db
      .selectFrom('contacts')
      .select(['id', 'channel', 'category', 'outcome', 'started_at', 'note'])
      .where('account_id', '=', txn.account_id)
      .where((eb) => eb.or([eb('transaction_id', '=', txn.id), eb('category', '=', 'refund')]))
      .orderBy('started_at', 'desc')
      .limit(20)
      .execute(),
    readWindowDays(ctx.db),
    payeeWarning(ctx.db, payeeOf(txn)),
    refundFreezeOf(ctx.db, txn.id),
  ]);
  return {
    request: {
      ...toRefundRow(request),
      note: request.note,
      rejectReason: request.reject_reason,
      rejectNote: request.reject_note,
      firstApproverName: request.first_name,
      secondApproverName: request.second_name,
      decidedAt: request.decided_at,
      paidAt: request.paid_at,
      payoutAttempts: request.payout_attempts,
      failureReason: request.failure_reason,
      payoutReference: request.payout_reference,
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
      currency: txn.currency,
      createdAt: txn.created_at,
      settledAt: txn.settled_at,
      outsideWindow: txn.settled_at ? isOutsideWindow(txn.settled_at, now, windowDays) : false,
    },
    timeline: buildTimeline(txn, sameTxn, id),
    history: { ...history, sameTransactionRequests: sameTxn.length },
    contacts: contacts.map(contactSummary),
    windowDays,
    freeze,
    payeeWarning: warning,
  };
}

/** The request's queue row plus its decision, payout and approver names. */
async function loadRequest(db: Kysely<DB>, id: number) {
  const raw = await selectRows(db)
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
  return raw;
}

/** The transaction refunded against, with its account and customer. */
function loadTransaction(db: Kysely<DB>, transactionId: number) {
  return db
    .selectFrom('transactions as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .select([
      't.id',
      't.txn_no',
      't.account_id',
      't.merchant',
      't.counterparty',
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
    .where('t.id', '=', transactionId)
    .executeTakeFirstOrThrow();
}

/** The customer's last 20 requests and the abuse signal: refunds against payments over the lookback. */
async function customerHistory(db: Kysely<DB>, accountId: number, now: Date) {
  const since = new Date(now.getTime() - ABUSE_LOOKBACK_DAYS * DAY).toISOString();
  const accountTxns = db.selectFrom('transactions').select('id').where('account_id', '=', accountId);
  const [requests, refunds, payments] = await Promise.all([
    db
      .selectFrom('refund_requests as h')
      .select(['h.id', 'h.refund_no', 'h.amount_minor', 'h.currency', 'h.status', 'h.requested_at'])
      .select((eb) =>
        eb.selectFrom('transactions as t').select('t.txn_no').whereRef('t.id', '=', 'h.transaction_id').as('txn_no'),
      )
      .where('h.transaction_id', 'in', accountTxns)
      .orderBy('h.requested_at', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('refund_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('transaction_id', 'in', accountTxns)
      .where('requested_at', '>=', since)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('created_at', '>=', since)
      .where('operation', '=', 'payment')
      .executeTakeFirstOrThrow(),
  ]);
  const refunds90d = Number(refunds.n);
  const payments90d = Number(payments.n);
  return {
    requests: requests.map((h) => ({
      id: h.id,
      refundNo: h.refund_no,
      txnNo: h.txn_no ?? '',
      amountMinor: h.amount_minor,
      currency: h.currency,
      status: h.status,
      requestedAt: h.requested_at,
    })),
    refunds90d,
    payments90d,
    refundRate90d: refundRate({ refunds90d, payments90d }),
  };
}

type TimelineRequest = Pick<
  Selectable<RefundRequestsTable>,
  'id' | 'refund_no' | 'amount_minor' | 'status' | 'requested_at' | 'decided_at' | 'paid_at' | 'first_approver_id'
>;

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
