import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestConsole, type TestConsole } from '../test/harness';

let t: TestConsole;
beforeAll(async () => {
  // The counting thread runs from its TypeScript source here, as the built app runs its bundle.
  process.env.WALLET_OPS_TS_WORKER = '1';
  t = makeTestConsole();
  await t.signInAs('agent', 'agent');
});
afterAll(() => {
  delete process.env.WALLET_OPS_TS_WORKER;
  t.close();
});

/** A customer and their account, as the Customers grid lists them. */
function customer(id: number, segment: string) {
  t.sqlite
    .prepare(
      `INSERT INTO customers (id, name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at)
       VALUES (?, '王芳', 'Fang Wang', ?, '4321', 2, ?, '2026-01-01T00:00:00.000Z')`,
    )
    .run(id, `138000000${String(id).padStart(2, '0')}`, segment);
  t.sqlite
    .prepare(
      `INSERT INTO accounts (id, account_no, customer_id, currency, balance_minor, status)
       VALUES (?, ?, ?, 'CNY', 0, 'active')`,
    )
    .run(id, `6200000000${String(id).padStart(2, '0')}`, id);
}

describe('grid totals on the counting thread', () => {
  it('counts on its own connection, not the main one, and sees each committed change', async () => {
    const total = async (filter: Record<string, unknown>) =>
      (
        await t.ok('agent', 'customers:list', {
          sort: 'registeredAt',
          dir: 'desc',
          limit: 10,
          after: null,
          withTotal: true,
          filter,
        })
      ).total;
    customer(1, 'standard');
    customer(2, 'premium');
    t.queries.length = 0;
    expect(await total({})).toBe(2);
    expect(await total({ segment: 'premium' })).toBe(1);
    // The page was read here; the totals were not (main's statements are all recorded).
    expect(t.queries.some((q) => /from "customers"/.test(q.sql))).toBe(true);
    expect(t.queries.some((q) => /count\(\*\)/i.test(q.sql))).toBe(false);
    customer(3, 'premium');
    expect(await total({ segment: 'premium' })).toBe(2);
  });
});
