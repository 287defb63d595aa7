import type Database from 'better-sqlite3';
import { DEMO_LIMITS } from '../seed/generate';

const DAY = 86_400_000;

/** One customer with one CNY account, and the demo approval limits (agent ¥500, supervisor ¥20,000). */
export function seedRefundWorld(sqlite: Database.Database) {
  sqlite
    .prepare(
      "INSERT INTO customers (id, name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at) VALUES (1, '张三', 'San Zhang', '13800000000', '1234', 2, 'standard', '2025-01-01T00:00:00.000Z')",
    )
    .run();
  sqlite
    .prepare(
      "INSERT INTO accounts (id, account_no, customer_id, currency, balance_minor, status) VALUES (1, '620000000001', 1, 'CNY', 0, 'active')",
    )
    .run();
  const limit = sqlite.prepare(
    "INSERT OR REPLACE INTO approval_limits (role, kind, currency, max_minor) VALUES (?, 'refund', 'CNY', ?)",
  );
  for (const l of DEMO_LIMITS) limit.run(l.role, l.maxMinor);
}

export interface TxnOverrides {
  id?: number;
  amountMinor?: number;
  status?: 'settled' | 'pending' | 'failed';
  operation?: 'payment' | 'top_up';
  settledDaysAgo?: number;
  paymentMethod?: string;
}

/** A settled ¥1,000 payment by default, settled a day ago; returns its id. */
export function makeTxn(sqlite: Database.Database, o: TxnOverrides = {}, now = new Date()): number {
  const settled = new Date(now.getTime() - (o.settledDaysAgo ?? 1) * DAY).toISOString();
  const status = o.status ?? 'settled';
  const info = sqlite
    .prepare(
      `INSERT INTO transactions (id, txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status, merchant,
         payment_method, created_at, settled_at)
       VALUES (?, ?, 1, ?, 'in_app', ?, 0, 'CNY', ?, '星巴克', ?, ?, ?)`,
    )
    .run(
      o.id ?? null,
      `TT${o.id ?? Math.floor(Math.random() * 1e12)}`,
      o.operation ?? 'payment',
      o.amountMinor ?? 100_000,
      status,
      o.paymentMethod ?? 'balance',
      settled,
      status === 'settled' ? settled : null,
    );
  return Number(info.lastInsertRowid);
}

export function txnTotals(sqlite: Database.Database, id: number) {
  return sqlite
    .prepare('SELECT amount_minor, refunded_minor, pending_refund_minor FROM transactions WHERE id = ?')
    .get(id) as { amount_minor: number; refunded_minor: number; pending_refund_minor: number };
}

let keySeq = 0;
/** A fresh idempotency key. */
export const key = () => `test-key-${++keySeq}-${Math.random().toString(36).slice(2)}`;
