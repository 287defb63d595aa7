import { CUSTOMER_SORTS, TRANSACTION_SORTS } from '../../shared/contract/customers';
import { ok, type BenchCase } from './types';

const TXN_SQL: Record<string, string> = { createdAt: 'created_at', amount: 'amount_minor' };

/** The grid page: 100 rows of a 1M-row table under every sort the grid offers, first page and deep page. */
export const gridCases: BenchCase[] = TRANSACTION_SORTS.flatMap((sort) =>
  (['asc', 'desc'] as const).map((dir): BenchCase => ({
    name: `transactions:list ${sort} ${dir} (100 rows, keyset)`,
    async run(ctx) {
      ok(await ctx.call('agent', 'transactions:list', { sort, dir, limit: 100, after: null }));
    },
    async floor(ctx) {
      const col = TXN_SQL[sort];
      await ctx.sql.all(
        `SELECT t.*, (SELECT account_no FROM accounts a WHERE a.id = t.account_id) AS account_no FROM transactions t ORDER BY ${col} ${dir}, id ${dir} LIMIT 100`,
      );
    },
  })),
);

let deepCursor: unknown = null;

/** A page deep in the table, reached by its cursor, costs the same as the first. */
export const deepPageCases: BenchCase[] = [
  {
    name: 'transactions:list createdAt desc, page at row 900,000 (keyset)',
    async setup(ctx) {
      const row = await ctx.sql.get<{ value: string; id: number }>(
        'SELECT created_at AS value, id FROM transactions ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET 900000',
      );
      // The grid's own cursor (bound to its sort and filter), moved to row 900,000.
      const first = ok(
        await ctx.call('agent', 'transactions:list', { sort: 'createdAt', dir: 'desc', limit: 100, after: null }),
      ) as { next: object };
      deepCursor = { ...first.next, ...row };
    },
    async run(ctx) {
      ok(
        await ctx.call('agent', 'transactions:list', { sort: 'createdAt', dir: 'desc', limit: 100, after: deepCursor }),
      );
    },
    floor: null,
  },
  {
    name: 'OFFSET 900,000 page (what keyset avoids)',
    async run(ctx) {
      await ctx.sql.all('SELECT * FROM transactions ORDER BY created_at DESC, id DESC LIMIT 100 OFFSET 900000');
    },
    floor: null,
    iterations: 10,
  },
  ...CUSTOMER_SORTS.map((sort): BenchCase => ({
    name: `customers:list ${sort} desc (100 rows)`,
    async run(ctx) {
      ok(await ctx.call('agent', 'customers:list', { sort, dir: 'desc', limit: 100, after: null }));
    },
    async floor(ctx) {
      const col = { registeredAt: 'c.registered_at', nameEn: 'c.name_en', balance: 'a.balance_minor' }[sort];
      const id = sort === 'balance' ? 'a.id' : 'c.id';
      await ctx.sql.all(
        `SELECT * FROM customers c JOIN accounts a ON a.customer_id = c.id ORDER BY ${col} DESC, ${id} DESC LIMIT 100`,
      );
    },
  })),
];

/** Main's longest stall during each recount, printed after the case. */
const recountStalls: number[] = [];

/**
 * A grid's total right after a write that changes what it counts: a cold count, read on the
 * counting thread. Each iteration first moves the customers' change mark (untimed), so every
 * timed call recounts 1M customers; a 5 ms timer on main measures how long main was held.
 */
export const coldCountCases: BenchCase[] = [
  {
    name: 'customers:list with its total, after a customer changed (a recount)',
    iterations: 20,
    async beforeEach(ctx) {
      await ctx.sql.run('UPDATE customers SET segment = segment WHERE id = 1');
    },
    async run(ctx) {
      let last = performance.now();
      let worst = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
      }, 5);
      const page = ok(
        await ctx.call('agent', 'customers:list', {
          sort: 'registeredAt',
          dir: 'desc',
          limit: 100,
          after: null,
          withTotal: true,
        }),
      ) as { total: number | null };
      clearInterval(timer);
      recountStalls.push(Math.max(worst, performance.now() - last));
      if (!page.total) throw new Error('no total');
      // After the 5 warm-up calls and the 20 timed ones.
      if (recountStalls.length === 25) {
        const timed = recountStalls.slice(5).sort((a, b) => a - b);
        console.log(
          `  main's longest stall per recount: median ${timed[10].toFixed(1)} ms, max ${timed[19].toFixed(1)} ms`,
        );
        recountStalls.length = 0;
      }
    },
    async floor(ctx) {
      await ctx.sql.get('SELECT count(*) FROM customers c JOIN accounts a ON a.customer_id = c.id');
    },
  },
];
