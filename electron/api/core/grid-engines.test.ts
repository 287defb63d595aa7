import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySqliteToPostgres } from '../../db/postgres/copy';
import { openPostgres } from '../../db/postgres/engine';
import { generateDataset } from '../../seed/generate';
import { freshPostgresDatabase, PG_SKIP_REASON, postgresHost, TEST_PG } from '../../test/engines';
import { GRID_FILTERS } from '../../test/grid-filters';
import { makeTestConsole, type TestConsole } from '../../test/harness';

/**
 * Every grid's sort × filter pair reads the same two pages on both engines, from the same data
 * (a demo dataset copied into PostgreSQL as `npm run db:copy` copies a desk). SQLite-only SQL in
 * a filter, such as `+column` on a text or time column, is refused by PostgreSQL's parser, and
 * only shows for the filter and sort that write it: a read sweep with default inputs misses it.
 */
const NOW = new Date('2026-11-01T00:00:00.000Z');
type PageOut = { ok: true; data: { rows: { id: number }[]; next: unknown } } | { ok: false; error: { code: string } };
type Console = Pick<TestConsole, 'call' | 'signInAs'>;

describe.skipIf(!TEST_PG)(`grids on SQLite and PostgreSQL${TEST_PG ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let desk: TestConsole;
  let team: Awaited<ReturnType<typeof postgresHost>>;
  let dropTeam: () => Promise<void>;
  const owner = { id: 0 };

  beforeAll(async () => {
    desk = makeTestConsole({ now: () => NOW });
    await generateDataset(desk.sqlite, { scale: 'demo', seed: 5, anchor: NOW });
    const database = await freshPostgresDatabase();
    dropTeam = database.drop;
    const engine = await openPostgres(database.url, { poolSize: 1 });
    await copySqliteToPostgres(desk.sqlite, engine);
    await engine.close();
    team = await postgresHost(database.url, { now: () => NOW });
    // The same operators in the same order on both, so their ids (and "mine") agree.
    for (const c of [desk, team] as Console[])
      for (const role of ['agent', 'supervisor', 'admin'] as const) await c.signInAs(role, role);
    owner.id = (
      desk.sqlite
        .prepare('SELECT owner_id AS id FROM freeze_cases WHERE owner_id IS NOT NULL GROUP BY owner_id LIMIT 1')
        .get() as { id: number }
    ).id;
  }, 180_000);
  afterAll(async () => {
    desk?.close();
    await team?.close();
    await dropTeam?.();
  });

  /** The first two pages' ids as the grid reads them (the second by the first's cursor), or the error code. */
  async function twoPages(c: Console, role: string, channel: string, input: Record<string, unknown>) {
    const first = (await c.call(role, channel, { ...input, after: null })) as PageOut;
    if (!first.ok) return first.error.code;
    const ids = first.data.rows.map((r) => r.id);
    if (first.data.next === null) return ids;
    const second = (await c.call(role, channel, { ...input, after: first.data.next })) as PageOut;
    return second.ok ? [...ids, ...second.data.rows.map((r) => r.id)] : second.error.code;
  }

  for (const grid of GRID_FILTERS) {
    it(`${grid.channel}: every sort and filter pages alike on both engines`, async () => {
      const differ: string[] = [];
      let rows = 0;
      for (const sort of grid.sorts)
        for (const dir of ['asc', 'desc'] as const)
          for (const [name, raw] of Object.entries(grid.filters)) {
            const filter = raw.owner === 0 ? { ...raw, owner: owner.id } : raw;
            const input = { sort, dir, limit: 5, filter };
            const onDesk = await twoPages(desk, grid.role, grid.channel, input);
            const onTeam = await twoPages(team, grid.role, grid.channel, input);
            if (JSON.stringify(onDesk) !== JSON.stringify(onTeam))
              differ.push(
                `${sort} ${dir} ${name}: sqlite ${JSON.stringify(onDesk)} postgres ${JSON.stringify(onTeam)}`,
              );
            if (Array.isArray(onDesk)) rows += onDesk.length;
          }
      expect(differ).toEqual([]);
      // Not a sweep of empty pages: the demo data gives most pairs rows.
      expect(rows).toBeGreaterThan(0);
    }, 120_000);
  }
});
