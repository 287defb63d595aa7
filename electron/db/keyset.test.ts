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
