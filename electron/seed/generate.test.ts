import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculateFee, type FeeRuleDefinition } from '../../shared/domain/fees';
import { verifyChain } from '../db/audit';
import { listViolations } from '../test/dataset-invariants';
import { makeTestConsole, type TestConsole } from '../test/harness';
import { businessMonth } from './fees';
import { generateDataset } from './generate';

const anchor = new Date('2026-11-01T00:00:00Z');
let a: TestConsole;
let b: TestConsole;
beforeAll(async () => {
  a = makeTestConsole();
  b = makeTestConsole();
  await generateDataset(a.sqlite, { scale: 'demo', seed: 42, anchor });
  await generateDataset(b.sqlite, { scale: 'demo', seed: 42, anchor });
});
afterAll(() => {
  a.close();
  b.close();
});

const digest = (t: TestConsole, table: string, cols: string) =>
  t.sqlite
    .prepare(`SELECT count(*) AS n, total(length(${cols.split(',').join(') + length(')})) AS l FROM ${table}`)
    .get();

describe('the demo generator', () => {
  it('is deterministic: the same seed and anchor give the same rows', () => {
    for (const [table, cols] of [
      ['customers', 'name_zh,phone,registered_at'],
      ['transactions', 'txn_no,amount_minor,fee_minor,created_at'],
      ['refund_requests', 'refund_no,amount_minor,status'],
      ['freeze_cases', 'case_no,reason,evidence_json'],
      ['contacts', 'external_id,started_at,outcome'],
    ]) {
      expect(digest(a, table, cols), table).toEqual(digest(b, table, cols));
    }
    const sample = 'SELECT * FROM transactions WHERE id % 997 = 0 ORDER BY id';
    expect(a.sqlite.prepare(sample).all()).toEqual(b.sqlite.prepare(sample).all());
  });

  it('obeys the dataset invariants: balances, held refund amounts, rollups and the audit chain', async () => {
    expect(await listViolations(a.sqlite)).toEqual([]);
  });

  it('prices every transaction with the fee code and the seeded schedule, per segment and business month', () => {
    const rules = new Map(
      (
        a.sqlite
          .prepare(
            `SELECT r.operation, r.channel, r.segment, r.definition_json FROM fee_rules r
             JOIN fee_schedule_versions v ON v.id = r.version_id WHERE v.status = 'active'`,
          )
          .all() as { operation: string; channel: string; segment: string; definition_json: string }[]
      ).map((r) => [`${r.operation}|${r.channel}|${r.segment}`, JSON.parse(r.definition_json) as FeeRuleDefinition]),
    );
    const monthOf = businessMonth(a.sqlite);
    // Replay each account's settled history in order, tracking month-to-date usage as the app does.
    const rows = a.sqlite
      .prepare(
        `SELECT t.account_id, t.operation, t.channel, t.amount_minor, t.fee_minor, t.created_at, t.status, c.segment
         FROM transactions t JOIN accounts ac ON ac.id = t.account_id JOIN customers c ON c.id = ac.customer_id
         WHERE t.counterparty IS NOT 'CLOSURE_PAYOUT' ORDER BY t.account_id, t.created_at, t.id`,
      )
      .all() as {
      account_id: number;
      operation: string;
      channel: string;
      amount_minor: number;
      fee_minor: number;
      created_at: string;
      status: string;
      segment: string;
    }[];
    let account = -1;
    let usage = new Map<string, { month: string; count: number; amountMinor: number }>();
    let checked = 0;
    for (const r of rows) {
      if (r.account_id !== account) {
        account = r.account_id;
        usage = new Map();
      }
      const key = `${r.operation}|${r.channel}`;
      const month = monthOf(r.created_at);
      let u = usage.get(key);
      if (!u || u.month !== month) usage.set(key, (u = { month, count: 0, amountMinor: 0 }));
      const def = rules.get(`${key}|${r.segment}`);
      if (!def) continue;
      const expected = calculateFee(def, r.amount_minor, r.created_at, u).feeMinor;
      if (r.status === 'settled') {
        u.count++;
        u.amountMinor += r.amount_minor;
      }
      expect(r.fee_minor, `${key} ${r.amount_minor}`).toBe(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(20_000);
  });

  it('covers every operation, channel mix, contact channel and category, and writes an intact audit chain', async () => {
    const ops = a.sqlite.prepare('SELECT DISTINCT operation FROM transactions').all();
    expect(ops.length).toBe(6);
    const categories = a.sqlite.prepare('SELECT DISTINCT category FROM contacts').all();
    expect(categories.length).toBe(13);
    const channels = a.sqlite.prepare('SELECT DISTINCT channel FROM contacts').all();
    expect(channels.length).toBe(4);
    expect((await verifyChain(a.sqlite)).intact).toBe(true);
  });

  it('fills the contact rollup consistently with the contacts', () => {
    const fromContacts = a.sqlite
      .prepare("SELECT count(*) AS n, sum(outcome = 'abandoned') AS ab, sum(queue_seconds) AS q FROM contacts")
      .get();
    const fromRollup = a.sqlite
      .prepare('SELECT sum(contacts) AS n, sum(abandoned) AS ab, sum(queue_seconds) AS q FROM contact_rollup')
      .get();
    expect(fromRollup).toEqual(fromContacts);
  });
});
