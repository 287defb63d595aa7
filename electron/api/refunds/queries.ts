import { countOf } from '../../workers/count-thread';
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { ParsedInputOf } from '../../../shared/contract';
import type { Page } from '../../../shared/contract/define';
import type { RefundFilter, RefundRow } from '../../../shared/contract/refunds';
import type { CurrencyCode } from '../../../shared/domain/money';
import {
  ABUSE_LOOKBACK_DAYS,
  ageEdges,
  DEFAULT_REFUND_WINDOW_DAYS,
  HIGH_REFUND_RATE,
  isRefundAbuse,
  slaDueAt,
} from '../../../shared/domain/refunds';
import type { Role } from '../../../shared/domain/roles';
import {
  cachedCount,
  finishPage,
  keysetPage,
  rangeColumn,
  sortColumns,
  appendOnlyMark,
  changeMarkOf,
  type SortKey,
  type SortedOn,
} from '../../db/keyset';
import type { DB } from '../../db/schema';
import type { AuthedContext, Trx } from '../core/context';

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

const fromCustomer = <T>(expr: string, alias: string) =>
  sql<T>`(SELECT ${sql.raw(expr)} FROM transactions t JOIN accounts a ON a.id = t.account_id
          JOIN customers c ON c.id = a.customer_id WHERE t.id = r.transaction_id)`.as(alias);

/**
 * The figures behind the refund-abuse signal (shared/domain/refunds.ts isRefundAbuse), per request:
 * index lookups by transaction and by account, so a page of 100 rows stays a page of 100 rows.
 * The same expressions serve the columns and the `abuse` filter.
 */
function abuseFigures(now: Date) {
  const since = new Date(now.getTime() - ABUSE_LOOKBACK_DAYS * 86_400_000).toISOString();
  const account = sql`(SELECT t.account_id FROM transactions t WHERE t.id = r.transaction_id)`;
  return {
    sameTxn: sql<number>`(SELECT count(*) FROM refund_requests x WHERE x.transaction_id = r.transaction_id)`,
    refunds: sql<number>`(SELECT count(*) FROM refund_requests x WHERE x.requested_at >= ${since}
      AND x.transaction_id IN (SELECT t2.id FROM transactions t2 WHERE t2.account_id = ${account}))`,
    payments: sql<number>`(SELECT count(*) FROM transactions t2 WHERE t2.account_id = ${account}
      AND t2.created_at >= ${since} AND t2.operation = 'payment')`,
  };
}

/** The queue's row: the request, its transaction, its customer, the abuse figures and the names around it. */
export function selectRows(db: Db, now = new Date()) {
  const abuse = abuseFigures(now);
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
      .select(fromCustomer<number>('c.id', 'customer_id'))
      .select(fromCustomer<string>('c.name_zh', 'customer_name_zh'))
      .select(fromCustomer<string>('c.name_en', 'customer_name_en'))
      .select(abuse.sameTxn.as('same_txn_requests'))
      .select(abuse.refunds.as('refunds_90d'))
      .select(abuse.payments.as('payments_90d'))
  );
}

type RawRow = Awaited<ReturnType<ReturnType<typeof selectRows>['executeTakeFirstOrThrow']>>;

export function toRefundRow(r: RawRow): RefundRow {
  const history = {
    refunds90d: Number(r.refunds_90d),
    payments90d: Number(r.payments_90d),
    sameTransactionRequests: Number(r.same_txn_requests),
  };
  return {
    id: r.id,
    refundNo: r.refund_no,
    type: r.type,
    transactionId: r.transaction_id,
    txnNo: r.txn_no,
    merchant: r.merchant,
    txnCreatedAt: r.txn_created_at,
    paymentMethod: r.payment_method,
    capturedMinor: r.captured_minor,
    amountMinor: r.amount_minor,
    remainingMinor: r.remaining_minor,
    currency: r.currency,
    reason: r.reason,
    requestedBy: r.requested_by,
    requesterName: r.requester_name,
    requestedAt: r.requested_at,
    slaDueAt: slaDueAt(r.requested_at),
    status: r.status,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    firstApproverId: r.first_approver_id,
    duplicateOf: r.duplicate_of,
    customerId: r.customer_id,
    customerNameZh: r.customer_name_zh,
    customerNameEn: r.customer_name_en,
    history,
    abuse: isRefundAbuse(history),
    version: r.version,
  };
}

export async function loadRow(db: Db, id: number): Promise<RefundRow | null> {
  const r = await selectRows(db).where('r.id', '=', id).executeTakeFirst();
  return r ? toRefundRow(r) : null;
}

export interface Limits {
  /** The caller's own limit per currency; a missing row means 0. */
  mine: Map<CurrencyCode, number>;
  /** The highest limit any role has, per currency. */
  highest: Map<CurrencyCode, number>;
}

/** Approval limits are admin-configured data (approval_limits), read on every decision. */
export async function readLimits(db: Db, role: Role): Promise<Limits> {
  const rows = await db
    .selectFrom('approval_limits')
    .select(['role', 'currency', 'max_minor'])
    .where('kind', '=', 'refund')
    .execute();
  const mine = new Map<CurrencyCode, number>();
  const highest = new Map<CurrencyCode, number>();
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

/**
 * Still to be worked (pending or awaiting a second approval), what the 'open' status filter and the
 * Overview count: "is open" as the expression the queue-indexes migration (0160) indexes, with literal statuses:
 * only this exact expression lets the planner walk open work in sort order without a sort step.
 */
/** Compared with TRUE, not 1: PostgreSQL has no boolean = integer; SQLite reads TRUE as 1 and keeps the 0160 index. */
const OPEN_WORK = sql<number>`(r.status IN ('pending', 'awaiting_second_approval'))`;

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
  sorted?: SortedOn,
): Q {
  let out = q as ReturnType<typeof selectRows>;
  if (f.awaitingMySecond) {
    out = out
      .where('r.status', '=', 'awaiting_second_approval')
      .where((eb) => eb.or([eb('r.first_approver_id', 'is', null), eb('r.first_approver_id', '!=', caller.operatorId)]))
      .where((eb) => eb.or([eb('r.requested_by', 'is', null), eb('r.requested_by', '!=', caller.operatorId)]));
  } else if (f.status === 'open') out = out.where(sql<SqlBool>`${OPEN_WORK} = TRUE`);
  else if (f.status) out = out.where('r.status', '=', f.status);
  if (f.requestedByMe) out = out.where('r.requested_by', '=', caller.operatorId);
  if (f.abuse) {
    const { sameTxn, refunds, payments } = abuseFigures(now);
    // isRefundAbuse in SQL: rate ≥ HIGH_REFUND_RATE (no payments but a refund counts as 100%), or a repeat.
    // The rate is written as a literal: bound, PostgreSQL would type it as the count's bigint.
    out = out.where(
      sql<SqlBool>`(${sameTxn} > 1 OR (${payments} = 0 AND ${refunds} > 0)
        OR (${payments} > 0 AND ${refunds} >= ${sql.lit(HIGH_REFUND_RATE)} * ${payments}))`,
    );
  }
  if (f.type) out = out.where('r.type', '=', f.type);
  if (f.reason) out = out.where('r.reason', '=', f.reason);
  if (f.merchant) out = out.where('r.merchant', '=', f.merchant);
  const amount = rangeColumn('r.amount_minor', sorted);
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
  const base = applyFilter(selectRows(ctx.db, now), input.filter, caller, now, { key, kind: ctx.engine.kind });
  const page = await keysetPage(base.select(sortColumns(key)), key, input);
  const total = input.withTotal
    ? await cachedCount(
        `refunds:${ctx.session.operatorId}:${ctx.session.role}:${JSON.stringify(input.filter)}:${input.filter.age || input.filter.abuse ? now.getTime() : ''}`,
        // The requests and the limits; the abuse filter also counts the account's payments.
        `${await changeMarkOf(ctx, 'refunds')}|${input.filter.abuse ? await appendOnlyMark(ctx, 'transactions') : ''}`,
        () =>
          countOf(
            ctx,
            applyFilter(selectRows(ctx.db, now), input.filter, caller, now)
              .clearSelect()
              .select((eb) => eb.fn.countAll<number>().as('n')),
          ),
      )
    : null;
  return finishPage(page, toRefundRow, total);
}
