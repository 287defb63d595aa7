import type Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFreezeCase } from '../../test/freeze-builders';
import { openDatabase, schemaVersion } from '../open';
import { ACCOUNT_OP_CH, FEE_SCAN_ORDER, REPRICED } from '../fee-scan';
import { ROLLUP_REBUILD_KEY } from './0250-rollup-rebuild';
import { MIGRATIONS, type Migration } from './index';

/**
 * One test per migration, in the manner of Signal Desktop's migration tests: a database is
 * brought to the version before, filled with rows as that version knew them, migrated one
 * step, and then the rows and the new rules are checked.
 */
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function fileAt(version: number): { file: string; db: Database.Database } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-migration-'));
  dirs.push(dir);
  const file = path.join(dir, 'db.sqlite');
  return { file, db: openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= version) }) };
}

/** Fills the database at the version before `version`, migrates through `version`, and returns it. */
function migrate(version: number, fill: (db: Database.Database) => void): Database.Database {
  const previous = Math.max(0, ...MIGRATIONS.filter((m) => m.version < version).map((m) => m.version));
  const { file, db } = fileAt(previous);
  fill(db);
  db.close();
  const migrated = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= version) });
  expect(schemaVersion(migrated)).toBe(version);
  return migrated;
}

const T0 = '2026-01-05T08:00:00.000Z';
const all = (db: Database.Database, sql: string, ...params: unknown[]) => db.prepare(sql).all(...params);
const one = (db: Database.Database, sql: string, ...params: unknown[]) => db.prepare(sql).get(...params);
const hasIndex = (db: Database.Database, name: string) =>
  one(db, "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = ?", name);

/** Rows every later version knows: an operator, a customer with an account, a payment. */
function baseRows(db: Database.Database) {
  db.exec(`
    INSERT INTO operators (id, username, display_name, role, password_hash, created_at)
      VALUES (1, 'li', 'Li', 'agent', 'scrypt$16384$8$1$c2FsdA==$a2V5', '${T0}'),
             (2, 'wu', 'Wu', 'supervisor', 'scrypt$16384$8$1$c2FsdA==$a2V5', '${T0}');
    INSERT INTO customers (id, name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at)
      VALUES (1, '王芳', 'Fang Wang', '13800001234', '4321', 2, 'standard', '${T0}');
    INSERT INTO accounts (id, account_no, customer_id, currency, balance_minor, status)
      VALUES (1, '620000000001', 1, 'CNY', 50000, 'frozen');
    INSERT INTO transactions (id, txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status,
        merchant, payment_method, created_at, settled_at)
      VALUES (1, 'T00000000001', 1, 'payment', 'in_app', 10000, 0, 'CNY', 'settled', '星巴克', 'balance', '${T0}', '${T0}');
  `);
}

function freezeCase(db: Database.Database, id: number, status: string, reason = 'abnormal_login') {
  db.prepare(
    `INSERT INTO freeze_cases (id, case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at, sla_due_at)
     VALUES (?, ?, 1, ?, 'high', ?, 'R-1', '{}', ?, ?)`,
  ).run(id, `FC${String(id).padStart(7, '0')}`, reason, status, T0, '2026-01-05T12:00:00.000Z');
}

const MIGRATION_TESTS: Record<number, () => void> = {
  10: () => {
    const db = migrate(10, () => {});
    baseRows(db);
    expect(one(db, 'SELECT balance_minor FROM accounts WHERE id = 1')).toEqual({ balance_minor: 50000 });
    // Money is whole minor units, times are UTC text, refunds never pass the capture.
    expect(() => db.prepare('UPDATE accounts SET balance_minor = 1.5 WHERE id = 1').run()).toThrow();
    expect(() => db.prepare("UPDATE transactions SET created_at = '2026-01-05 08:00' WHERE id = 1").run()).toThrow();
    expect(() => db.prepare('UPDATE transactions SET refunded_minor = 10001 WHERE id = 1').run()).toThrow();
    db.close();
  },

  20: () => {
    const db = migrate(20, (d) => {
      baseRows(d);
      freezeCase(d, 1, 'open');
      freezeCase(d, 2, 'unfrozen');
      freezeCase(d, 3, 'in_review', 'judicial');
    });
    expect(all(db, 'SELECT id, active FROM freeze_cases ORDER BY id')).toEqual([
      { id: 1, active: 1 },
      { id: 2, active: 0 },
      { id: 3, active: 1 },
    ]);
    expect(() => db.prepare("UPDATE freeze_cases SET status = 'unfrozen' WHERE id = 3").run()).toThrow(/judicial/);
    expect(() => db.prepare("UPDATE freeze_cases SET status = 'unfrozen' WHERE id = 1").run()).toThrow(/four-eyes/);
    expect(hasIndex(db, 'freeze_cases_active_by_due')).toEqual({ n: 1 });
    db.close();
  },

  30: () => {
    const db = migrate(30, (d) => {
      baseRows(d);
      d.exec(`
        UPDATE transactions SET pending_refund_minor = 3000 WHERE id = 1;
        INSERT INTO refund_requests (id, refund_no, transaction_id, type, amount_minor, currency, reason, status, requested_by, requested_at)
          VALUES (1, 'RF00000001', 1, 'customer', 3000, 'CNY', 'duplicate', 'pending', 1, '${T0}');
      `);
    });
    // The request keeps its row and gains the merchant copied from its transaction.
    expect(one(db, 'SELECT status, merchant, amount_minor FROM refund_requests WHERE id = 1')).toEqual({
      status: 'pending',
      merchant: '星巴克',
      amount_minor: 3000,
    });
    expect(one(db, "SELECT value FROM settings WHERE key = 'refunds.windowDays'")).toBeTruthy();
    // From now on the database keeps the held amount itself, and refuses what passes the capture.
    db.prepare(
      `INSERT INTO refund_requests (refund_no, transaction_id, type, amount_minor, currency, reason, status, requested_by, requested_at)
       VALUES ('RF00000002', 1, 'customer', 2000, 'CNY', 'duplicate', 'pending', 1, ?)`,
    ).run(T0);
    expect(one(db, 'SELECT pending_refund_minor FROM transactions WHERE id = 1')).toEqual({
      pending_refund_minor: 5000,
    });
    expect(() =>
      db
        .prepare(
          `INSERT INTO refund_requests (refund_no, transaction_id, type, amount_minor, currency, reason, status, requested_by, requested_at)
           VALUES ('RF00000003', 1, 'customer', 6000, 'CNY', 'duplicate', 'pending', 1, ?)`,
        )
        .run(T0),
    ).toThrow();
    expect(() => db.prepare('UPDATE refund_requests SET first_approver_id = 1 WHERE id = 1').run()).toThrow(
      /four-eyes/,
    );
    db.close();
  },

  40: () => {
    const db = migrate(40, (d) => {
      baseRows(d);
      d.exec(`
        INSERT INTO fee_schedules (id, name, currency) VALUES (1, 'Standard', 'CNY');
        INSERT INTO fee_schedule_versions (id, schedule_id, version_no, status, effective_from, created_by, approved_by, created_at)
          VALUES (1, 1, 1, 'active', '${T0}', 2, NULL, '${T0}'), (2, 1, 2, 'draft', '${T0}', 1, NULL, '${T0}');
        INSERT INTO fee_rules (version_id, operation, channel, segment, definition_json)
          VALUES (1, 'payment', 'in_app', 'standard', '{"fixedMinor":100,"ratePpm":0,"tiers":[]}');
      `);
    });
    expect(all(db, 'SELECT id, status, based_on_id FROM fee_schedule_versions ORDER BY id')).toEqual([
      { id: 1, status: 'active', based_on_id: null },
      { id: 2, status: 'draft', based_on_id: null },
    ]);
    // The rules of a version in force can no longer change, and a second active version is refused.
    expect(() => db.prepare("UPDATE fee_rules SET definition_json = '{}' WHERE version_id = 1").run()).toThrow();
    expect(() => db.prepare("UPDATE fee_schedule_versions SET status = 'active' WHERE id = 2").run()).toThrow();
    db.close();
  },

  50: () => {
    const db = migrate(50, (d) => {
      baseRows(d);
      const contact = d.prepare(
        `INSERT INTO contacts (external_id, channel, category, outcome, started_at, queue_seconds, talk_seconds, account_id)
         VALUES (?, 'phone', 'refund', ?, ?, ?, 120, 1)`,
      );
      contact.run('C1', 'resolved', '2026-01-05T08:03:00.000Z', 12);
      contact.run('C2', 'abandoned', '2026-01-05T08:14:59.000Z', 40);
      contact.run('C3', 'escalated', '2026-01-05T08:15:00.000Z', 25);
    });
    // The rebuilt 15-minute rollup holds the contacts that were there, in their buckets.
    expect(
      all(db, 'SELECT bucket, contacts, answered, abandoned, answered_within_20s FROM contact_rollup ORDER BY bucket'),
    ).toEqual([
      { bucket: '2026-01-05T08:00:00.000Z', contacts: 2, answered: 1, abandoned: 1, answered_within_20s: 1 },
      { bucket: '2026-01-05T08:15:00.000Z', contacts: 1, answered: 1, abandoned: 0, answered_within_20s: 0 },
    ]);
    expect(one(db, 'SELECT count(*) AS n, count(import_id) AS imported FROM contacts')).toEqual({ n: 3, imported: 0 });
    expect(() => db.prepare("DELETE FROM contacts WHERE external_id = 'C1'").run()).toThrow(/append-only/);
    db.close();
  },

  60: () => {
    const db = migrate(60, baseRows);
    expect(hasIndex(db, 'customers_by_phone')).toEqual({ n: 1 });
    const plan = all(db, "EXPLAIN QUERY PLAN SELECT id FROM customers WHERE phone = '13800001234'") as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/customers_by_phone/);
    expect(one(db, "SELECT id FROM customers WHERE phone = '13800001234'")).toEqual({ id: 1 });
    db.close();
  },

  90: () => {
    const db = migrate(90, (d) => {
      baseRows(d);
      d.prepare(
        "INSERT INTO idempotency_keys (key, channel, operator_id, result_json, created_at) VALUES ('k-old', 'refunds:request', 1, '{\"id\":7}', ?)",
      ).run(T0);
    });
    // A key stored before keeps its result; its payload is unknown (null), so it stays bound to operator and channel.
    expect(
      one(db, "SELECT channel, operator_id, payload_hash, result_json FROM idempotency_keys WHERE key = 'k-old'"),
    ).toEqual({
      channel: 'refunds:request',
      operator_id: 1,
      payload_hash: null,
      result_json: '{"id":7}',
    });
    expect(() =>
      db
        .prepare(
          "INSERT INTO idempotency_keys (key, channel, operator_id, payload_hash, result_json, created_at) VALUES ('k2', 'x', 1, 'short', 'null', ?)",
        )
        .run(T0),
    ).toThrow();
    db.close();
  },

  100: () => {
    const db = migrate(100, (d) => {
      baseRows(d);
      d.exec(`
        INSERT INTO operators (id, username, display_name, role, password_hash, created_at, locked_until)
          VALUES (3, 'zhao', 'Zhao', 'agent', 'x', '${T0}', '2026-01-05T08:15:00.000Z');
        INSERT INTO sign_in_failures (operator_id, at) VALUES (1, '2026-01-05T07:58:00.000Z'), (1, '2026-01-05T07:59:00.000Z');
      `);
    });
    // Failures carry over per username; a lock-out keeps its end and counts as the threshold reached.
    expect(
      all(db, 'SELECT scope, subject, failures, last_failure_at, blocked_until FROM sign_in_throttle ORDER BY subject'),
    ).toEqual([
      { scope: 'user', subject: 'li', failures: 2, last_failure_at: '2026-01-05T07:59:00.000Z', blocked_until: null },
      {
        scope: 'user',
        subject: 'zhao',
        failures: 5,
        last_failure_at: '2026-01-05T08:00:00.000Z',
        blocked_until: '2026-01-05T08:15:00.000Z',
      },
    ]);
    expect(one(db, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'sign_in_failures'")).toEqual({ n: 0 });
    const columns = (all(db, 'PRAGMA table_info(operators)') as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('locked_until');
    expect(one(db, 'SELECT count(*) AS n FROM operators')).toEqual({ n: 3 });
    db.close();
  },

  110: () => {
    const db = migrate(110, (d) => {
      baseRows(d);
      freezeCase(d, 1, 'open', 'judicial');
    });
    expect(hasIndex(db, 'freeze_cases_by_reason_frozen')).toEqual({ n: 1 });
    const plan = all(
      db,
      "EXPLAIN QUERY PLAN SELECT id FROM freeze_cases WHERE reason = 'judicial' ORDER BY frozen_at, id LIMIT 10",
    ) as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).not.toMatch(/TEMP B-TREE/);
    expect(one(db, 'SELECT case_no FROM freeze_cases WHERE id = 1')).toEqual({ case_no: 'FC0000001' });
    db.close();
  },

  120: () => {
    type Made = ReturnType<typeof makeFreezeCase>;
    let judicial: Made, risk: Made, lifted: Made;
    const at = { frozenAt: T0 };
    const db = migrate(120, (d) => {
      baseRows(d);
      judicial = makeFreezeCase(d, { ...at, reason: 'judicial', balanceMinor: 294_990, card: true });
      risk = makeFreezeCase(d, { ...at, balanceMinor: 5_000, card: true, checks: [{ kind: 'phone', operatorId: 1 }] });
      lifted = makeFreezeCase(d, { ...at, status: 'unfrozen' });
      d.prepare("UPDATE accounts SET status = 'active' WHERE id = ?").run(lifted.accountId);
      d.prepare(
        `INSERT INTO refund_requests (refund_no, transaction_id, type, amount_minor, currency, reason, status, requested_at)
         SELECT 'RF1', id, 'customer', 100, 'CNY', 'duplicate', 'approved', ? FROM transactions
         WHERE account_id = ? AND payment_method LIKE 'bank_card:%'`,
      ).run(T0, judicial.accountId);
    });
    expect(one(db, 'SELECT count(*) AS n FROM freeze_cases')).toEqual({ n: 3 });
    expect(one(db, 'SELECT balance_minor FROM accounts WHERE id = ?', judicial!.accountId)).toEqual({
      balance_minor: 294_990,
    });
    expect(one(db, "SELECT status FROM refund_requests WHERE refund_no = 'RF1'")).toEqual({ status: 'approved' });
    // From now on the freeze rules (FREEZE_RULES) hold on the migrated rows too.
    const debit = (accountId: number, operation: string) =>
      db
        .prepare(
          `INSERT INTO transactions (txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status,
             payment_method, created_at) VALUES (?, ?, ?, 'bank', 100, 0, 'CNY', 'settled', 'balance', ?)`,
        )
        .run(`D${accountId}${operation}`, accountId, operation, T0);
    expect(() => debit(judicial!.accountId, 'withdrawal')).toThrow(/judicial freeze/);
    expect(() => debit(risk!.accountId, 'transfer')).toThrow(/approved payout/);
    expect(() => db.prepare("UPDATE refund_requests SET status = 'paid' WHERE refund_no = 'RF1'").run()).toThrow(
      /judicial freeze/,
    );
    expect(() => db.prepare("UPDATE freeze_cases SET status = 'closed' WHERE id = ?").run(judicial!.caseId)).toThrow(
      /judicial freeze/,
    );
    // A payout decision needs the identity checks the migrated risk case lacks.
    expect(() =>
      db
        .prepare(
          "UPDATE freeze_cases SET decision = 'payout', status = 'awaiting_second_approval', decision_reason = 'other', maker_id = 1 WHERE id = ?",
        )
        .run(risk!.caseId),
    ).toThrow(/identity checks/);
    // An account no freeze holds is untouched by the rules.
    debit(lifted!.accountId, 'payment');
    db.close();
  },

  130: () => {
    const db = migrate(130, (d) => {
      baseRows(d);
      freezeCase(d, 1, 'open');
    });
    expect(one(db, 'SELECT case_no, status FROM freeze_cases WHERE id = 1')).toEqual({
      case_no: 'FC0000001',
      status: 'open',
    });
    const request = (status: string) =>
      db
        .prepare(
          `INSERT INTO service_cases (case_no, kind, status, customer_id, account_id, summary, opened_by, opened_at, sla_due_at, maker_id)
           VALUES (?, 'judicial_freeze', ?, 1, 1, 'Court order', 1, ?, ?, 1)`,
        )
        .run(`JF${status}`, status, T0, T0).lastInsertRowid;
    // A kind starts only in its starting status, and a judicial request needs its order reference.
    expect(() => request('open')).toThrow(/starting status/);
    const jf = request('awaiting_approval');
    expect(() =>
      db
        .prepare(
          "INSERT INTO freeze_requests (case_id, account_id, freeze_type, reason) VALUES (?, 1, 'judicial', 'x')",
        )
        .run(jf),
    ).toThrow();
    // Four-eyes in SQL: the maker cannot approve, and approval needs the freeze case it creates.
    expect(() =>
      db.prepare("UPDATE service_cases SET status = 'rejected', checker_id = 1 WHERE id = ?").run(jf),
    ).toThrow();
    expect(() =>
      db.prepare("UPDATE service_cases SET status = 'approved', checker_id = 2 WHERE id = ?").run(jf),
    ).toThrow(/freeze case/);
    // A freeze case opened on any path freezes an active account in the same statement (a second
    // account: 0120 keeps account 1 frozen while case 1 holds it).
    db.exec(
      "INSERT INTO accounts (id, account_no, customer_id, currency, balance_minor, status) VALUES (2, '620000000002', 1, 'CNY', 0, 'active')",
    );
    db.prepare(
      `INSERT INTO freeze_cases (id, case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at, sla_due_at)
       VALUES (2, 'FC0000002', 2, 'abnormal_login', 'high', 'open', 'R-1', '{}', ?, ?)`,
    ).run(T0, T0);
    expect(one(db, 'SELECT status FROM accounts WHERE id = 2')).toEqual({ status: 'frozen' });
    expect(() => db.prepare('DELETE FROM service_cases WHERE id = ?').run(jf)).toThrow(/never deleted/);
    // A fraud report's loss is whole minor units; the blocklist and the flagged payees only grow.
    const fr = db
      .prepare(
        `INSERT INTO service_cases (case_no, kind, status, customer_id, account_id, summary, opened_by, opened_at, sla_due_at)
         VALUES ('FR0000001', 'fraud_report', 'open', 1, 1, 'Fake hotline', 1, ?, ?)`,
      )
      .run(T0, T0).lastInsertRowid;
    const report = db.prepare(
      "INSERT INTO fraud_reports (case_id, scheme, fake_number, loss_minor, currency) VALUES (?, 'fake_hotline', '4008201234', ?, 'CNY')",
    );
    expect(() => report.run(fr, 1.5)).toThrow();
    expect(() => report.run(fr, -1)).toThrow();
    report.run(fr, 500000);
    db.prepare(
      'INSERT INTO fake_numbers (number, first_case_id, last_case_id, last_reported_at) VALUES (?, ?, ?, ?)',
    ).run('4008201234', fr, fr, T0);
    expect(() => db.prepare('DELETE FROM fake_numbers').run()).toThrow(/append-only/);
    db.close();
  },

  140: () => {
    const db = migrate(140, (d) => {
      baseRows(d);
      d.prepare(
        `INSERT INTO service_cases (id, case_no, kind, status, customer_id, account_id, summary, opened_by, opened_at, sla_due_at, maker_id)
         VALUES (1, 'JF0000001', 'judicial_freeze', 'awaiting_approval', 1, 1, 'Court order', 1, ?, ?, 1)`,
      ).run(T0, T0);
    });
    expect(one(db, 'SELECT case_no, status FROM service_cases WHERE id = 1')).toEqual({
      case_no: 'JF0000001',
      status: 'awaiting_approval',
    });
    expect(
      JSON.parse((one(db, "SELECT value FROM settings WHERE key = 'complaints.clock'") as { value: string }).value),
    ).toEqual({ responseDays: 15, extendedDays: 30 });
    db.prepare(
      `INSERT INTO service_cases (id, case_no, kind, status, customer_id, account_id, summary, opened_by, opened_at, sla_due_at)
       VALUES (2, 'CP0000001', 'complaint', 'open', 1, 1, 'Fee charged twice', 1, ?, ?)`,
    ).run(T0, T0);
    const details = db.prepare(
      `INSERT INTO complaint_details (case_id, channel, category, customer_words, regulator, referral_no, regulator_due_at, own_due_at)
       VALUES (2, 'regulator', 'fees', 'Charged twice', 'pboc_12363', ?, ?, ?)`,
    );
    // A referral carries its number and the regulator's deadline.
    expect(() => details.run(null, T0, T0)).toThrow();
    details.run('12363-001', T0, T0);
    // Resolved only with an answer; an answer needs its explanation and the response sent.
    expect(() => db.prepare("UPDATE service_cases SET status = 'resolved' WHERE id = 2").run()).toThrow(/outcome/);
    expect(() => db.prepare("UPDATE complaint_details SET outcome = 'upheld' WHERE case_id = 2").run()).toThrow();
    db.close();
  },

  150: () => {
    const db = migrate(150, (d) => {
      baseRows(d);
      d.prepare(
        `INSERT INTO contacts (external_id, channel, category, outcome, started_at, queue_seconds, talk_seconds, account_id)
         VALUES ('C1', 'phone', 'refund', 'resolved', ?, 12, 120, 1)`,
      ).run(T0);
    });
    expect(one(db, "SELECT recording_ref, recording_notice FROM contacts WHERE external_id = 'C1'")).toEqual({
      recording_ref: null,
      recording_notice: null,
    });
    const insert = db.prepare(
      `INSERT INTO contacts (external_id, channel, category, outcome, started_at, queue_seconds, talk_seconds, recording_ref, recording_notice)
       VALUES (?, 'phone', 'refund', 'resolved', ?, 5, 60, ?, ?)`,
    );
    insert.run('C2', T0, 'https://pbx.example/rec/1', 1);
    expect(() => insert.run('C3', T0, 'has space', 1)).toThrow();
    expect(() => insert.run('C4', T0, 'REC-4', 2)).toThrow();
    db.close();
  },

  160: () => {
    const db = migrate(160, (d) => {
      baseRows(d);
      d.exec(`
        INSERT INTO refund_requests (id, refund_no, transaction_id, type, amount_minor, currency, reason, status, requested_by, requested_at)
          VALUES (1, 'RF00000001', 1, 'customer', 3000, 'CNY', 'duplicate', 'pending', 1, '${T0}');
      `);
    });
    // Open work is walked in sort order on the partial index, with no sort step; the rows stay.
    const plan = (sql: string) => (all(db, `EXPLAIN QUERY PLAN ${sql}`) as { detail: string }[]).map((p) => p.detail);
    const open = plan(
      "SELECT id FROM refund_requests WHERE (status IN ('pending', 'awaiting_second_approval')) = 1 ORDER BY amount_minor DESC, id DESC LIMIT 10",
    ).join();
    expect(open).toMatch(/refund_requests_open_by_amount/);
    expect(open).not.toMatch(/TEMP B-TREE/);
    const bySegment = plan("SELECT id FROM customers WHERE segment = 'standard' ORDER BY name_en, id LIMIT 10").join();
    expect(bySegment).toMatch(/customers_by_segment_name/);
    expect(bySegment).not.toMatch(/TEMP B-TREE/);
    expect(one(db, 'SELECT refund_no, amount_minor FROM refund_requests WHERE id = 1')).toEqual({
      refund_no: 'RF00000001',
      amount_minor: 3000,
    });
    expect(one(db, 'SELECT segment FROM customers WHERE id = 1')).toEqual({ segment: 'standard' });
    db.close();
  },

  170: () => {
    const db = migrate(170, (d) => {
      baseRows(d);
      d.exec(`
        INSERT INTO audit_events (at, operator_id, operator_role, action, entity_type, entity_id, host, prev_hash, hash)
          VALUES ('${T0}', 1, 'agent', 'session.signIn', 'operator', '1', 'browser', 'p0', 'h1');
      `);
    });
    // Events from before the key existed keep their hash and carry no MAC (the first checkpoint vouches for them).
    expect(all(db, 'SELECT action, hash, mac FROM audit_events')).toEqual([
      { action: 'session.signIn', hash: 'h1', mac: null },
    ]);
    // The column joins the append-only rule: a MAC cannot be added afterwards.
    expect(() => db.exec("UPDATE audit_events SET mac = 'x'")).toThrow();
    db.close();
  },

  180: () => {
    const db = migrate(180, (d) => {
      baseRows(d);
      d.prepare(
        `INSERT INTO audit_events (at, operator_id, operator_role, action, entity_type, entity_id, host, prev_hash, hash)
         VALUES (?, 2, 'supervisor', 'refund.approved', 'refund_request', '1', 'browser', '', 'h')`,
      ).run(T0);
    });
    expect(hasIndex(db, 'audit_by_operator_at')).toEqual({ n: 1 });
    const plan = all(
      db,
      "EXPLAIN QUERY PLAN SELECT count(*) FROM audit_events WHERE operator_id = 2 AND at >= ? AND action IN ('refund.approved', 'freeze.approved')",
      T0,
    ) as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(
      /COVERING INDEX audit_by_operator_at \(operator_id=\? AND at>\?\)/,
    );
    expect(one(db, 'SELECT count(*) AS n FROM audit_events WHERE operator_id = 2')).toEqual({ n: 1 });
    db.close();
  },

  200: () => {
    const db = migrate(200, baseRows);
    // The customer keeps its row; the sign-in state starts empty.
    expect(one(db, 'SELECT name_en, login_locked_at, login_lock_reason, reset_verified_at FROM customers')).toEqual({
      name_en: 'Fang Wang',
      login_locked_at: null,
      login_lock_reason: null,
      reset_verified_at: null,
    });
    db.exec(`
      UPDATE customers SET login_locked_at = '${T0}', login_lock_reason = 'failed_attempts' WHERE id = 1;
      INSERT INTO customer_devices (id, customer_id, label, bound_at, trusted) VALUES (1, 1, 'iPhone 15', '${T0}', 1);
      INSERT INTO service_cases (id, case_no, kind, status, customer_id, account_id, summary, opened_by, opened_at, sla_due_at)
        VALUES (1, 'IS0000001', 'identity', 'open', 1, 1, 'Locked out', 1, '${T0}', '${T0}'),
               (2, 'IS0000002', 'identity', 'open', 1, 1, 'Lost phone', 1, '${T0}', '${T0}');
      INSERT INTO identity_requests (case_id, action) VALUES (1, 'unlock');
      INSERT INTO identity_requests (case_id, action, device_id) VALUES (2, 'device_unbind', 1);
    `);
    expect(() => db.exec("UPDATE customers SET login_lock_reason = 'guess' WHERE id = 1")).toThrow();
    expect(() => db.exec("INSERT INTO identity_requests (case_id, action) VALUES (1, 'device_unbind')")).toThrow();
    const setStatus = (id: number, status: string) =>
      db.prepare('UPDATE service_cases SET status = ?, maker_id = 1 WHERE id = ?').run(status, id);
    setStatus(1, 'in_progress');
    // The case is carried out only with its effect, and the action's checks all pass first.
    expect(() => setStatus(1, 'resolved')).toThrow(/identity case:/);
    db.exec(`UPDATE identity_requests SET carried_out_at = '${T0}' WHERE case_id = 1`);
    expect(() => setStatus(1, 'resolved')).toThrow(/required identity check/);
    const tick = db.prepare(
      'INSERT INTO service_case_checks (case_id, check_kind, operator_id, at) VALUES (?, ?, 1, ?)',
    );
    for (const k of ['phone', 'id_tail', 'recent_transaction']) tick.run(1, k, T0);
    setStatus(1, 'resolved');
    expect(() => tick.run(1, 'face', T0)).toThrow(/still being worked/);
    // The last trusted device goes only by a four-eyes approval that carries it out; only its own case unbinds it.
    setStatus(2, 'in_progress');
    for (const k of ['phone', 'id_tail', 'face']) tick.run(2, k, T0);
    setStatus(2, 'awaiting_approval');
    const approve = (checker: number) =>
      db.prepare("UPDATE service_cases SET status = 'approved', checker_id = ? WHERE id = 2").run(checker);
    expect(() => approve(2)).toThrow(/with its effect/);
    expect(() => db.exec(`UPDATE customer_devices SET unbound_at = '${T0}', unbound_case_id = 1 WHERE id = 1`)).toThrow(
      /names it/,
    );
    db.exec(`UPDATE customer_devices SET unbound_at = '${T0}', unbound_case_id = 2 WHERE id = 1;
             UPDATE identity_requests SET carried_out_at = '${T0}' WHERE case_id = 2;`);
    expect(() => approve(1)).toThrow(/four-eyes/);
    approve(2);
    // One agent alone may not resolve the unbinding of a last trusted device.
    db.exec(`
      INSERT INTO customer_devices (id, customer_id, label, bound_at, trusted) VALUES (2, 1, 'Pixel 8', '${T0}', 1);
      INSERT INTO service_cases (id, case_no, kind, status, customer_id, account_id, summary, opened_by, opened_at, sla_due_at)
        VALUES (3, 'IS0000003', 'identity', 'open', 1, 1, 'Lost phone', 1, '${T0}', '${T0}');
      INSERT INTO identity_requests (case_id, action, device_id) VALUES (3, 'device_unbind', 2);
    `);
    setStatus(3, 'in_progress');
    for (const k of ['phone', 'id_tail', 'face']) tick.run(3, k, T0);
    db.exec(`UPDATE customer_devices SET unbound_at = '${T0}', unbound_case_id = 3 WHERE id = 2;
             UPDATE identity_requests SET carried_out_at = '${T0}' WHERE case_id = 3;`);
    expect(() => setStatus(3, 'resolved')).toThrow(/four-eyes: unbinding the last trusted device/);
    expect(() => db.exec('UPDATE customer_devices SET unbound_at = NULL, unbound_case_id = NULL')).toThrow(/stays/);
    expect(() => db.exec('DELETE FROM customer_devices')).toThrow(/never deleted/);
    db.close();
  },

  220: () => {
    const db = migrate(220, (d) => {
      baseRows(d);
      d.prepare(
        `INSERT INTO service_cases (case_no, kind, status, customer_id, summary, opened_by, owner_id, opened_at, sla_due_at)
         VALUES ('CP0000001', 'complaint', 'open', 1, 'fee charged twice', 1, 1, ?, ?)`,
      ).run(T0, T0);
    });
    const plan = (where: string, order: string) =>
      (
        all(db, `EXPLAIN QUERY PLAN SELECT id FROM service_cases WHERE ${where} ORDER BY ${order} LIMIT 5`) as {
          detail: string;
        }[]
      )
        .map((p) => p.detail)
        .join();
    expect(plan("kind = 'complaint'", 'sla_due_at, id')).toMatch(/service_cases_kind_by_due/);
    expect(plan('active = 1', 'opened_at DESC, id DESC')).toMatch(/service_cases_active_by_opened/);
    expect(plan('owner_id = 1', 'opened_at, id')).toMatch(/service_cases_owner_by_opened/);
    expect(plan('customer_id = 1', 'sla_due_at, id')).toMatch(/service_cases_customer_by_due/);
    expect(one(db, 'SELECT case_no FROM service_cases')).toEqual({ case_no: 'CP0000001' });
    db.close();
  },

  230: () => {
    const db = migrate(230, baseRows);
    const mark = () => (one(db, "SELECT n FROM change_marks WHERE name = 'customers'") as { n: number }).n;
    const start = mark();
    db.exec('UPDATE accounts SET balance_minor = balance_minor + 5, version = version + 1 WHERE id = 1');
    expect(mark()).toBe(start); // a balance moving does not change what the Customers grid counts
    db.exec("UPDATE accounts SET status = 'frozen', version = version + 1 WHERE id = 1");
    db.exec("UPDATE customers SET segment = 'premium' WHERE id = 1");
    expect(mark()).toBe(start + 2);
    expect(one(db, 'SELECT count(*) AS n FROM transactions')).toEqual({ n: 1 });
    expect(() => db.exec('DELETE FROM transactions')).toThrow(/ledger/);
    expect(() => db.exec('UPDATE transactions SET account_id = 2')).toThrow(/ledger/);
    db.close();
  },

  250: () => {
    const bucket = (h: number) => `2026-01-05T0${h}:00:00.000Z`;
    const db = migrate(250, (d) => {
      baseRows(d);
      d.exec(
        `INSERT INTO contact_rollup (bucket, channel, category, contacts, abandoned) VALUES ('${bucket(1)}', 'phone', 'refund', 3, 3)`,
      );
    });
    const touched = () =>
      all(db, 'SELECT bucket FROM contact_rollup_touched ORDER BY bucket').map((r) => Object.values(r as object)[0]);
    expect(one(db, 'SELECT contacts FROM contact_rollup')).toEqual({ contacts: 3 });
    // No rebuild under way: nothing is noted.
    db.exec(`UPDATE contact_rollup SET contacts = 4, abandoned = 4`);
    expect(touched()).toEqual([]);
    db.exec(`INSERT INTO settings (key, value) VALUES ('${ROLLUP_REBUILD_KEY}', '"Asia/Shanghai"')`);
    db.exec(`UPDATE contact_rollup SET contacts = 5, abandoned = 5;
      INSERT INTO contact_rollup (bucket, channel, category, contacts, abandoned) VALUES ('${bucket(2)}', 'chat', 'refund', 1, 1);
      INSERT INTO contact_rollup (bucket, channel, category, contacts, abandoned) VALUES ('${bucket(3)}', 'chat', 'refund', 1, 1);
      DELETE FROM contact_rollup WHERE bucket = '${bucket(3)}'`);
    expect(touched()).toEqual([bucket(1), bucket(2), bucket(3)]);
    db.close();
  },

  260: () => {
    const db = migrate(260, (d) => {
      baseRows(d);
      d.exec(`INSERT INTO refund_requests (id, refund_no, transaction_id, type, amount_minor, currency, reason, status, requested_by, requested_at)
        VALUES (1, 'RF00000001', 1, 'customer', 3000, 'CNY', 'duplicate', 'pending', 1, '${T0}')`);
    });
    const open = "(status IN ('pending', 'awaiting_second_approval'))";
    const q = `SELECT id FROM refund_requests WHERE ${open} = TRUE AND requested_by = 1 ORDER BY requested_at DESC, id DESC LIMIT 5`;
    const plan = (all(db, `EXPLAIN QUERY PLAN ${q}`) as { detail: string }[]).map((p) => p.detail).join();
    expect(plan).toMatch(/refund_requests_open_by_requester/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(all(db, q)).toEqual([{ id: 1 }]);
    db.close();
  },

  270: () => {
    const db = migrate(270, (d) => {
      baseRows(d);
      d.exec(`INSERT INTO transactions (id, txn_no, account_id, operation, channel, amount_minor, fee_minor, currency,
          status, payment_method, created_at) VALUES (2, 'T00000000002', 1, 'top_up', 'bank', 500, 0, 'CNY', 'failed', 'balance', '${T0}')`);
    });
    const indexes = all(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'transactions_fee%'");
    expect(indexes).toEqual([{ name: 'transactions_fee_packed' }]);
    // The settled payment (account 1, payment × in_app = 7) is in it; the failed top-up is not.
    expect(
      all(
        db,
        `SELECT ${ACCOUNT_OP_CH} AS head, amount_minor FROM transactions INDEXED BY transactions_fee_packed
         WHERE created_at >= '2000-01-01' AND ${REPRICED} ORDER BY ${FEE_SCAN_ORDER}`,
      ),
    ).toEqual([{ head: 32 + 7, amount_minor: 10000 }]);
    db.close();
  },
};

describe('migrations', () => {
  it('every migration has a test with data in its tables', () => {
    expect(Object.keys(MIGRATION_TESTS).map(Number)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  for (const m of MIGRATIONS) {
    it(`${String(m.version).padStart(4, '0')}-${m.name} keeps the rows it finds and adds its rules`, () => {
      MIGRATION_TESTS[m.version]?.();
    });
  }

  it('the runner refuses migrations whose versions do not ascend, before running any', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-migration-'));
    dirs.push(dir);
    const file = path.join(dir, 'db.sqlite');
    const marker = (version: number, name: string): Migration => ({
      version,
      name,
      up: (db) => db.exec(`CREATE TABLE ${name} (id INTEGER PRIMARY KEY) STRICT`),
    });
    for (const list of [
      [marker(10, 'a'), marker(30, 'b'), marker(20, 'c')],
      [marker(10, 'a'), marker(10, 'b')],
    ]) {
      expect(() => openDatabase(file, { migrations: list })).toThrow(/ascend/);
    }
    const db = openDatabase(file, { migrations: [marker(10, 'a')] });
    expect(one(db, "SELECT count(*) AS n FROM sqlite_master WHERE name IN ('b', 'c')")).toEqual({ n: 0 });
    db.close();
  });
});
