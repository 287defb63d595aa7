import { sql } from 'kysely';
import type { SearchHit } from '../../../shared/contract/customer360';
import type { FreezeCaseStatus, FreezeReason, Operation, RefundStatus } from '../../../shared/domain/catalog';
import { maskPhone } from '../../../shared/domain/masking';
import { normalizeFakeNumber } from '../../../shared/domain/fraud';
import { parseSearch, type SearchKind } from '../../../shared/domain/search';
import type { AuthedContext, HandlerContext, Trx } from '../core/context';
import { lookUpByPhone } from './phone-lookup';
import type { Handlers } from '../core/dispatch';

const LIMIT = 8;

function customers(db: HandlerContext['db'] | Trx) {
  return db
    .selectFrom('customers as c')
    .select((eb) => [
      'c.id',
      'c.name_zh',
      'c.name_en',
      'c.phone',
      eb
        .selectFrom('accounts as a')
        .select('a.account_no')
        .whereRef('a.customer_id', '=', 'c.id')
        .orderBy('a.id')
        .limit(1)
        .as('account_no'),
      eb
        .selectFrom('accounts as a')
        .select('a.id')
        .whereRef('a.customer_id', '=', 'c.id')
        .orderBy('a.id')
        .limit(1)
        .as('account_id'),
    ])
    .limit(LIMIT);
}

function customerHit(r: {
  id: number;
  name_zh: string;
  name_en: string;
  phone: string;
  account_no: string | null;
  account_id: number | null;
}): SearchHit {
  return {
    kind: 'customer',
    customerId: r.id,
    accountId: r.account_id,
    recordId: r.id,
    title: `${r.name_zh} ${r.name_en}`,
    subtitle: `${maskPhone(r.phone)} · ${r.account_no ?? ''}`,
    codes: [],
  };
}

/** One index seek per reading of the input (see the EXPLAIN QUERY PLAN test). */
async function lookup(ctx: AuthedContext, q: SearchKind): Promise<SearchHit[]> {
  switch (q.kind) {
    case 'phone':
      return lookUpByPhone(ctx, q.value, async (trx) =>
        (await customers(trx).where('c.phone', '=', q.value).execute()).map(customerHit),
      );
    case 'phoneTail':
      return (
        await customers(ctx.db)
          .where(sql`substr(c.phone, 8, 4)`, '=', q.value)
          .execute()
      ).map(customerHit);
    case 'nameZh':
      return (
        await customers(ctx.db).where('c.name_zh', '>=', q.value).where('c.name_zh', '<', `${q.value}\uffff`).execute()
      ).map(customerHit);
    case 'nameEn':
      return (
        await customers(ctx.db)
          .where(sql`lower(c.name_en)`, '>=', q.value)
          .where(sql`lower(c.name_en)`, '<', `${q.value}\uffff`)
          .execute()
      ).map(customerHit);
    case 'account': {
      const rows = await ctx.db
        .selectFrom('accounts as a')
        .innerJoin('customers as c', 'c.id', 'a.customer_id')
        .select(['c.id', 'c.name_zh', 'c.name_en', 'c.phone', 'a.account_no', 'a.id as account_id'])
        .where('a.account_no', '=', q.value)
        .execute();
      return rows.map(customerHit);
    }
    case 'transaction': {
      const rows = await ctx.db
        .selectFrom('transactions as t')
        .innerJoin('accounts as a', 'a.id', 't.account_id')
        .select([
          't.id',
          't.txn_no',
          't.operation',
          't.created_at',
          'a.customer_id',
          'a.account_no',
          'a.id as account_id',
        ])
        .where('t.txn_no', '=', q.value)
        .execute();
      return rows.map((r) => ({
        kind: 'transaction',
        customerId: r.customer_id,
        accountId: r.account_id,
        recordId: r.id,
        title: r.txn_no,
        subtitle: r.account_no,
        codes: [{ vocabulary: 'operation', code: r.operation as Operation }],
      }));
    }
    case 'refund': {
      const rows = await ctx.db
        .selectFrom('refund_requests as r')
        .innerJoin('transactions as t', 't.id', 'r.transaction_id')
        .innerJoin('accounts as a', 'a.id', 't.account_id')
        .select(['r.id', 'r.refund_no', 'r.status', 't.txn_no', 'a.customer_id', 'a.id as account_id'])
        .where('r.refund_no', '=', q.value)
        .execute();
      return rows.map((r) => ({
        kind: 'refund',
        customerId: r.customer_id,
        accountId: r.account_id,
        recordId: r.id,
        title: r.refund_no,
        subtitle: r.txn_no,
        codes: [{ vocabulary: 'refundStatus', code: r.status as RefundStatus }],
      }));
    }
    case 'case': {
      const rows = await ctx.db
        .selectFrom('freeze_cases as f')
        .innerJoin('accounts as a', 'a.id', 'f.account_id')
        .select(['f.id', 'f.case_no', 'f.status', 'f.reason', 'a.customer_id', 'a.account_no', 'f.account_id'])
        .where('f.case_no', '=', q.value)
        .execute();
      return rows.map((r) => ({
        kind: 'case',
        customerId: r.customer_id,
        accountId: r.account_id,
        recordId: r.id,
        title: r.case_no,
        subtitle: r.account_no,
        codes: [
          { vocabulary: 'freezeReason', code: r.reason as FreezeReason },
          { vocabulary: 'caseStatus', code: r.status as FreezeCaseStatus },
        ],
      }));
    }
  }
}

/** The fraud blocklist, by its key: an agent on a call can tell a caller the number is fake. */
async function fakeNumberHits(ctx: HandlerContext, text: string): Promise<SearchHit[]> {
  const number = normalizeFakeNumber(text);
  if (!number) return [];
  const rows = await ctx.db
    .selectFrom('fake_numbers as n')
    .innerJoin('service_cases as sc', 'sc.id', 'n.last_case_id')
    .select(['n.number', 'n.reports', 'sc.id', 'sc.case_no', 'sc.customer_id'])
    .where('n.number', '=', number)
    .execute();
  return rows.map((r) => ({
    kind: 'fakeNumber' as const,
    codes: [],
    accountId: null,
    customerId: r.customer_id,
    recordId: r.id,
    title: r.number,
    subtitle: `${r.case_no} · ×${r.reports}`,
  }));
}

export const searchHandlers: Pick<Handlers, 'search:query'> = {
  async 'search:query'(ctx, { text }) {
    const hits: SearchHit[] = await fakeNumberHits(ctx, text);
    for (const q of parseSearch(text)) hits.push(...(await lookup(ctx, q)));
    return hits.slice(0, 20);
  },
};
