import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FREEZE_SORTS } from '../../../shared/contract/frozen';
import { generateDataset } from '../../seed/generate';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { pageTwice } from '../../test/keyset-pages';
import { GRID_FILTERS } from '../../test/grid-filters';

let t: TestConsole;
let someOwner = 0;
beforeAll(async () => {
  t = makeTestConsole();
  await generateDataset(t.sqlite, { scale: 'demo', seed: 3, anchor: new Date('2026-11-01T00:00:00Z') });
  await t.signInAs('agent', 'agent');
  someOwner = (
    t.sqlite
      .prepare(
        'SELECT owner_id AS id FROM freeze_cases WHERE owner_id IS NOT NULL GROUP BY owner_id ORDER BY count(*) DESC LIMIT 1',
      )
      .get() as {
      id: number;
    }
  ).id;
});
afterAll(() => t.close());

const FILTERS = GRID_FILTERS.find((g) => g.channel === 'frozen:list')!.filters;

describe('the frozen-accounts queue pages on an index for every sort and filter', () => {
  for (const sort of FREEZE_SORTS) {
    for (const dir of ['asc', 'desc'] as const) {
      for (const [name, raw] of Object.entries(FILTERS)) {
        // A frozen-at range this dataset holds is narrow (under 2,000 cases): under another sort it
        // is read from the frozen-at index and its few rows sorted, on purpose (queries.ts narrowRange).
        const bounded = name === 'frozenRange' && sort !== 'frozenAt';
        it(`${sort} ${dir}, filter ${name}: ${bounded ? 'the range read and sorted' : 'no sort step'}, no OFFSET, pages chain`, async () => {
          const filter = name === 'owner' ? { owner: someOwner } : raw;
          // Small pages, so even a short queue has a second page to chain to.
          const p = await pageTwice(t, 'agent', 'frozen:list', { sort, dir, limit: 3, filter });
          expect(p.sql).not.toMatch(/offset/i);
          if (bounded)
            expect(p.plan).toMatch(/SEARCH fc USING INDEX freeze_cases_by_frozen \(frozen_at>\? AND frozen_at<\?\)/);
          else expect(p.plan).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
          expect(p.paged).toEqual(p.both);
        });
      }
    }
  }

  it('free text finds a case by account number, phone tail and name', async () => {
    const row = t.sqlite
      .prepare(
        `SELECT fc.id, a.account_no, c.phone, c.name_zh, c.name_en FROM freeze_cases fc
         JOIN accounts a ON a.id = fc.account_id JOIN customers c ON c.id = a.customer_id LIMIT 1`,
      )
      .get() as { id: number; account_no: string; phone: string; name_zh: string; name_en: string };
    for (const q of [row.account_no, row.phone.slice(7), row.name_zh, row.name_en.split(' ')[0].toLowerCase()]) {
      const res = await t.call('agent', 'frozen:list', {
        sort: 'slaDue',
        dir: 'asc',
        limit: 100,
        after: null,
        filter: { q },
      });
      const ids = (res as { data: { rows: { id: number }[] } }).data.rows.map((r) => r.id);
      expect(ids, q).toContain(row.id);
    }
  });

  it('counts the cases matching the filter', async () => {
    const res = await t.call('agent', 'frozen:list', {
      sort: 'slaDue',
      dir: 'asc',
      limit: 10,
      after: null,
      withTotal: true,
      filter: { risk: 'high' },
    });
    const n = (t.sqlite.prepare("SELECT count(*) AS n FROM freeze_cases WHERE risk = 'high'").get() as { n: number }).n;
    expect(res).toMatchObject({ ok: true, data: { total: n } });
  });
});
