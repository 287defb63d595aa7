import type Database from 'better-sqlite3';

/** Columns that record something that happened; a review date or an SLA due time may lie ahead, these may not. */
const PAST_EVENTS: [table: string, column: string][] = [
  ['operators', 'created_at'],
  ['customers', 'registered_at'],
  ['transactions', 'created_at'],
  ['transactions', 'settled_at'],
  ['refund_requests', 'requested_at'],
  ['refund_requests', 'decided_at'],
  ['refund_requests', 'paid_at'],
  ['freeze_cases', 'frozen_at'],
  ['freeze_cases', 'decided_at'],
  ['identity_checks', 'at'],
  ['notes', 'created_at'],
  ['contacts', 'started_at'],
  ['fee_schedule_versions', 'created_at'],
  ['audit_events', 'at'],
];

/** Every row whose event lies after `now`: the database claims to know the future. */
export function rowsAfter(sqlite: Database.Database, now: string): unknown[] {
  return PAST_EVENTS.flatMap(([table, column]) => {
    const row = sqlite
      .prepare(`SELECT count(*) AS n, min(${column}) AS first FROM ${table} WHERE ${column} > ?`)
      .get(now) as { n: number; first: string | null };
    return row.n ? [{ table, column, n: row.n, first: row.first }] : [];
  });
}

/** Money moved, or an account frozen, before its customer registered. */
export function beforeRegistration(sqlite: Database.Database): unknown[] {
  return sqlite
    .prepare(
      `SELECT 'transaction' AS what, t.txn_no AS no, t.created_at AS at, c.registered_at FROM transactions t
         JOIN accounts a ON a.id = t.account_id JOIN customers c ON c.id = a.customer_id WHERE t.created_at < c.registered_at
       UNION ALL
       SELECT 'freeze case', f.case_no, f.frozen_at, c.registered_at FROM freeze_cases f
         JOIN accounts a ON a.id = f.account_id JOIN customers c ON c.id = a.customer_id WHERE f.frozen_at < c.registered_at
       LIMIT 20`,
    )
    .all();
}

/** The app appends events as they happen, so along the chain time never goes backwards. */
export function auditOutOfOrder(sqlite: Database.Database): unknown[] {
  return sqlite
    .prepare(
      `SELECT id, at, previous FROM (SELECT id, at, lag(at) OVER (ORDER BY id) AS previous FROM audit_events)
       WHERE at < previous LIMIT 20`,
    )
    .all();
}
