import type Database from 'better-sqlite3';

/**
 * Accounts whose balance is not what their settled transactions and the refunds paid back to
 * the balance add up to. Aggregated once per table, then joined: a correlated sum per account
 * takes seconds at demo scale.
 */
export function balanceMismatches(sqlite: Database.Database): unknown[] {
  return sqlite
    .prepare(
      `WITH moved AS (
         SELECT account_id, sum(CASE
             WHEN operation = 'top_up' THEN amount_minor - fee_minor
             WHEN payment_method = 'balance' THEN -(amount_minor + fee_minor)
             ELSE -fee_minor END) AS minor
           FROM transactions WHERE status = 'settled' GROUP BY account_id),
       returned AS (
         SELECT t.account_id, sum(r.amount_minor) AS minor FROM refund_requests r JOIN transactions t ON t.id = r.transaction_id
          WHERE r.status = 'paid' AND t.payment_method = 'balance' GROUP BY t.account_id)
       SELECT a.id, a.balance_minor AS balance, coalesce(m.minor, 0) + coalesce(r.minor, 0) AS expected
         FROM accounts a LEFT JOIN moved m ON m.account_id = a.id LEFT JOIN returned r ON r.account_id = a.id
        WHERE a.balance_minor <> coalesce(m.minor, 0) + coalesce(r.minor, 0)`,
    )
    .all();
}

/** Transactions whose refunded and held amounts differ from their requests', or exceed the captured amount. */
export function heldRefundMismatches(sqlite: Database.Database): unknown[] {
  return sqlite
    .prepare(
      `WITH held AS (
         SELECT transaction_id,
                sum(CASE WHEN status = 'paid' THEN amount_minor ELSE 0 END) AS paid,
                sum(CASE WHEN status IN ('pending', 'awaiting_second_approval', 'approved', 'failed') THEN amount_minor ELSE 0 END) AS pending
           FROM refund_requests GROUP BY transaction_id)
       SELECT t.id FROM transactions t LEFT JOIN held h ON h.transaction_id = t.id
        WHERE t.refunded_minor <> coalesce(h.paid, 0) OR t.pending_refund_minor <> coalesce(h.pending, 0)
           OR t.refunded_minor + t.pending_refund_minor > t.amount_minor`,
    )
    .all();
}
