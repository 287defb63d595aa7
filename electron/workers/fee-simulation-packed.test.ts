import { afterEach, describe, expect, it } from 'vitest';
import { makeTestConsole, type TestConsole } from '../test/harness';
import { OP_CH, type WindowRow } from './fee-simulation-core';
import { packedWindow } from './fee-simulation-packed';

describe('the simulation window packed a row an integer', () => {
  let t: TestConsole;
  afterEach(() => t.close());

  it('unpacks to the rows of the four-column scan, in its order, amounts too large to pack included', () => {
    t = makeTestConsole();
    const db = t.sqlite;
    const accounts = [1, 2, 3];
    for (const id of accounts) {
      db.prepare(
        "INSERT INTO customers (id, name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at) VALUES (?, '张伟', 'Zhang Wei', ?, '1234', 2, 'standard', '2025-01-01T00:00:00.000Z')",
      ).run(id, `1380000000${id}`);
      db.prepare(
        "INSERT INTO accounts (id, account_no, customer_id, currency, balance_minor, status) VALUES (?, ?, ?, 'CNY', 0, 'active')",
      ).run(id, `62000000000${id}`, id);
    }
    const ops = [
      ['top_up', 'bank'],
      ['payment', 'in_app'],
      ['cross_border', 'bank'],
      ['fx_conversion', 'in_app'],
    ];
    // With 2^26 accounts only 21 bits are left for the amount: up to ¥20,971.51 packs, and
    // the ¥50,000 and ¥2,000,000 payments must come from the second statement.
    const amounts = [1, 999, 2_097_150, 2_097_151, 5_000_000, 200_000_000];
    const statuses = ['settled', 'pending', 'failed'];
    let id = 0;
    for (let i = 0; i < 60; i++) {
      const [operation, channel] = ops[i % ops.length];
      id++;
      db.prepare(
        `INSERT INTO transactions (id, txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status,
           payment_method, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, 'CNY', ?, 'balance', ?)`,
      ).run(
        id,
        `T${id}`,
        accounts[i % 3],
        operation,
        channel,
        amounts[i % amounts.length],
        statuses[i % 4 === 3 ? 1 : i % 7 === 6 ? 2 : 0],
        // Pairs of rows share their instant, so the order's later columns decide.
        new Date(Date.UTC(2026, 9, 1) + Math.floor(i / 2) * 3_600_000).toISOString(),
      );
    }
    // One account's rows at one instant, written out of order: its operations, whose index
    // order is not their names' order, and within one operation amount then pending first.
    const ties: [string, string, number, string][] = [
      ['payment', 'in_app', 500, 'settled'],
      ['cross_border', 'bank', 700, 'settled'],
      ['payment', 'in_app', 300, 'settled'],
      ['top_up', 'bank', 900, 'pending'],
      ['payment', 'in_app', 300, 'pending'],
    ];
    for (const [operation, channel, amount, status] of ties) {
      id++;
      db.prepare(
        `INSERT INTO transactions (id, txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status,
           payment_method, created_at) VALUES (?, ?, 2, ?, ?, ?, 0, 'CNY', ?, 'balance', '2026-10-01T10:30:00.000Z')`,
      ).run(id, `T${id}`, operation, channel, amount, status);
    }
    const from = '2026-10-01T03:00:00.000Z';
    const to = '2026-10-02T04:00:00.000Z';
    // The columns themselves, from the table, in the order the index's expressions give.
    const columns = db
      .prepare(
        `SELECT account_id, ${OP_CH}, amount_minor, CASE WHEN status = 'settled' THEN 1 ELSE 0 END
         FROM transactions NOT INDEXED
         WHERE created_at >= ? AND created_at < ? AND status IN ('settled', 'pending')
         ORDER BY created_at, account_id, ${OP_CH}, amount_minor, status`,
      )
      .raw();
    const expected = columns.all(from, to) as WindowRow[];
    expect(expected.length).toBeGreaterThan(30);
    expect(columns.all('2026-10-01T10:30:00.000Z', '2026-10-01T10:31:00.000Z')).toEqual([
      [2, 0, 900, 0],
      [2, 7, 300, 0],
      [2, 7, 300, 1],
      [2, 7, 500, 1],
      [2, 16, 700, 1],
    ]);
    expect(expected.some(([, , amount]) => amount > 2_097_151)).toBe(true);

    for (const maxAccount of [3, 2 ** 26 - 1]) {
      const window = packedWindow(db, maxAccount);
      const got: WindowRow[] = [];
      for (const packed of window.rows(from, to))
        window.feed(packed, (account, opCh, amount, settled) => got.push([account, opCh, amount, settled]));
      expect(got).toEqual(expected);
    }
  });

  it('refuses more accounts than leave room for an amount', () => {
    t = makeTestConsole();
    expect(() => packedWindow(t.sqlite, 2 ** 30)).toThrow('too many accounts');
  });
});
