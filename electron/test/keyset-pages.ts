import type { TestConsole } from './harness';

type Page = { data: { rows: { id: number }[]; next: unknown } };

/**
 * Reads a keyset-paged list as the grid does: a first page, then the next one by its cursor
 * when there is one. Returns the rows of both in order, the rows of one page twice the size
 * (what the two must add up to), and the SQL and plan of the query that read the last page.
 */
export async function pageTwice(
  t: TestConsole,
  client: string,
  channel: string,
  input: { limit: number } & Record<string, unknown>,
) {
  const ids = (r: unknown) => (r as Page).data.rows.map((x) => x.id);
  const query = () => t.queries.find((q) => /order by/i.test(q.sql))!;
  t.queries.length = 0;
  const first = await t.call(client, channel, { ...input, after: null });
  if (!first.ok) throw new Error(`${channel}: ${JSON.stringify(first)}`);
  let select = query();
  let rest: number[] = [];
  const next = (first as unknown as Page).data.next;
  if (next !== null) {
    t.queries.length = 0;
    rest = ids(await t.call(client, channel, { ...input, after: next }));
    select = query();
  }
  const both = ids(await t.call(client, channel, { ...input, after: null, limit: input.limit * 2 }));
  const plan = (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${select.sql}`).all(...select.params) as { detail: string }[])
    .map((r) => r.detail)
    .join('\n');
  return { paged: [...ids(first), ...rest], both, sql: select.sql, plan };
}
