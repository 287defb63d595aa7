import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculateFee, type FeeRuleDefinition } from '../../shared/domain/fees';
import { verifyChain } from '../db/audit';
import { appendAuditSync } from '../db/audit';
import { DATASET_CHECKS, listViolations, type DatasetCheck } from '../test/dataset-invariants';
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
  // The same dataset with its contacts made on a second thread (npm run seed's way).
  await generateDataset(b.sqlite, { scale: 'demo', seed: 42, anchor, contactsThread: true });
}, 120_000);
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

  it('makes the same contacts and rollups on a second thread as on this one, and leaves no side file', () => {
    for (const table of ['contacts', 'contact_rollup', 'contact_rollup_day', 'contact_rollup_hour']) {
      // The rollups are WITHOUT ROWID tables: a plain scan reads them in key order.
      const order = table === 'contacts' ? 'ORDER BY id' : '';
      const rows = (t: TestConsole) => t.sqlite.prepare(`SELECT * FROM ${table} ${order}`).all();
      const these = rows(a);
      expect(these.length, table).toBeGreaterThan(1_000);
      expect(rows(b), table).toEqual(these);
    }
    expect(fs.readdirSync(b.dir)).not.toContain('test.db.contacts-seed');
  });

  it('covers every service-case kind, deterministically, through the rules the handlers use', () => {
    const kinds = (t: TestConsole) =>
      t.sqlite.prepare('SELECT kind, status, case_no, summary, sla_due_at FROM service_cases ORDER BY id').all() as {
        kind: string;
        status: string;
      }[];
    expect(kinds(a)).toEqual(kinds(b));
    const has = (sql: string) => (a.sqlite.prepare(sql).get() as { n: number }).n;
    expect(has("SELECT count(*) AS n FROM complaint_details WHERE regulator = 'pboc_12363'")).toBeGreaterThan(0);
    expect(
      has(
        `SELECT count(*) AS n FROM service_cases WHERE kind = 'complaint' AND active = 1 AND sla_due_at < '${anchor.toISOString()}'`,
      ),
    ).toBeGreaterThan(0);
    expect(has('SELECT count(*) AS n FROM complaint_details WHERE outcome IS NOT NULL')).toBeGreaterThan(0);
    expect(has('SELECT count(*) AS n FROM fake_numbers')).toBeGreaterThan(0);
    expect(has('SELECT count(*) AS n FROM flagged_payees')).toBeGreaterThan(0);
    expect(has("SELECT count(*) AS n FROM service_cases WHERE kind = 'closure' AND status = 'awaiting_approval'")).toBe(
      1,
    );
    expect(has("SELECT count(*) AS n FROM service_cases WHERE kind = 'closure' AND status = 'cooling_off'")).toBe(1);
    const identity = a.sqlite
      .prepare(
        `SELECT r.action, sc.status FROM identity_requests r JOIN service_cases sc ON sc.id = r.case_id ORDER BY sc.id`,
      )
      .all();
    expect(identity).toEqual([
      { action: 'unlock', status: 'open' },
      { action: 'unlock', status: 'resolved' },
      { action: 'password_reset', status: 'resolved' },
      { action: 'device_unbind', status: 'awaiting_approval' },
    ]);
    // A locked-out customer waits for a call-back with no case yet; the resolved unlock cleared its lock.
    expect(has('SELECT count(*) AS n FROM customers WHERE login_locked_at IS NOT NULL')).toBe(2);
  });

  it('obeys every dataset invariant at the demo scale', async () => {
    expect(await listViolations(a.sqlite, { now: anchor })).toEqual([]);
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
         WHERE t.txn_no NOT LIKE 'PO%' ORDER BY t.account_id, t.created_at, t.id`,
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

describe('the dataset invariants', () => {
  it('hold at a `large`-shaped scale: its history cases, freeze rate and contacts per customer, at 6% of its rows', async () => {
    const l = makeTestConsole();
    try {
      const size = { customers: 6_000, transactions: 60_000, contacts: 60_000 };
      const at = new Date('2027-03-15T09:30:00Z');
      const summary = await generateDataset(l.sqlite, { scale: 'large', seed: 5, anchor: at, size });
      expect(summary.freezeCases).toBeGreaterThan(1_200);
      expect(await listViolations(l.sqlite, { now: at })).toEqual([]);
    } finally {
      l.close();
    }
  }, 300_000);

  // Each check, shown to fail: one rule broken by hand (in a savepoint, undone after) and that check reports it.
  const first = (sql: string) => `(SELECT id FROM (${sql}) LIMIT 1)`;
  const breaches: [check: DatasetCheck, breakIt: (t: TestConsole) => void][] = [
    ['afterNow', (t) => t.sqlite.exec("UPDATE customers SET registered_at = '2030-01-01T00:00:00.000Z' WHERE id = 1")],
    [
      'beforeRegistration',
      (t) => t.sqlite.exec("UPDATE customers SET registered_at = '2026-10-31T23:59:00.000Z' WHERE id = 1"),
    ],
    [
      'auditOrder',
      (t) =>
        appendAuditSync(t.sqlite, {
          at: '2020-01-01T00:00:00.000Z',
          operatorId: null,
          operatorRole: null,
          action: 'test.late',
          entityType: 'database',
          entityId: null,
          host: 'system',
        }),
    ],
    [
      'freezeBlocks',
      (t) =>
        t.sqlite.exec(
          `UPDATE freeze_cases SET frozen_at = '2026-05-01T00:00:00.000Z' WHERE id = ${first(
            "SELECT f.id FROM freeze_cases f JOIN transactions x ON x.account_id = f.account_id WHERE f.active = 1 AND x.operation <> 'top_up' AND x.status = 'settled' AND x.created_at > '2026-05-02'",
          )}`,
        ),
    ],
    [
      'freezeEvidence',
      (t) =>
        t.sqlite.exec(
          `UPDATE freeze_cases SET frozen_at = '2026-10-31T23:00:00.000Z' WHERE id = ${first('SELECT case_id AS id FROM freeze_case_transactions')}`,
        ),
    ],
    [
      // A case whose balance was paid out turned judicial: that payout is a judicial debit.
      'judicialDebits',
      (t) =>
        t.sqlite.exec(
          `UPDATE freeze_cases SET reason = 'judicial' WHERE id = ${first(
            "SELECT f.id FROM freeze_cases f JOIN transactions x ON x.txn_no LIKE 'PO' || f.case_no || '%'",
          )}`,
        ),
    ],
    ['caseFourEyes', (t) => t.sqlite.exec("UPDATE freeze_cases SET checker_id = NULL WHERE status = 'closed'")],
    [
      // The payout approved by someone who may not approve: no four-eyes on the money that left.
      'caseFourEyes',
      (t) =>
        t.sqlite.exec(
          `UPDATE operators SET role = 'agent' WHERE id IN (SELECT operator_id FROM audit_events
             WHERE action = 'freeze.approved' AND json_extract(after_json, '$.decision') = 'payout')`,
        ),
    ],
    [
      'refundFourEyes',
      (t) =>
        t.sqlite.exec(
          `UPDATE refund_requests SET first_approver_id = (SELECT id FROM operators WHERE username = 'agent')
           WHERE id = ${first("SELECT id FROM refund_requests WHERE status = 'pending'")}`,
        ),
    ],
    [
      'decisionsAudited',
      (t) =>
        t.sqlite.exec(
          `UPDATE freeze_cases SET decision = 'escalate' WHERE id = ${first("SELECT id FROM freeze_cases WHERE status = 'open'")}`,
        ),
    ],
    [
      'slaShare',
      (t) => t.sqlite.exec("UPDATE freeze_cases SET sla_due_at = '2026-01-01T00:00:00.000Z' WHERE active = 1"),
    ],
    [
      'limitSides',
      (t) =>
        t.sqlite.exec(
          "UPDATE refund_requests SET status = 'cancelled' WHERE status = 'pending' AND amount_minor > 50000",
        ),
    ],
    ['roster', (t) => t.sqlite.exec("UPDATE operators SET disabled = 1 WHERE role = 'agent' AND id % 2 = 0")],
  ];
  it.each(breaches)('%s reports a row that breaks it', async (check, breakIt) => {
    const run = () => DATASET_CHECKS[check](a.sqlite, anchor.toISOString());
    expect(await run()).toEqual([]);
    a.sqlite.exec('SAVEPOINT breach');
    try {
      breakIt(a);
      expect((await run()).length).toBeGreaterThan(0);
    } finally {
      a.sqlite.exec('ROLLBACK TO breach; RELEASE breach');
    }
  });
});
