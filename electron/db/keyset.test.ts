import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_SORTS, TRANSACTION_SORTS } from '../../shared/contract/customers';
import { generateDataset } from '../seed/generate';
import { appendAuditSync } from './audit';
import { makeTestConsole, type TestConsole } from '../test/harness';

let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole();
  await generateDataset(t.sqlite, { scale: 'demo', seed: 3, anchor: new Date('2026-11-01T00:00:00Z') });
  await t.signInAs('admin', 'admin');
  for (let i = 0; i < 150; i++) {
    appendAuditSync(t.sqlite, {
      at: new Date().toISOString(),
      operatorId: null,
      operatorRole: null,
      action: 'test.event',
      entityType: 'test',
      entityId: i,
      host: 'system',
    });
  }
});
afterAll(() => t.close());

async function captureSql(run: () => Promise<unknown>) {
  t.queries.length = 0;
  await run();
  return [...t.queries];
}

function plan(sql: string, params: readonly unknown[]): string {
  return (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join('\n');
}

describe('grid queries use keyset pagination on an index', () => {
  const cases = [
    ...TRANSACTION_SORTS.map((sort) => ({ channel: 'transactions:list', sort })),
    ...CUSTOMER_SORTS.map((sort) => ({ channel: 'customers:list', sort })),
    { channel: 'audit:list', sort: 'id' },
  ];
  for (const { channel, sort } of cases) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`${channel} by ${sort} ${dir}: no sort step, no OFFSET, pages chain without gaps`, async () => {
        const first = await t.call('admin', channel, { sort, dir, limit: 50, after: null });
        expect(first.ok).toBe(true);
        const page1 = (first as { data: { rows: { id: number }[]; next: unknown } }).data;
        const queries = await captureSql(() => t.call('admin', channel, { sort, dir, limit: 50, after: page1.next }));
        const select = queries.find((q) => /order by/i.test(q.sql))!;
        expect(select).toBeTruthy();
        expect(select.sql).not.toMatch(/offset/i);
        const p = plan(select.sql, select.params);
        expect(p).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
        expect(p).toMatch(/USING (INDEX|INTEGER PRIMARY KEY|COVERING INDEX)/);
        const second = await t.call('admin', channel, { sort, dir, limit: 50, after: page1.next });
        const both = await t.call('admin', channel, { sort, dir, limit: 100, after: null });
        const ids = (r: unknown) => (r as { data: { rows: { id: number }[] } }).data.rows.map((x) => x.id);
        expect([...ids(first), ...ids(second)]).toEqual(ids(both));
      });
    }
  }
});

describe('customers:list filters', () => {
  type Rows = { data: { rows: { nameZh: string; nameEn: string; phoneMasked: string; segment: string }[] } };
  const list = (filter: Record<string, unknown>, sort = 'registeredAt') =>
    t.call('admin', 'customers:list', { sort, dir: 'desc', limit: 200, after: null, filter }) as Promise<Rows>;

  for (const sort of CUSTOMER_SORTS) {
    it(`by segment, sorted by ${sort}: only that segment, no sort step`, async () => {
      const queries = await captureSql(() => list({ segment: 'premium' }, sort));
      const rows = (await list({ segment: 'premium' }, sort)).data.rows;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.segment === 'premium')).toBe(true);
      const select = queries.find((q) => /order by/i.test(q.sql))!;
      expect(plan(select.sql, select.params)).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    });
  }

  it('by search text: a name prefix, a phone tail; a record number matches no customer', async () => {
    const some = (await list({})).data.rows[0];
    const byName = (await list({ q: some.nameZh.slice(0, 2) })).data.rows;
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((r) => r.nameZh.startsWith(some.nameZh.slice(0, 2)))).toBe(true);
    const tail = some.phoneMasked.slice(-4);
    const byTail = (await list({ q: tail })).data.rows;
    expect(byTail.every((r) => r.phoneMasked.endsWith(tail))).toBe(true);
    expect(byTail.length).toBeGreaterThan(0);
    expect((await list({ q: 'FC0000001' })).data.rows).toEqual([]);
  });

  it('never by a whole phone number: that is the audited lookup, not a list filter', async () => {
    const { phone } = t.sqlite.prepare('SELECT phone FROM customers LIMIT 1').get() as { phone: string };
    expect((await list({ q: phone })).data.rows).toEqual([]);
  });
});

describe('a cursor belongs to the sort and filter it was made under', () => {
  const first = async (input: Record<string, unknown>) => {
    const res = await t.call('admin', 'customers:list', { limit: 50, after: null, ...input });
    if (!res.ok) throw new Error(res.error.code);
    return (res.data as { next: { key: string } }).next;
  };

  it('is refused under another sort, direction or filter, and accepted under its own', async () => {
    const next = await first({ sort: 'nameEn', dir: 'asc' });
    const under = (input: Record<string, unknown>) =>
      t.call('admin', 'customers:list', { limit: 50, after: next, ...input });
    expect(await under({ sort: 'balance', dir: 'asc' })).toMatchObject({ error: { code: 'CURSOR_MISMATCH' } });
    expect(await under({ sort: 'nameEn', dir: 'desc' })).toMatchObject({ error: { code: 'CURSOR_MISMATCH' } });
    expect(await under({ sort: 'nameEn', dir: 'asc', filter: { kycLevel: 2 } })).toMatchObject({
      error: { code: 'CURSOR_MISMATCH' },
    });
    expect(await under({ sort: 'nameEn', dir: 'asc', skip: 200 })).toMatchObject({ ok: true });
    // A cursor with its key changed by hand is refused too.
    expect(
      await t.call('admin', 'customers:list', { sort: 'nameEn', dir: 'asc', limit: 50, after: { ...next, key: 'x' } }),
    ).toMatchObject({
      error: { code: 'CURSOR_MISMATCH' },
    });
  });
});
