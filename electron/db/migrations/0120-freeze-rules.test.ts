import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFreezeCase } from '../../test/freeze-builders';
import { openDatabase, schemaVersion } from '../open';
import { MIGRATIONS } from './index';

/**
 * Migration 0120 on a database that already holds data (the way Signal tests its
 * migrations): a file at version 110 with frozen accounts, their money and refunds is
 * migrated; every row survives and the new triggers guard the migrated rows.
 */
let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-0120-'));
  file = path.join(dir, 'old.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const BEFORE = MIGRATIONS.filter((m) => m.version < 120);
const TABLES = ['accounts', 'transactions', 'freeze_cases', 'refund_requests', 'identity_checks'];

function seedVersionBefore() {
  const old = openDatabase(file, { migrations: BEFORE });
  expect(schemaVersion(old)).toBe(110);
  old
    .prepare(
      "INSERT INTO operators (id, username, display_name, role, password_hash, created_at) VALUES (1, 'a', 'A', 'agent', 'x', '2026-01-01T00:00:00.000Z')",
    )
    .run();
  const judicial = makeFreezeCase(old, { reason: 'judicial', balanceMinor: 294_990, card: true });
  const risk = makeFreezeCase(old, { balanceMinor: 5_000, card: true, checks: [{ kind: 'phone', operatorId: 1 }] });
  const active = makeFreezeCase(old, { status: 'unfrozen' });
  old.prepare("UPDATE accounts SET status = 'active' WHERE id = ?").run(active.accountId);
  const cardTxn = old
    .prepare("SELECT id FROM transactions WHERE account_id = ? AND payment_method LIKE 'bank_card:%'")
    .get(judicial.accountId) as { id: number };
  old
    .prepare(
      "INSERT INTO refund_requests (refund_no, transaction_id, type, amount_minor, currency, reason, status, requested_at) VALUES ('RF1', ?, 'customer', 100, 'CNY', 'duplicate', 'approved', '2026-01-02T00:00:00.000Z')",
    )
    .run(cardTxn.id);
  const counts = Object.fromEntries(
    TABLES.map((t) => [t, (old.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
  old.close();
  return { judicial, risk, active, counts };
}

const debit = (db: ReturnType<typeof openDatabase>, accountId: number, operation: string, amount: number) =>
  db
    .prepare(
      `INSERT INTO transactions (txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status,
         payment_method, created_at) VALUES (?, ?, ?, 'bank', ?, 0, 'CNY', 'settled', 'balance', '2026-03-01T00:00:00.000Z')`,
    )
    .run(`D${accountId}${operation}`, accountId, operation, amount);

describe('migration 0120 freeze-rules', () => {
  it('keeps every row and then refuses what the freeze rules refuse on the migrated data', () => {
    const { judicial, risk, active, counts } = seedVersionBefore();
    const db = openDatabase(file);
    try {
      expect(schemaVersion(db)).toBe(120);
      for (const t of TABLES)
        expect((db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n, t).toBe(counts[t]);
      // A backup of version 110 was taken before migrating.
      expect(fs.readdirSync(dir).some((f) => f.includes('.v110.'))).toBe(true);

      expect(() => debit(db, judicial.accountId, 'withdrawal', 294_990)).toThrow(/judicial freeze/);
      expect(() => debit(db, risk.accountId, 'transfer', 100)).toThrow(/approved payout/);
      expect(() => db.prepare("UPDATE refund_requests SET status = 'paid' WHERE refund_no = 'RF1'").run()).toThrow(
        /judicial freeze/,
      );
      expect(() => db.prepare("UPDATE freeze_cases SET status = 'closed' WHERE id = ?").run(judicial.caseId)).toThrow(
        /judicial freeze/,
      );
      // A payout decision needs the identity checks the migrated risk case lacks.
      expect(() =>
        db
          .prepare(
            "UPDATE freeze_cases SET decision = 'payout', status = 'awaiting_second_approval', decision_reason = 'other', maker_id = 1 WHERE id = ?",
          )
          .run(risk.caseId),
      ).toThrow(/identity checks/);
      // Accounts no freeze holds are untouched by the rules.
      debit(db, active.accountId, 'payment', 100);
    } finally {
      db.close();
    }
  });

  it('versions ascend in steps of 10', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    for (const v of versions) expect(v % 10).toBe(0);
  });
});
