import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../seed/generate';
import { makeTestConsole, type TestConsole } from '../../test/harness';

let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole();
  await generateDataset(t.sqlite, { scale: 'demo', seed: 9, anchor: new Date('2026-11-01T00:00:00Z') });
  await t.signInAs('agent', 'agent');
}, 120_000);
afterAll(() => t.close());

/** Whether a total was counted again since `from` (the page queries' own subqueries count too, so the outer select). */
const counted = (table: string, from: number) =>
  t.queries.slice(from).some((q) => new RegExp(`^select count\\(\\*\\) as "n" from "${table}"`, 'i').test(q.sql));

const SORTS = {
  'customers:list': 'registeredAt',
  'transactions:list': 'createdAt',
  'frozen:list': 'slaDue',
  'refunds:list': 'requestedAt',
} as const;
const totalOf = async (channel: keyof typeof SORTS, filter: object) =>
  (
    await t.ok('agent', channel, {
      sort: SORTS[channel],
      dir: 'desc',
      limit: 5,
      after: null,
      withTotal: true,
      filter,
    })
  ).total;

describe('the cached grid totals', () => {
  it('are kept through writes that cannot change them: a sign-in, a balance moving', async () => {
    const grids = [
      ['customers:list', { status: 'frozen' }, 'customers'],
      ['transactions:list', {}, 'transactions'],
      ['frozen:list', { status: 'active' }, 'freeze_cases'],
      ['refunds:list', { status: 'open' }, 'refund_requests'],
    ] as const;
    const before = await Promise.all(grids.map(([channel, filter]) => totalOf(channel, filter)));
    const from = t.queries.length;
    await t.signInAs('agent-2', 'agent'); // an operator row and an audit event
    t.sqlite.prepare('UPDATE accounts SET balance_minor = balance_minor + 1, version = version + 1 WHERE id = 1').run();
    for (const [i, [channel, filter]] of grids.entries()) expect(await totalOf(channel, filter)).toBe(before[i]);
    expect(grids.filter(([, , table]) => counted(table, from))).toEqual([]);
  });

  it('move when a row they count changes, on any connection', async () => {
    const frozen = (await totalOf('customers:list', { status: 'frozen' }))!;
    const active = t.sqlite.prepare("SELECT id FROM accounts WHERE status = 'active' LIMIT 1").get() as { id: number };
    t.sqlite.prepare("UPDATE accounts SET status = 'frozen', version = version + 1 WHERE id = ?").run(active.id);
    expect(await totalOf('customers:list', { status: 'frozen' })).toBe(frozen + 1);

    const ledger = (await totalOf('transactions:list', { accountId: active.id }))!;
    const other = new (await import('better-sqlite3')).default(t.file);
    other
      .prepare(
        `INSERT INTO transactions (txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status,
           payment_method, created_at, settled_at)
         VALUES ('T-COUNT-1', ?, 'top_up', 'bank', 100, 0, 'CNY', 'settled', 'bank_card:6222', ?, ?)`,
      )
      .run(active.id, '2026-10-31T00:00:00.000Z', '2026-10-31T00:00:01.000Z');
    other.close();
    expect(await totalOf('transactions:list', { accountId: active.id })).toBe(ledger + 1);

    // One row leaves each queue's filter, written on the console's connection outside its handlers.
    const moveOne = (table: string, set: string, from: string) =>
      t.sqlite
        .prepare(
          `UPDATE ${table} SET ${set}, version = version + 1 WHERE id = (SELECT min(id) FROM ${table} WHERE status = '${from}')`,
        )
        .run();
    const open = (await totalOf('refunds:list', { status: 'pending' }))!;
    moveOne('refund_requests', "status = 'rejected', reject_reason = 'duplicate_request'", 'pending');
    expect(await totalOf('refunds:list', { status: 'pending' })).toBe(open - 1);
    const cases = (await totalOf('frozen:list', { status: 'open' }))!;
    moveOne('freeze_cases', "status = 'in_review'", 'open');
    expect(await totalOf('frozen:list', { status: 'open' })).toBe(cases - 1);
  });

  it('a transaction is never deleted or moved to another account: the ledger refuses', () => {
    expect(() => t.sqlite.prepare('DELETE FROM transactions WHERE id = 1').run()).toThrow(/ledger/);
    expect(() => t.sqlite.prepare('UPDATE transactions SET account_id = account_id + 1 WHERE id = 1').run()).toThrow(
      /ledger/,
    );
  });
});
