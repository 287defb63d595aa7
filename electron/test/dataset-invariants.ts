import type Database from 'better-sqlite3';
import { verifyChain } from '../db/audit';
import { ROLLUP_ZONE_KEY } from '../db/rollups/local';
import { rollupDifferences } from './rollup-check';

/**
 * Rules every database the console could have produced obeys, whatever wrote it (the handlers or
 * the demo generator) and whatever day it was made. Each check returns the offending rows; empty
 * means it holds. The generator's tests run these at a fixed anchor and at the calendar's awkward
 * days (month end, DST changes, 1 January, 29 February).
 */
export async function datasetViolations(sqlite: Database.Database): Promise<Record<string, unknown[]>> {
  const rows = (sql: string) => sqlite.prepare(sql).all();
  // The day and hour rollups are checked in the zone they say they were built in.
  const stamp = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(ROLLUP_ZONE_KEY) as
    { value: string } | undefined;
  const zone = stamp ? (JSON.parse(stamp.value) as string) : 'UTC';
  const chain = await verifyChain(sqlite);
  return {
    // Aggregated once per table, then joined: a correlated sum per account takes seconds at demo scale.
    balances: rows(
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
    ),
    refundsHeld: rows(
      `WITH held AS (
         SELECT transaction_id,
                sum(CASE WHEN status = 'paid' THEN amount_minor ELSE 0 END) AS paid,
                sum(CASE WHEN status IN ('pending', 'awaiting_second_approval', 'approved', 'failed') THEN amount_minor ELSE 0 END) AS pending
           FROM refund_requests GROUP BY transaction_id)
       SELECT t.id FROM transactions t LEFT JOIN held h ON h.transaction_id = t.id
        WHERE t.refunded_minor <> coalesce(h.paid, 0) OR t.pending_refund_minor <> coalesce(h.pending, 0)
           OR t.refunded_minor + t.pending_refund_minor > t.amount_minor`,
    ),
    rollups: rollupDifferences(sqlite, zone),
    auditChain: chain.intact ? [] : [chain],
  };
}

/** The same, as a flat list of "check: row" lines, for one readable assertion. */
export async function listViolations(sqlite: Database.Database): Promise<string[]> {
  const found = await datasetViolations(sqlite);
  return Object.entries(found).flatMap(([check, bad]) => bad.slice(0, 5).map((r) => `${check}: ${JSON.stringify(r)}`));
}
