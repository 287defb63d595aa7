import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { z } from 'zod';
import type { FreezeCaseDetail, FreezeCaseRow, freezeFilter } from '../../shared/contract/frozen';
import { AppError } from '../../shared/contract/errors';
import type {
  AccountStatus,
  ContactCategory,
  ContactChannel,
  ContactOutcome,
  FreezeCaseStatus,
  FreezeReason,
  IdentityCheck,
  Operation,
  RiskLevel,
  TransactionStatus,
} from '../../shared/domain/catalog';
import { type DecisionReason, type FreezeDecision } from '../../shared/domain/freeze';
import { maskName, maskPhone } from '../../shared/domain/masking';
import type { CurrencyCode } from '../../shared/domain/money';
import { appendAuditBatch } from '../db/audit';
import { cachedCount, finishPage, keysetPage, sortColumns, type SortKey } from '../db/keyset';
import type { DB } from '../db/schema';
import type { HandlerContext } from './context';
import { totalChanges } from './customers';
import type { Handlers } from './dispatch';

const CASE_SORT: Record<string, SortKey> = {
  slaDue: { value: 'fc.sla_due_at', id: 'fc.id' },
  frozenAt: { value: 'fc.frozen_at', id: 'fc.id' },
  caseNo: { value: 'fc.id', id: 'fc.id' },
};

type FreezeFilter = z.output<z.ZodObject<typeof freezeFilter>>;
type CaseEb = ExpressionBuilder<DB & { fc: DB['freeze_cases'] }, 'fc'>;

/** The filter as SQL conditions; every one is evaluated in the database. */
function filterConditions(eb: CaseEb, f: FreezeFilter, me: number, now: string): Expression<SqlBool>[] {
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
    where.push(eb('fc.sla_due_at', '<', now));
    if (f.status !== 'active') where.push(active);
  }
  if (f.frozenFrom) where.push(eb('fc.frozen_at', '>=', new Date(f.frozenFrom).toISOString()));
  if (f.frozenTo) where.push(eb('fc.frozen_at', '<', new Date(f.frozenTo).toISOString()));
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
  if (/^\d{5,}$/.test(q)) {
    return eb.or([
      sql<SqlBool>`fc.account_id IN (SELECT a.id FROM accounts a WHERE ${prefix('a.account_no', q)})`,
      customers(sql<SqlBool>`c.phone = ${q}`),
    ]);
  }
  // English names are stored "Given Surname"; capitalise so "xiao" finds "Xiao Chen".
  const en = q.replace(/(^|\s)\p{Ll}/gu, (m) => m.toUpperCase());
  return customers(sql<SqlBool>`(${prefix('c.name_zh', q)} OR ${prefix('c.name_en', en)})`);
}

/** Display columns as correlated lookups, so the planner walks the sort index and stops at the page. */
function rowColumns(eb: CaseEb) {
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

interface RowFields {
  id: number;
  case_no: string;
  account_id: number;
  account_no: string | null;
  name_zh: string | null;
  name_en: string | null;
  phone: string | null;
  reason: string;
  risk: string;
  status: string;
  frozen_at: string;
  sla_due_at: string;
  review_at: string | null;
  owner_id: number | null;
  owner_name: string | null;
  version: number;
}

function toRow(r: RowFields): FreezeCaseRow {
  return {
    id: r.id,
    caseNo: r.case_no,
    accountId: r.account_id,
    accountNo: r.account_no ?? '',
    customerName: maskName(r.name_zh ?? ''),
    customerNameEn: maskName(r.name_en ?? ''),
    phoneMasked: maskPhone(r.phone ?? ''),
    reason: r.reason as FreezeReason,
    risk: r.risk as RiskLevel,
    status: r.status as FreezeCaseStatus,
    frozenAt: r.frozen_at,
    slaDueAt: r.sla_due_at,
    reviewAt: r.review_at,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    version: r.version,
  };
}

const CASE_FIELDS = [
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

/** The whole case as the detail panel shows it. Works inside a transaction too. */
export async function loadCaseDetail(db: Kysely<DB>, id: number): Promise<FreezeCaseDetail> {
  const c = await db
    .selectFrom('freeze_cases as fc')
    .innerJoin('accounts as a', 'a.id', 'fc.account_id')
    .innerJoin('customers as cu', 'cu.id', 'a.customer_id')
    .select((eb) => [
      ...CASE_FIELDS,
      ...rowColumns(eb as unknown as CaseEb),
      'fc.evidence_rule',
      'fc.evidence_json',
      'fc.decision',
      'fc.decision_reason',
      'fc.maker_id',
      'fc.checker_id',
      'fc.decided_at',
      eb.selectFrom('operators as o').select('o.display_name').whereRef('o.id', '=', 'fc.maker_id').as('maker_name'),
      eb
        .selectFrom('operators as o')
        .select('o.display_name')
        .whereRef('o.id', '=', 'fc.checker_id')
        .as('checker_name'),
      'a.status as account_status',
      'a.balance_minor',
      'a.currency',
      'cu.kyc_level',
      'cu.registered_at',
    ])
    .where('fc.id', '=', id)
    .executeTakeFirst();
  if (!c) throw new AppError('NOT_FOUND', `No freeze case ${id}`);

  const txnColumns = [
    't.id',
    't.txn_no',
    't.operation',
    't.amount_minor',
    't.currency',
    't.status',
    't.counterparty',
    't.merchant',
    't.created_at',
  ] as const;
  const [checks, evidenceTxns, recentTxns, earlier, contacts, card] = await Promise.all([
    db
      .selectFrom('identity_checks as ic')
      .innerJoin('operators as o', 'o.id', 'ic.operator_id')
      .select(['ic.check_kind', 'ic.operator_id', 'o.display_name', 'ic.at'])
      .where('ic.case_id', '=', id)
      .execute(),
    db
      .selectFrom('freeze_case_transactions as l')
      .innerJoin('transactions as t', 't.id', 'l.transaction_id')
      .select(txnColumns)
      .where('l.case_id', '=', id)
      .orderBy('t.created_at', 'desc')
      .limit(50)
      .execute(),
    db
      .selectFrom('transactions as t')
      .select(txnColumns)
      .where('t.account_id', '=', c.account_id)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
      .limit(10)
      .execute(),
    db
      .selectFrom('freeze_cases')
      .select(['id', 'case_no', 'reason', 'status', 'frozen_at'])
      .where('account_id', '=', c.account_id)
      .where('id', '<>', id)
      .orderBy('frozen_at', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('contacts as k')
      .select((eb) => [
        'k.id',
        'k.channel',
        'k.category',
        'k.outcome',
        'k.started_at',
        'k.note',
        eb.selectFrom('operators as o').select('o.display_name').whereRef('o.id', '=', 'k.agent_id').as('agent_name'),
      ])
      .where((eb) =>
        eb.or([
          eb('k.case_id', '=', id),
          eb.and([eb('k.account_id', '=', c.account_id), eb('k.category', '=', 'frozen_account')]),
        ]),
      )
      .orderBy('k.started_at', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('transactions')
      .select('payment_method')
      .where('account_id', '=', c.account_id)
      .where('payment_method', 'like', 'bank_card:%')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const toTxn = (t: (typeof recentTxns)[number]) => ({
    id: t.id,
    txnNo: t.txn_no,
    operation: t.operation as Operation,
    amountMinor: t.amount_minor,
    currency: t.currency as CurrencyCode,
    status: t.status as TransactionStatus,
    counterparty: t.counterparty,
    merchant: t.merchant,
    createdAt: t.created_at,
  });
  return {
    ...toRow(c),
    evidenceRule: c.evidence_rule,
    evidence: JSON.parse(c.evidence_json) as Record<string, string | number>,
    decision: c.decision as FreezeDecision | null,
    decisionReason: c.decision_reason as DecisionReason | null,
    makerId: c.maker_id,
    makerName: c.maker_name,
    checkerId: c.checker_id,
    checkerName: c.checker_name,
    decidedAt: c.decided_at,
    account: {
      status: c.account_status as AccountStatus,
      kycLevel: c.kyc_level,
      registeredAt: c.registered_at,
      balanceMinor: c.balance_minor,
      currency: c.currency as CurrencyCode,
      verifiedCard: card ? card.payment_method.slice('bank_card:'.length) : null,
    },
    checks: checks.map((k) => ({
      kind: k.check_kind as IdentityCheck,
      operatorId: k.operator_id,
      operatorName: k.display_name,
      at: k.at,
    })),
    evidenceTransactions: evidenceTxns.map(toTxn),
    recentTransactions: recentTxns.map(toTxn),
    earlierCases: earlier.map((e) => ({
      id: e.id,
      caseNo: e.case_no,
      reason: e.reason as FreezeReason,
      status: e.status as FreezeCaseStatus,
      frozenAt: e.frozen_at,
    })),
    contacts: contacts.map((k) => ({
      id: k.id,
      channel: k.channel as ContactChannel,
      category: k.category as ContactCategory,
      outcome: k.outcome as ContactOutcome,
      startedAt: k.started_at,
      agentName: k.agent_name,
      note: k.note,
    })),
  };
}

export const frozenQueryHandlers: Pick<Handlers, 'frozen:list' | 'frozen:get'> = {
  async 'frozen:list'(ctx, input) {
    await returnDueReviews(ctx);
    const key = CASE_SORT[input.sort];
    const me = ctx.session!.operatorId;
    // The overdue cut-off moves with time: count per minute, not per database change only.
    const now = ctx.now().toISOString();
    const base = ctx.db
      .selectFrom('freeze_cases as fc')
      .where((eb) => eb.and(filterConditions(eb, input.filter, me, now)));
    const page = await keysetPage(
      base.select((eb) => [...CASE_FIELDS, ...rowColumns(eb), ...sortColumns(key)]),
      key,
      input,
    );
    const total = input.withTotal
      ? await cachedCount(
          `frozen:${JSON.stringify(input.filter)}:${input.filter.owner === 'mine' ? me : ''}:${input.filter.overdue ? now.slice(0, 16) : ''}`,
          totalChanges(ctx),
          async () => Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
        )
      : null;
    return finishPage(page, toRow, total);
  },

  async 'frozen:get'(ctx, { id }) {
    await returnDueReviews(ctx);
    return loadCaseDetail(ctx.db, id);
  },
};

const lastSweep = new WeakMap<object, number>();

/**
 * "Keep frozen until a review date": on that date the case comes back to the queue.
 * A desktop app has no scheduler, so reading the queue sweeps due cases back in (at
 * most once a minute per database), each with its audit event.
 */
export async function returnDueReviews(ctx: HandlerContext): Promise<void> {
  const now = ctx.now();
  const last = lastSweep.get(ctx.sqlite);
  if (last !== undefined && now.getTime() - last < 60_000 && now.getTime() >= last) return;
  lastSweep.set(ctx.sqlite, now.getTime());
  const at = now.toISOString();
  const ids = await ctx.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('freeze_cases')
      .select(['id', 'review_at'])
      .where('status', '=', 'kept_frozen')
      .where('review_at', '<=', at)
      .limit(1000)
      .execute();
    if (due.length === 0) return [];
    const dueIds = due.map((d) => d.id);
    await trx
      .updateTable('freeze_cases')
      .set((eb) => ({ status: 'open', owner_id: null, version: eb('version', '+', 1) }))
      .where('id', 'in', dueIds)
      .execute();
    await appendAuditBatch(
      trx,
      due.map((d) => ({
        at,
        operatorId: null,
        operatorRole: null,
        host: 'system' as const,
        action: 'freeze.reviewDue',
        entityType: 'freeze_case',
        entityId: d.id,
        before: { status: 'kept_frozen', reviewAt: d.review_at },
        after: { status: 'open' },
      })),
    );
    return dueIds;
  });
  if (ids.length) ctx.emit('frozen:changed', { ids });
}
