import { sql } from 'kysely';
import type { SearchHit } from '../../../shared/contract/customer360';
import { maskPhone } from '../../../shared/domain/masking';
import { parseSearch, type SearchKind } from '../../../shared/domain/search';
import type { HandlerContext, Trx } from '../core/context';
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
        .limit(1)
        .as('account_no'),
    ])
    .limit(LIMIT);
}

function customerHit(r: {
  id: number;
  name_zh: string;
  name_en: string;
  phone: string;
  account_no: string | null;
}): SearchHit {
  return {
    kind: 'customer',
    customerId: r.id,
    recordId: r.id,
    title: `${r.name_zh} ${r.name_en}`,
    subtitle: `${maskPhone(r.phone)} · ${r.account_no ?? ''}`,
  };
}

/** One index seek per reading of the input (see the EXPLAIN QUERY PLAN test). */
async function lookup(ctx: HandlerContext, q: SearchKind): Promise<SearchHit[]> {
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
        .select(['c.id', 'c.name_zh', 'c.name_en', 'c.phone', 'a.account_no'])
        .where('a.account_no', '=', q.value)
        .execute();
      return rows.map(customerHit);
    }
    case 'transaction': {
      const rows = await ctx.db
        .selectFrom('transactions as t')
        .innerJoin('accounts as a', 'a.id', 't.account_id')
        .select(['t.id', 't.txn_no', 't.operation', 't.created_at', 'a.customer_id', 'a.account_no'])
        .where('t.txn_no', '=', q.value)
        .execute();
      return rows.map((r) => ({
        kind: 'transaction',
        customerId: r.customer_id,
        recordId: r.id,
        title: r.txn_no,
        subtitle: `${r.operation} · ${r.account_no}`,
      }));
    }
    case 'refund': {
      const rows = await ctx.db
        .selectFrom('refund_requests as r')
        .innerJoin('transactions as t', 't.id', 'r.transaction_id')
        .innerJoin('accounts as a', 'a.id', 't.account_id')
        .select(['r.id', 'r.refund_no', 'r.status', 't.txn_no', 'a.customer_id'])
        .where('r.refund_no', '=', q.value)
        .execute();
      return rows.map((r) => ({
        kind: 'refund',
        customerId: r.customer_id,
        recordId: r.id,
        title: r.refund_no,
        subtitle: `${r.status} · ${r.txn_no}`,
      }));
    }
    case 'case': {
      const rows = await ctx.db
        .selectFrom('freeze_cases as f')
        .innerJoin('accounts as a', 'a.id', 'f.account_id')
        .select(['f.id', 'f.case_no', 'f.status', 'f.reason', 'a.customer_id'])
        .where('f.case_no', '=', q.value)
        .execute();
      return rows.map((r) => ({
        kind: 'case',
        customerId: r.customer_id,
        recordId: r.id,
        title: r.case_no,
        subtitle: `${r.reason} · ${r.status}`,
      }));
    }
  }
}

export const searchHandlers: Pick<Handlers, 'search:query'> = {
  async 'search:query'(ctx, { text }) {
    const hits: SearchHit[] = [];
    for (const q of parseSearch(text)) hits.push(...(await lookup(ctx, q)));
    return hits.slice(0, 20);
  },
};
