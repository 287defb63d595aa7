import type Database from 'better-sqlite3';
import type { FreezeCaseStatus, FreezeReason, IdentityCheck, RiskLevel } from '../../shared/domain/catalog';

let seq = 0;

/** A customer, their account and one freeze case, with overridable facts. Returns the ids. */
export function makeFreezeCase(
  sqlite: Database.Database,
  o: {
    reason?: FreezeReason;
    risk?: RiskLevel;
    status?: FreezeCaseStatus;
    balanceMinor?: number;
    ownerId?: number | null;
    frozenAt?: string;
    slaDueAt?: string;
    card?: boolean;
    checks?: { kind: IdentityCheck; operatorId: number }[];
  } = {},
): { caseId: number; accountId: number; customerId: number } {
  seq++;
  const customerId = Number(
    sqlite
      .prepare(
        `INSERT INTO customers (name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at)
         VALUES (?, ?, ?, '1234', 2, 'standard', '2025-01-01T00:00:00.000Z')`,
      )
      .run(`测试${seq}`, `Test Person${seq}`, `139${String(seq).padStart(8, '0')}`).lastInsertRowid,
  );
  const accountId = Number(
    sqlite
      .prepare(
        "INSERT INTO accounts (account_no, customer_id, currency, balance_minor, status) VALUES (?, ?, 'CNY', ?, 'frozen')",
      )
      .run(`99${String(seq).padStart(10, '0')}`, customerId, o.balanceMinor ?? 0).lastInsertRowid,
  );
  if (o.card) {
    sqlite
      .prepare(
        `INSERT INTO transactions (txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status,
           payment_method, created_at) VALUES (?, ?, 'payment', 'in_app', 1000, 0, 'CNY', 'settled', 'bank_card:6222****4321', '2026-01-01T00:00:00.000Z')`,
      )
      .run(`TB${seq}`, accountId);
  }
  const frozenAt = o.frozenAt ?? new Date(Date.now() - 3_600_000).toISOString();
  const caseId = Number(
    sqlite
      .prepare(
        `INSERT INTO freeze_cases (case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at, sla_due_at, owner_id)
         VALUES (?, ?, ?, ?, ?, 'R-101 frequent transfers', '{"transfers":23,"newPayees":17,"windowMinutes":60}', ?, ?, ?)`,
      )
      .run(
        `FT${String(seq).padStart(7, '0')}`,
        accountId,
        o.reason ?? 'frequent_transfers',
        o.risk ?? 'low',
        o.status ?? 'open',
        frozenAt,
        o.slaDueAt ?? new Date(Date.parse(frozenAt) + 4 * 3_600_000).toISOString(),
        o.ownerId ?? null,
      ).lastInsertRowid,
  );
  for (const k of o.checks ?? []) {
    sqlite
      .prepare('INSERT INTO identity_checks (case_id, check_kind, operator_id, at) VALUES (?, ?, ?, ?)')
      .run(caseId, k.kind, k.operatorId, new Date().toISOString());
  }
  return { caseId, accountId, customerId };
}

export const ALL_CHECKS: IdentityCheck[] = ['phone', 'id_tail', 'recent_transaction'];

export function checksBy(operatorId: number, kinds: IdentityCheck[] = ALL_CHECKS) {
  return kinds.map((kind) => ({ kind, operatorId }));
}
