import { AppError } from '../../../shared/contract/errors';
import type { BulkResult, RefundRow } from '../../../shared/contract/refunds';
import type { RefundStatus } from '../../../shared/domain/catalog';
import { ageEdges, canMove, OPEN_STATUSES } from '../../../shared/domain/refunds';
import type { AuthedContext } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { once } from '../core/idempotency';
import { payOut } from './payout';
import { auditForbidden } from '../core/permissions';
import { can } from '../../../shared/domain/roles';
import { decideMany, type Decision } from './decisions';
import { getRefundDetail } from './detail';
import { requestRefund } from './request';
import { remainingOf } from '../../db/rows';
import { listRefunds, loadRow, readWindowDays } from './queries';
import { refundFreezeOf } from './freeze-check';
import { change, type Change } from '../core/change';

/** Database guards surface as the same domain errors the handler checks would give. */
function fromDatabase(err: unknown): never {
  const message = err instanceof Error ? err.message : '';
  if (/CHECK constraint failed: .*refunded_minor/.test(message)) {
    throw new AppError('REFUND_EXCEEDS_REMAINING', 'The refunds would exceed the captured amount');
  }
  if (/four-eyes/.test(message)) throw new AppError('REFUND_FOUR_EYES', message);
  if (/status change not allowed/.test(message)) throw new AppError('REFUND_INVALID_STATE', message);
  if (/judicial freeze/.test(message)) throw new AppError('JUDICIAL_FREEZE', message);
  throw err;
}

/** One write in one transaction with its audit event; the row after it is returned. */
async function write<T>(ctx: AuthedContext, run: (c: Change) => Promise<T>): Promise<T> {
  try {
    return await change(ctx, run);
  } catch (err) {
    return fromDatabase(err);
  }
}

/** A single-row status change with optimistic version and its audit event. */
async function transition(
  ctx: AuthedContext,
  input: { id: number; expectedVersion: number; note?: string },
  to: RefundStatus | null,
  action: string,
  set: Record<string, unknown>,
): Promise<RefundRow> {
  const row = await write(ctx, async ({ trx, audit }) => {
    const before = await trx
      .selectFrom('refund_requests')
      .select(['status', 'version', 'assignee_id'])
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!before) throw new AppError('NOT_FOUND', `No refund request ${input.id}`);
    if (before.version !== input.expectedVersion) throw new AppError('REFUND_CHANGED', 'The request changed; reload');
    if (to && !canMove(before.status, to)) {
      throw new AppError('REFUND_INVALID_STATE', `A ${before.status} request cannot become ${to}`);
    }
    await trx
      .updateTable('refund_requests')
      .set({ ...set, ...(to ? { status: to } : {}), version: before.version + 1 })
      .where('id', '=', input.id)
      .where('version', '=', input.expectedVersion)
      .execute();
    await audit({
      action,
      entityType: 'refund_request',
      entityId: input.id,
      before: { status: before.status, assigneeId: before.assignee_id },
      after: { status: to ?? before.status, ...(set.assignee_id !== undefined ? { assigneeId: set.assignee_id } : {}) },
      note: input.note ?? null,
    });
    return (await loadRow(trx, input.id))!;
  });
  ctx.emit('refunds:changed', { ids: [row.id] });
  return row;
}

/** Approve/reject many with one idempotency key: all passing rows commit together. */
async function decide(
  ctx: AuthedContext,
  input: { items: { id: number; expectedVersion: number }[]; idempotencyKey: string },
  decision: Decision,
): Promise<BulkResult> {
  const result = await once<BulkResult>(ctx, input.idempotencyKey, (remember) =>
    write(ctx, async ({ trx }) => {
      const out = await decideMany(ctx, trx, input.items, decision);
      // A call where no row passed changed nothing: it stores no key, so a retry after a fix goes through.
      if (out.rows.some((r) => r.ok)) await remember(trx, out);
      return out;
    }),
  );
  ctx.emit('refunds:changed', { ids: result.rows.filter((r) => r.ok).map((r) => r.id) });
  return result;
}

/** The single-row form: the row's failure becomes the call's error. */
async function decideOne(
  ctx: AuthedContext,
  input: { id: number; expectedVersion: number; idempotencyKey: string },
  decision: Decision,
): Promise<RefundRow> {
  const result = await decide(ctx, { items: [input], idempotencyKey: input.idempotencyKey }, decision);
  const row = result.rows[0];
  if (!row.ok) throw new AppError(row.code, row.message);
  return (await loadRow(ctx.db, input.id))!;
}

/**
 * The requester may cancel their own request; someone else's needs refunds.cancelAny. The
 * requester never changes, so this is checked before the transition's own transaction.
 */
async function assertMayCancel(ctx: AuthedContext, id: number): Promise<void> {
  const me = ctx.session;
  const row = await ctx.db.selectFrom('refund_requests').select('requested_by').where('id', '=', id).executeTakeFirst();
  if (!row || row.requested_by === me.operatorId || can(me.role, 'refunds.cancelAny')) return;
  await auditForbidden(ctx, me, 'refunds:cancel', 'refunds.cancelAny');
  throw new AppError('FORBIDDEN', 'Only the requester or a supervisor may cancel this refund request');
}

export const refundHandlers: Pick<
  Handlers,
  | 'refunds:list'
  | 'refunds:ageing'
  | 'refunds:get'
  | 'refunds:lookupTransaction'
  | 'refunds:request'
  | 'refunds:approve'
  | 'refunds:reject'
  | 'refunds:cancel'
  | 'refunds:claim'
  | 'refunds:bulkApprove'
  | 'refunds:bulkReject'
  | 'refunds:payout'
  | 'refunds:returnToPending'
  | 'refunds:settings'
  | 'refunds:updateSettings'
> = {
  'refunds:list': listRefunds,

  async 'refunds:ageing'(ctx) {
    const { oneDayAgo, threeDaysAgo } = ageEdges(ctx.now());
    // Counted on the (status, requested_at) index alone: pending by age, and those awaiting a second approval.
    const row = await ctx.db
      .selectFrom('refund_requests')
      // count(*) FILTER, not sum(condition): PostgreSQL has no sum(boolean); both engines have FILTER.
      .select((eb) => {
        const pending = eb('status', '=', 'pending');
        const count = () => eb.fn.countAll<number>();
        return [
          count()
            .filterWhere(eb.and([pending, eb('requested_at', '>', oneDayAgo)]))
            .as('under1d'),
          count()
            .filterWhere(eb.and([pending, eb('requested_at', '<=', oneDayAgo), eb('requested_at', '>=', threeDaysAgo)]))
            .as('mid'),
          count()
            .filterWhere(eb.and([pending, eb('requested_at', '<', threeDaysAgo)]))
            .as('over3d'),
          count().filterWhere('status', '=', 'awaiting_second_approval').as('awaiting'),
        ];
      })
      .where('status', 'in', [...OPEN_STATUSES])
      .executeTakeFirstOrThrow();
    return {
      under1d: Number(row.under1d ?? 0),
      from1to3d: Number(row.mid ?? 0),
      over3d: Number(row.over3d ?? 0),
      awaitingSecond: Number(row.awaiting ?? 0),
    };
  },

  async 'refunds:get'(ctx, { id }) {
    return getRefundDetail(ctx, id);
  },

  async 'refunds:lookupTransaction'(ctx, { txnNo }) {
    const t = await ctx.db.selectFrom('transactions').selectAll().where('txn_no', '=', txnNo).executeTakeFirst();
    if (!t) throw new AppError('NOT_FOUND', `No transaction ${txnNo}`);
    return {
      id: t.id,
      txnNo: t.txn_no,
      merchant: t.merchant,
      paymentMethod: t.payment_method,
      amountMinor: t.amount_minor,
      remainingMinor: remainingOf(t),
      currency: t.currency,
      status: t.status,
      settledAt: t.settled_at,
      freeze: await refundFreezeOf(ctx.db, t.id),
    };
  },

  async 'refunds:request'(ctx, input) {
    const row = await once<RefundRow>(ctx, input.idempotencyKey, (remember) =>
      write(ctx, async ({ trx }) => {
        const out = await requestRefund(ctx, trx, input);
        await remember(trx, out);
        return out;
      }),
    );
    ctx.emit('refunds:changed', { ids: [row.id] });
    return row;
  },

  async 'refunds:approve'(ctx, { acknowledgeWarnings, ...input }) {
    return decideOne(ctx, input, { kind: 'approve', escalate: true, acknowledgeWarnings });
  },

  async 'refunds:reject'(ctx, { reason, note, ...input }) {
    return decideOne(ctx, input, { kind: 'reject', reason, note: note?.trim() || null });
  },

  /** Bulk never acknowledges a freeze warning: such rows fail, to be opened and approved one by one. */
  async 'refunds:bulkApprove'(ctx, input) {
    return decide(ctx, input, { kind: 'approve', escalate: false, acknowledgeWarnings: false });
  },

  async 'refunds:bulkReject'(ctx, { reason, note, ...input }) {
    return decide(ctx, input, { kind: 'reject', reason, note: note?.trim() || null });
  },

  async 'refunds:cancel'(ctx, input) {
    await assertMayCancel(ctx, input.id);
    return transition(ctx, input, 'cancelled', 'refund.cancelled', { decided_at: ctx.now().toISOString() });
  },

  async 'refunds:claim'(ctx, input) {
    return transition(ctx, input, null, 'refund.claimed', { assignee_id: ctx.session.operatorId });
  },

  async 'refunds:payout'(ctx, input) {
    return payOut(ctx, input);
  },

  async 'refunds:returnToPending'(ctx, input) {
    // Back to the start of the queue: it needs a fresh approval.
    return transition(ctx, input, 'pending', 'refund.returnedToPending', {
      first_approver_id: null,
      second_approver_id: null,
      decided_at: null,
    });
  },

  async 'refunds:settings'(ctx) {
    return { windowDays: await readWindowDays(ctx.db) };
  },

  async 'refunds:updateSettings'(ctx, { windowDays, note }) {
    const before = await readWindowDays(ctx.db);
    await write(ctx, async ({ trx, audit }) => {
      await trx
        .insertInto('settings')
        .values({ key: 'refunds.windowDays', value: JSON.stringify(windowDays) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(windowDays) }))
        .execute();
      await audit({
        action: 'refund.windowChanged',
        entityType: 'settings',
        entityId: 'refunds.windowDays',
        before: { windowDays: before },
        after: { windowDays },
        note,
      });
    });
    ctx.emit('refunds:changed', { ids: [] });
    return { windowDays };
  },
};
