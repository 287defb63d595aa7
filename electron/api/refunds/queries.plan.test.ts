import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUND_SORTS } from '../../../shared/contract/refunds';
import { isRefundAbuse } from '../../../shared/domain/refunds';
import { generateDataset } from '../../seed/generate';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { pageTwice } from '../../test/keyset-pages';
import { GRID_FILTERS } from '../../test/grid-filters';

let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole();
  await generateDataset(t.sqlite, { scale: 'demo', seed: 3, anchor: new Date('2026-11-01T00:00:00Z') });
  await t.signInAs('agent', 'agent');
});
afterAll(() => t.close());

function plan(sql: string, params: readonly unknown[]): string {
  return (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join('\n');
}

const FILTERS = GRID_FILTERS.find((g) => g.channel === 'refunds:list')!.filters;

describe('refunds:list uses keyset pagination on an index for every sort and filter', () => {
  for (const sort of REFUND_SORTS) {
    for (const dir of ['asc', 'desc'] as const) {
      for (const [name, filter] of Object.entries(FILTERS)) {
        it(`${sort} ${dir}, filter ${name}: no sort step, no OFFSET, pages chain without gaps`, async () => {
          // Small pages, so even a short queue has a second page to chain to.
          const p = await pageTwice(t, 'agent', 'refunds:list', { sort, dir, limit: 5, filter });
          expect(p.sql).not.toMatch(/offset/i);
          expect(p.plan).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
          expect(p.plan).toMatch(/SCAN r USING INDEX|SEARCH r USING INDEX/);
          expect(p.paged).toEqual(p.both);
        });
      }
    }
  }

  it('counts the ageing summary from the status index', async () => {
    t.queries.length = 0;
    await t.call('agent', 'refunds:ageing', {});
    const q = t.queries.find((x) => /refund_requests/.test(x.sql))!;
    expect(plan(q.sql, q.params)).toMatch(/USING COVERING INDEX refund_requests_by_status/);
  });
});

describe('the refund-abuse signal on queue rows', () => {
  it('marks exactly the rows isRefundAbuse marks, and the abuse filter keeps exactly those', async () => {
    const page = (f: Record<string, unknown>) =>
      t.call('agent', 'refunds:list', { sort: 'requestedAt', dir: 'desc', limit: 500, after: null, filter: f });
    type Rows = { data: { rows: { id: number; abuse: boolean; history: Parameters<typeof isRefundAbuse>[0] }[] } };
    const all = ((await page({})) as Rows).data.rows;
    for (const r of all) expect(r.abuse).toBe(isRefundAbuse(r.history));
    const flagged = all.filter((r) => r.abuse).map((r) => r.id);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.length).toBeLessThan(all.length);
    const filtered = ((await page({ abuse: true })) as Rows).data.rows.map((r) => r.id);
    expect(filtered.filter((id) => all.some((r) => r.id === id))).toEqual(flagged);
  });
});
