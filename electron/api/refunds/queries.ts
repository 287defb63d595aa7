import { sql, type Kysely, type SqlBool } from 'kysely';
import type { ParsedInputOf } from '../../../shared/contract';
import type { Page } from '../../../shared/contract/define';
import type { RefundFilter, RefundRow } from '../../../shared/contract/refunds';
import type { RefundReason, RefundStatus, RefundType } from '../../../shared/domain/catalog';
import type { CurrencyCode } from '../../../shared/domain/money';
import { ageEdges, DEFAULT_REFUND_WINDOW_DAYS, remainingRefundable, slaDueAt } from '../../../shared/domain/refunds';
import type { Role } from '../../../shared/domain/roles';
import {
  cachedCount,
  finishPage,
  keysetPage,
  rangeColumn,
  sortColumns,
  totalChanges,
  type SortKey,
} from '../../db/keyset';
import type { DB } from '../../db/schema';
import type { AuthedContext, Trx } from '../core/context';

/** What is still refundable on a transaction row: captured − refunded − pending. */
export function remainingOf(t: { amount_minor: number; refunded_minor: number; pending_refund_minor: number }): number {
  return remainingRefundable({
    amountMinor: t.amount_minor,
    refundedMinor: t.refunded_minor,
    pendingMinor: t.pending_refund_minor,
  });
}

export const REFUND_SORT: Record<string, SortKey> = {
  requestedAt: { value: 'r.requested_at', id: 'r.id' },
  amount: { value: 'r.amount_minor', id: 'r.id' },
};

export type Db = Kysely<DB> | Trx;

// Display-only columns come from correlated lookups by primary key, not joins, so the
// planner walks the queue's sort index and stops after one page.
const fromTxn = <T>(expr: string, alias: string) =>
  sql<T>`(SELECT ${sql.raw(expr)} FROM transactions t WHERE t.id = r.transaction_id)`.as(alias);
const operatorName = (
  col: 'requested_by' | 'assignee_id' | 'first_approver_id' | 'second_approver_id',
  alias: string,
) => sql<string | null>`(SELECT o.display_name FROM operators o WHERE o.id = r.${sql.raw(col)})`.as(alias);

/** The queue's row: the request, its transaction and the names around it. */
export function selectRows(db: Db) {
  return (
    db
      .selectFrom('refund_requests as r')
      .select([
        'r.id',
        'r.refund_no',
        'r.type',
        'r.transaction_id',
        'r.merchant',
        'r.amount_minor',
        'r.currency',
        'r.reason',
        'r.requested_by',
        'r.requested_at',
        'r.status',
        'r.assignee_id',
        'r.first_approver_id',
        'r.duplicate_of',
        'r.version',
      ])
      // One select per typed raw column: in a single array TypeScript would merge their types.
      .select(fromTxn<string>('t.txn_no', 'txn_no'))
      .select(fromTxn<string>('t.created_at', 'txn_created_at'))
      .select(fromTxn<string>('t.payment_method', 'payment_method'))
      .select(fromTxn<number>('t.amount_minor', 'captured_minor'))
      // remainingOf() in SQL, so the grid pages without loading each transaction.
      .select(fromTxn<number>('t.amount_minor - t.refunded_minor - t.pending_refund_minor', 'remaining_minor'))
      .select(operatorName('requested_by', 'requester_name'))
      .select(operatorName('assignee_id', 'assignee_name'))
  );
}

type RawRow = Awaited<ReturnType<ReturnType<typeof selectRows>['executeTakeFirstOrThrow']>>;

export function toRefundRow(r: RawRow): RefundRow {
  return {
    id: r.id,
    refundNo: r.refund_no,
    type: r.type as RefundType,
    transactionId: r.transaction_id,
    txnNo: r.txn_no,
    merchant: r.merchant,
    txnCreatedAt: r.txn_created_at,
    paymentMethod: r.payment_method,
    capturedMinor: r.captured_minor,
    amountMinor: r.amount_minor,
    remainingMinor: r.remaining_minor,
    currency: r.currency as CurrencyCode,
    reason: r.reason as RefundReason,
    requestedBy: r.requested_by,
    requesterName: r.requester_name,
    requestedAt: r.requested_at,
    slaDueAt: slaDueAt(r.requested_at),
    status: r.status as RefundStatus,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    firstApproverId: r.first_approver_id,
    duplicateOf: r.duplicate_of,
    version: r.version,
  };
}

export async function loadRow(db: Db, id: number): Promise<RefundRow | null> {
  const r = await selectRows(db).where('r.id', '=', id).executeTakeFirst();
  return r ? toRefundRow(r) : null;
}

export interface Limits {
  /** The caller's own limit per currency; a missing row means 0. */
  mine: Map<string, number>;
  /** The highest limit any role has, per currency. */
  highest: Map<string, number>;
}

/** Approval limits are admin-configured data (approval_limits), read on every decision. */
export async function readLimits(db: Db, role: Role): Promise<Limits> {
  const rows = await db
    .selectFrom('approval_limits')
    .select(['role', 'currency', 'max_minor'])
    .where('kind', '=', 'refund')
    .execute();
  const mine = new Map<string, number>();
  const highest = new Map<string, number>();
  for (const r of rows) {
    if (r.role === role) mine.set(r.currency, r.max_minor);
    highest.set(r.currency, Math.max(highest.get(r.currency) ?? 0, r.max_minor));
  }
  return { mine, highest };
}

export async function readWindowDays(db: Db): Promise<number> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'refunds.windowDays')
    .executeTakeFirst();
  return row ? Number(JSON.parse(row.value)) : DEFAULT_REFUND_WINDOW_DAYS;
}

/** Still to be worked: what the 'open' status filter and the Overview count. */
export const OPEN_REFUND_STATUSES = ['pending', 'awaiting_second_approval'];

interface Caller {
  operatorId: number;
  limits: Limits;
}

/** The queue's filters as WHERE clauses on refund_requests alone. */
export function applyFilter<Q extends ReturnType<typeof selectRows>>(
  q: Q,
  f: RefundFilter,
  caller: Caller,
  now: Date,
  /** The page's sort, so range filters on other columns stay off its way; none for counts. */
  key?: SortKey,
): Q {
  let out = q as ReturnType<typeof selectRows>;
  if (f.awaitingMySecond) {
    out = out
      .where('r.status', '=', 'awaiting_second_approval')
      .where((eb) => eb.or([eb('r.first_approver_id', 'is', null), eb('r.first_approver_id', '!=', caller.operatorId)]))
      .where((eb) => eb.or([eb('r.requested_by', 'is', null), eb('r.requested_by', '!=', caller.operatorId)]));
  } else if (f.status === 'open') out = out.where('r.status', 'in', OPEN_REFUND_STATUSES);
  else if (f.status) out = out.where('r.status', '=', f.status);
  if (f.requestedByMe) out = out.where('r.requested_by', '=', caller.operatorId);
  if (f.type) out = out.where('r.type', '=', f.type);
  if (f.reason) out = out.where('r.reason', '=', f.reason);
  if (f.merchant) out = out.where('r.merchant', '=', f.merchant);
  const amount = rangeColumn('r.amount_minor', key);
  if (f.minAmount !== undefined) out = out.where((eb) => eb(amount, '>=', f.minAmount!));
  if (f.maxAmount !== undefined) out = out.where((eb) => eb(amount, '<=', f.maxAmount!));
  if (f.age) {
    const { oneDayAgo, threeDaysAgo } = ageEdges(now);
    if (f.age === 'under1d') out = out.where('r.requested_at', '>', oneDayAgo);
    if (f.age === 'from1to3d')
      out = out.where('r.requested_at', '<=', oneDayAgo).where('r.requested_at', '>=', threeDaysAgo);
    if (f.age === 'over3d') out = out.where('r.requested_at', '<', threeDaysAgo);
  }
  if (f.withinMyLimit || f.awaitingMySecond) {
    // Per currency: at or below my limit (for a second approval, also "I hold the highest limit").
    const { mine, highest } = caller.limits;
    out = out.where((eb) =>
      eb.or([
        sql<SqlBool>`0 = 1`,
        ...[...mine].flatMap(([currency, max]) => {
          const top = !!f.awaitingMySecond && max > 0 && max >= (highest.get(currency) ?? 0);
          return [
            top
              ? eb('r.currency', '=', currency)
              : eb.and([eb('r.currency', '=', currency), eb('r.amount_minor', '<=', max)]),
          ];
        }),
      ]),
    );
  }
  return out as Q;
}

/** One page of the approval queue; the Overview counts through it with the filter its link opens. */
export async function listRefunds(ctx: AuthedContext, input: ParsedInputOf<'refunds:list'>): Promise<Page<RefundRow>> {
  const key = REFUND_SORT[input.sort];
  const now = ctx.now();
  const needsLimits = input.filter.withinMyLimit || input.filter.awaitingMySecond;
  const caller = {
    operatorId: ctx.session.operatorId,
    limits: needsLimits ? await readLimits(ctx.db, ctx.session.role) : { mine: new Map(), highest: new Map() },
  };
  const base = applyFilter(selectRows(ctx.db), input.filter, caller, now, key);
  const page = await keysetPage(base.select(sortColumns(key)), key, input);
  const total = input.withTotal
    ? await cachedCount(
        `refunds:${ctx.session.operatorId}:${JSON.stringify(input.filter)}:${input.filter.age ? now.getTime() : ''}`,
        await totalChanges(ctx),
        async () => {
          const counted = applyFilter(selectRows(ctx.db), input.filter, caller, now)
            .clearSelect()
            .select((eb) => eb.fn.countAll<number>().as('n'));
          return Number((await counted.executeTakeFirstOrThrow()).n);
        },
      )
    : null;
  return finishPage(page, toRefundRow, total);
}
