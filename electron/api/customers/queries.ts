import { countOf } from '../../workers/count-thread';
import { sql, type SqlBool } from 'kysely';
import type { CustomerRow, TransactionRow } from '../../../shared/contract/customers';
import { maskPhone } from '../../../shared/domain/masking';
import { parseSearch } from '../../../shared/domain/search';
import {
  appendOnlyMark,
  cachedCount,
  changeMarkOf,
  finishPage,
  keysetPage,
  sortColumns,
  offIndex,
  type SortKey,
} from '../../db/keyset';
import type { Handlers } from '../core/dispatch';

const CUSTOMER_SORT: Record<string, SortKey> = {
  registeredAt: { value: 'c.registered_at', id: 'c.id' },
  nameEn: { value: 'c.name_en', id: 'c.id' },
  balance: { value: 'a.balance_minor', id: 'a.id' },
};

const TRANSACTION_SORT: Record<string, SortKey> = {
  createdAt: { value: 't.created_at', id: 't.id' },
  amount: { value: 't.amount_minor', id: 't.id' },
};

export const customerHandlers: Pick<Handlers, 'customers:list' | 'transactions:list'> = {
  async 'customers:list'(ctx, input) {
    const key = CUSTOMER_SORT[input.sort];
    let base = ctx.db.selectFrom('customers as c').innerJoin('accounts as a', 'a.customer_id', 'c.id');
    if (input.filter.status) base = base.where('a.status', '=', input.filter.status);
    if (input.filter.kycLevel !== undefined) base = base.where('c.kyc_level', '=', input.filter.kycLevel);
    if (input.filter.segment) {
      // Sorted by balance, the walk is on the accounts' balance index: kept off the segment index,
      // which would need a sort step.
      const segment = input.sort === 'balance' ? offIndex('c.segment', ctx.engine.kind) : sql.ref('c.segment');
      base = base.where(segment, '=', input.filter.segment);
    }
    if (input.filter.q) {
      // The search box's reading of the text; a record number (T…, RF…, FC…) names no customer.
      // Never a whole phone number: that reveals the masked digits, so it is only the audited,
      // rate-limited lookup of the global search (customers/phone-lookup), not a list filter.
      const kinds = parseSearch(input.filter.q);
      base = base.where((eb) =>
        eb.or([
          sql<SqlBool>`0 = 1`,
          ...kinds.flatMap((k) => {
            if (k.kind === 'phoneTail') return [eb(sql`substr(c.phone, 8, 4)`, '=', k.value)];
            if (k.kind === 'account') return [eb('a.account_no', '=', k.value)];
            if (k.kind === 'nameZh')
              return [eb.and([eb('c.name_zh', '>=', k.value), eb('c.name_zh', '<', `${k.value}\uffff`)])];
            if (k.kind === 'nameEn')
              return [
                eb.and([eb(sql`lower(c.name_en)`, '>=', k.value), eb(sql`lower(c.name_en)`, '<', `${k.value}\uffff`)]),
              ];
            return [];
          }),
        ]),
      );
    }
    const page = await keysetPage(
      base.select([
        'c.id',
        'c.name_zh',
        'c.name_en',
        'c.phone',
        'c.kyc_level',
        'c.segment',
        'c.registered_at',
        'a.account_no',
        'a.status',
        'a.balance_minor',
        'a.currency',
        ...sortColumns(key),
      ]),
      key,
      input,
    );
    const total = input.withTotal
      ? await cachedCount(`customers:${JSON.stringify(input.filter)}`, await changeMarkOf(ctx, 'customers'), () =>
          countOf(
            ctx,
            base.select((eb) => eb.fn.countAll<number>().as('n')),
          ),
        )
      : null;
    return finishPage(
      page,
      (r): CustomerRow => ({
        id: r.id,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        phoneMasked: maskPhone(r.phone),
        kycLevel: r.kyc_level,
        segment: r.segment,
        registeredAt: r.registered_at,
        accountNo: r.account_no,
        accountStatus: r.status,
        balanceMinor: r.balance_minor,
        currency: r.currency,
      }),
      total,
    );
  },

  async 'transactions:list'(ctx, input) {
    const key = TRANSACTION_SORT[input.sort];
    let base = ctx.db.selectFrom('transactions as t');
    if (input.filter.accountId !== undefined) base = base.where('t.account_id', '=', input.filter.accountId);
    const page = await keysetPage(
      base.select((eb) => [
        // A correlated lookup, not a join: the planner then walks the sort index and stops at the page.
        eb.selectFrom('accounts as a').select('a.account_no').whereRef('a.id', '=', 't.account_id').as('account_no'),
        't.id',
        't.txn_no',
        't.operation',
        't.channel',
        't.amount_minor',
        't.fee_minor',
        't.currency',
        't.status',
        't.merchant',
        't.created_at',
        't.refunded_minor',
        ...sortColumns(key),
      ]),
      key,
      input,
    );
    const total = input.withTotal
      ? await cachedCount(
          `transactions:${JSON.stringify(input.filter)}`,
          await appendOnlyMark(ctx, 'transactions'),
          () => {
            // Counted without the join: every transaction has exactly one account.
            let q = ctx.db.selectFrom('transactions').select((eb) => eb.fn.countAll<number>().as('n'));
            if (input.filter.accountId !== undefined) q = q.where('account_id', '=', input.filter.accountId);
            return countOf(ctx, q);
          },
        )
      : null;
    return finishPage(
      page,
      (r): TransactionRow => ({
        id: r.id,
        txnNo: r.txn_no,
        accountNo: r.account_no ?? '',
        operation: r.operation,
        channel: r.channel,
        amountMinor: r.amount_minor,
        feeMinor: r.fee_minor,
        currency: r.currency,
        status: r.status,
        merchant: r.merchant,
        createdAt: r.created_at,
        refundedMinor: r.refunded_minor,
      }),
      total,
    );
  },
};
