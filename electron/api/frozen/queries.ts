import { countOf } from '../../workers/count-thread';
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { z } from 'zod';
import type { FreezeCaseRow, freezeFilter } from '../../../shared/contract/frozen';
import { maskName, maskPhone } from '../../../shared/domain/masking';
import {
  cachedCount,
  finishPage,
  keysetPage,
  rangeColumn,
  sortColumns,
  changeMarkOf,
  type SortKey,
  type SortedOn,
} from '../../db/keyset';
import type { DB, FreezeCasesTable } from '../../db/schema';
import type { AuthedContext } from '../core/context';
import type { ParsedInputOf } from '../../../shared/contract';
import type { Page } from '../../../shared/contract/define';

const CASE_SORT: Record<string, SortKey> = {
  slaDue: { value: 'fc.sla_due_at', id: 'fc.id' },
  frozenAt: { value: 'fc.frozen_at', id: 'fc.id' },
  caseNo: { value: 'fc.id', id: 'fc.id' },
};

type FreezeFilter = z.output<z.ZodObject<typeof freezeFilter>>;
export type CaseEb = ExpressionBuilder<DB & { fc: DB['freeze_cases'] }, 'fc'>;

/** The filter as SQL conditions; every one is evaluated in the database. */
function filterConditions(
  eb: CaseEb,
  f: FreezeFilter,
  me: number,
  now: string,
  sorted: SortedOn & { narrowRange: boolean },
): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  const active = eb('fc.active', '=', 1);
  if (f.status === 'active') where.push(active);
  else if (f.status) where.push(eb('fc.status', '=', f.status));
  if (f.reason) where.push(eb('fc.reason', '=', f.reason));
  if (f.risk) where.push(eb('fc.risk', '=', f.risk));
  if (f.owner === 'mine') where.push(eb('fc.owner_id', '=', me));
  else if (f.owner === 'unassigned') where.push(eb('fc.owner_id', 'is', null));
  else if (f.owner !== undefined) where.push(eb('fc.owner_id', '=', f.owner));
  if (f.overdue) {
    where.push(eb(rangeColumn('fc.sla_due_at', sorted), '<', now));
    if (f.status !== 'active') where.push(active);
  }
  // A narrow frozen-at range is read from its own index and its few rows sorted (see narrowRange).
  const frozenAt = rangeColumn('fc.frozen_at', sorted.narrowRange ? undefined : sorted);
  if (f.frozenFrom) where.push(eb(frozenAt, '>=', new Date(f.frozenFrom).toISOString()));
  if (f.frozenTo) where.push(eb(frozenAt, '<', new Date(f.frozenTo).toISOString()));
  if (f.q) where.push(textCondition(eb, f.q));
  return where;
}

/** Text search: each form of the query uses an index (account number, case number, phone tail, name start). */
function textCondition(eb: CaseEb, raw: string): Expression<SqlBool> {
  const q = raw.trim();
  const prefix = (col: string, p: string) =>
    sql<SqlBool>`(${sql.ref(col)} >= ${p} AND ${sql.ref(col)} < ${p + '\u{10FFFF}'})`;
  if (/^fc\d*$/i.test(q)) return prefix('fc.case_no', q.toUpperCase());
  const customers = (cond: ReturnType<typeof sql<SqlBool>>) =>
    sql<SqlBool>`fc.account_id IN (SELECT a.id FROM accounts a WHERE a.customer_id IN (SELECT c.id FROM customers c WHERE ${cond}))`;
  if (/^\d{4}$/.test(q)) return customers(sql<SqlBool>`substr(c.phone, 8, 4) = ${q}`);
  // A longer number is an account number's start. Never a whole phone number: finding a
  // customer by one is an audited, rate-limited lookup (search:query), or masking means nothing.
  if (/^\d{5,}$/.test(q)) {
    return sql<SqlBool>`fc.account_id IN (SELECT a.id FROM accounts a WHERE ${prefix('a.account_no', q)})`;
  }
  // English names are stored "Given Surname"; capitalise so "xiao" finds "Xiao Chen".
  const en = q.replace(/(^|\s)\p{Ll}/gu, (m) => m.toUpperCase());
  return customers(sql<SqlBool>`(${prefix('c.name_zh', q)} OR ${prefix('c.name_en', en)})`);
}

/** Display columns as correlated lookups, so the planner walks the sort index and stops at the page. */
export function rowColumns(eb: CaseEb) {
  const customer = (col: 'name_zh' | 'name_en' | 'phone') =>
    eb
      .selectFrom('accounts as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select(`c.${col}`)
      .whereRef('a.id', '=', 'fc.account_id');
  return [
    eb.selectFrom('accounts as a').select('a.account_no').whereRef('a.id', '=', 'fc.account_id').as('account_no'),
    customer('name_zh').as('name_zh'),
    customer('name_en').as('name_en'),
    customer('phone').as('phone'),
    eb.selectFrom('operators as o').select('o.display_name').whereRef('o.id', '=', 'fc.owner_id').as('owner_name'),
  ] as const;
}

/** A queue row: the case's own columns plus the display lookups of rowColumns(). */
type RowFields = Pick<
  Selectable<FreezeCasesTable>,
  | 'id'
  | 'case_no'
  | 'account_id'
  | 'reason'
  | 'risk'
  | 'status'
  | 'frozen_at'
  | 'sla_due_at'
  | 'review_at'
  | 'owner_id'
  | 'version'
> & {
  account_no: string | null;
  name_zh: string | null;
  name_en: string | null;
  phone: string | null;
  owner_name: string | null;
};

export function toRow(r: RowFields): FreezeCaseRow {
  return {
    id: r.id,
    caseNo: r.case_no,
    accountId: r.account_id,
    accountNo: r.account_no ?? '',
    customerName: maskName(r.name_zh ?? ''),
    customerNameEn: maskName(r.name_en ?? ''),
    phoneMasked: maskPhone(r.phone ?? ''),
    reason: r.reason,
    risk: r.risk,
    status: r.status,
    frozenAt: r.frozen_at,
    slaDueAt: r.sla_due_at,
    reviewAt: r.review_at,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    version: r.version,
  };
}

export const CASE_FIELDS = [
  'fc.id',
  'fc.case_no',
  'fc.account_id',
  'fc.reason',
  'fc.risk',
  'fc.status',
  'fc.frozen_at',
  'fc.sla_due_at',
  'fc.review_at',
  'fc.owner_id',
  'fc.version',
] as const;

/** Up to this many cases in a frozen-at range, reading the range and sorting it beats walking the sort. */
const NARROW_RANGE = 2_000;

/**
 * Whether a frozen-at range under another sort holds fewer than NARROW_RANGE cases, counted on
 * the frozen-at index up to that many (a bounded probe). Then the page reads the range and sorts
 * its rows; else it walks the sort's index, where a wide range's cases come often. Walking the
 * sort past a narrow range far from its start read every case before it: 1.2 s at the huge scale.
 */
async function narrowRange(ctx: AuthedContext, f: FreezeFilter, key: SortKey): Promise<boolean> {
  // PostgreSQL plans the range itself (offIndex writes no hint there): no probe to make.
  if ((!f.frozenFrom && !f.frozenTo) || key.value === 'fc.frozen_at' || ctx.engine.kind !== 'sqlite') return false;
  let inRange = ctx.db.selectFrom('freeze_cases').select('id');
  if (f.frozenFrom) inRange = inRange.where('frozen_at', '>=', new Date(f.frozenFrom).toISOString());
  if (f.frozenTo) inRange = inRange.where('frozen_at', '<', new Date(f.frozenTo).toISOString());
  const probe = await ctx.db
    .selectFrom(inRange.limit(NARROW_RANGE).as('r'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(probe.n) < NARROW_RANGE;
}

/**
 * One page of the review queue. It only reads: due reviews come back to the queue by the
 * host's due-work timer (due-reviews.ts), so the Overview's figures and the grid count the same cases.
 */
export async function listCases(ctx: AuthedContext, input: ParsedInputOf<'frozen:list'>): Promise<Page<FreezeCaseRow>> {
  const key = CASE_SORT[input.sort];
  const me = ctx.session.operatorId;
  // The overdue cut-off moves with time: count per minute, not per database change only.
  const now = ctx.now().toISOString();
  const sorted = { key, kind: ctx.engine.kind, narrowRange: await narrowRange(ctx, input.filter, key) };
  const base = ctx.db
    .selectFrom('freeze_cases as fc')
    .where((eb) => eb.and(filterConditions(eb, input.filter, me, now, sorted)));
  const page = await keysetPage(
    base.select((eb) => [...CASE_FIELDS, ...rowColumns(eb), ...sortColumns(key)]),
    key,
    input,
  );
  const total = input.withTotal
    ? await cachedCount(
        `frozen:${JSON.stringify(input.filter)}:${input.filter.owner === 'mine' ? me : ''}:${input.filter.overdue ? now.slice(0, 16) : ''}`,
        // The cases, and the customers and accounts the search box's filter reads.
        await changeMarkOf(ctx, 'frozen', 'customers'),
        () =>
          countOf(
            ctx,
            base.select((eb) => eb.fn.countAll<number>().as('n')),
          ),
      )
    : null;
  return finishPage(page, toRow, total);
}
