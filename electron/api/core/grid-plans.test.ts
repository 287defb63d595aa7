import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../seed/generate';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { pageTwice } from '../../test/keyset-pages';
import { GRID_FILTERS } from '../../test/grid-filters';

/**
 * Every grid's sort × filter pair pages on an index, on a database with no statistics: the
 * plan users get on a file nobody has analysed yet (the refunds and frozen queues have their
 * own sweeps beside their queries). A sort step would read every matching row per page.
 */
const GRIDS = GRID_FILTERS.filter((g) => !['frozen:list', 'refunds:list'].includes(g.channel));

/**
 * The pairs that read a bounded set through an index and sort it, on purpose, with the index
 * that bounds it (so a plan that walks the whole table instead still fails):
 * - one account's transactions by amount: an account has tens of transactions (the busiest
 *   merchant accounts thousands), and an (account, amount) index on the largest table would cost
 *   every write more than the sort of one account's rows costs a page;
 * - audit events in a time range, and of several actions: the events are read from the time or
 *   action index and sorted by id. A one-week window at the huge scale is about 20k events.
 */
const SORTED_ON_PURPOSE: Record<string, RegExp> = {
  'transactions:list amount account': /SEARCH t USING INDEX transactions_by_account \(account_id=\?\)/,
  'audit:list id range': /SEARCH e USING INDEX audit_by_at \(at>\? AND at<\?\)/,
  'audit:list id actions': /MULTI-INDEX OR[\s\S]*audit_by_action/,
};

let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole();
  await generateDataset(t.sqlite, { scale: 'demo', seed: 5, anchor: new Date('2026-11-01T00:00:00Z') });
  for (const role of ['agent', 'supervisor', 'admin']) await t.signInAs(role, role as 'agent');
}, 120_000);
afterAll(() => t.close());

it('the grids’ tables have no statistics', () => {
  const stat = t.sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'").get() as {
    n: number;
  };
  const analysed = stat.n
    ? t.sqlite
        .prepare(
          "SELECT DISTINCT tbl FROM sqlite_stat1 WHERE tbl IN ('customers', 'transactions', 'contacts', 'service_cases', 'audit_events')",
        )
        .all()
    : [];
  expect(analysed).toEqual([]);
});

for (const grid of GRIDS) {
  describe(`${grid.channel} pages on an index without statistics`, () => {
    for (const sort of grid.sorts) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const [name, filter] of Object.entries(grid.filters)) {
          const sorted = SORTED_ON_PURPOSE[`${grid.channel} ${sort} ${name}`];
          it(`${sort} ${dir}, filter ${name}${sorted ? ' (sorts its matches: see SORTED_ON_PURPOSE)' : ''}`, async () => {
            const p = await pageTwice(t, grid.role, grid.channel, { sort, dir, limit: 5, filter });
            expect(p.sql).not.toMatch(/offset/i);
            if (sorted) expect(p.plan).toMatch(sorted);
            else expect(p.plan).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
            expect(p.paged).toEqual(p.both);
          });
        }
      }
    }
  });
}
