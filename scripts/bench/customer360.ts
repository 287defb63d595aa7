import { ok, type BenchCase, type BenchContext } from './types';

/** A mid-table customer with some history, found once per run. */
let customer: { id: number; phone: string; name_zh: string; account_id: number } | null = null;
const pick = async (ctx: BenchContext) => {
  customer ??= (await ctx.sql.get<NonNullable<typeof customer>>(
    `SELECT c.id, c.phone, c.name_zh, a.id AS account_id FROM customers c JOIN accounts a ON a.customer_id = c.id
     WHERE c.id = (SELECT max(id) / 2 FROM customers)`,
  ))!;
};

/** Global search, the customer page and its tabs, and the Overview. */
export const customer360Cases: BenchCase[] = [
  {
    name: 'search:query phone tail',
    setup: pick,
    async run(ctx) {
      ok(await ctx.call('agent', 'search:query', { text: customer!.phone.slice(7) }));
    },
    async floor(ctx) {
      await ctx.sql.all('SELECT id FROM customers WHERE substr(phone, 8, 4) = ? LIMIT 8', [customer!.phone.slice(7)]);
    },
  },
  {
    name: 'search:query Chinese name prefix',
    async run(ctx) {
      ok(await ctx.call('agent', 'search:query', { text: customer!.name_zh }));
    },
    async floor(ctx) {
      await ctx.sql.all("SELECT id FROM customers WHERE name_zh >= ? AND name_zh < ? || '\uffff' LIMIT 8", [
        customer!.name_zh,
        customer!.name_zh,
      ]);
    },
  },
  {
    name: 'customers:get (profile)',
    async run(ctx) {
      ok(await ctx.call('agent', 'customers:get', { id: customer!.id }));
    },
    async floor(ctx) {
      await ctx.sql.get('SELECT * FROM customers c JOIN accounts a ON a.customer_id = c.id WHERE c.id = ?', [
        customer!.id,
      ]);
    },
  },
  ...(['customers:refunds', 'customers:cases', 'customers:contacts'] as const).map((channel): BenchCase => ({
    name: `${channel} first page`,
    async run(ctx) {
      ok(
        await ctx.call('agent', channel, {
          sort: 'at',
          dir: 'desc',
          limit: 100,
          after: null,
          filter: { customerId: customer!.id },
        }),
      );
    },
    floor: null,
  })),
  {
    name: 'transactions:list for one account (customer tab)',
    async run(ctx) {
      ok(
        await ctx.call('agent', 'transactions:list', {
          sort: 'createdAt',
          dir: 'desc',
          limit: 100,
          after: null,
          filter: { accountId: customer!.account_id },
        }),
      );
    },
    async floor(ctx) {
      await ctx.sql.all('SELECT * FROM transactions WHERE account_id = ? ORDER BY created_at DESC, id DESC LIMIT 100', [
        customer!.account_id,
      ]);
    },
  },
  {
    name: 'customers:timeline (50 newest)',
    async run(ctx) {
      ok(await ctx.call('agent', 'customers:timeline', { customerId: customer!.id, before: null, limit: 50 }));
    },
    floor: null,
  },
  {
    name: 'overview:get as supervisor',
    async run(ctx) {
      ok(await ctx.call('supervisor', 'overview:get', {}));
    },
    floor: null,
    iterations: 50,
  },
];
