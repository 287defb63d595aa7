import type { Migration } from './index';

/**
 * Change marks for the counts the grids and Overview cache. Keyed by the database's change
 * mark, every cached total was emptied by any write anywhere (a sign-in, a note, a contact),
 * and counting 1M customers joined to their accounts took 134–222 ms at the huge scale; the
 * first Overview after a write recounted every queue figure (116–326 ms).
 * - customers: the customers and the columns of accounts the count filters or joins on, so a
 *   balance update never moves it;
 * - frozen: any change to a freeze case;
 * - refunds: any change to a refund request, or to the approval limits the queue's
 *   "within my limit" and "awaiting my second approval" filters read.
 * Transactions, contacts and audit events are append-only, so their largest id is their mark;
 * for transactions (a ledger) this migration makes that a rule: none is deleted or moved to
 * another account.
 */
export const LEDGER_MESSAGES = {
  delete: 'transactions are a ledger: a transaction is never deleted',
  move: 'transactions are a ledger: a transaction stays on its account',
};

export const changeMarks: Migration = {
  version: 230,
  name: 'change-marks',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS change_marks (name TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT;
      INSERT OR IGNORE INTO change_marks (name, n) VALUES ('customers', 0), ('frozen', 0), ('refunds', 0);
      ${bumpOn('frozen', 'freeze_cases')}
      ${bumpOn('refunds', 'refund_requests')}
      ${bumpOn('refunds', 'approval_limits')}
      CREATE TRIGGER IF NOT EXISTS customers_mark_insert AFTER INSERT ON customers
      BEGIN UPDATE change_marks SET n = n + 1 WHERE name = 'customers'; END;
      CREATE TRIGGER IF NOT EXISTS customers_mark_delete AFTER DELETE ON customers
      BEGIN UPDATE change_marks SET n = n + 1 WHERE name = 'customers'; END;
      CREATE TRIGGER IF NOT EXISTS customers_mark_update
      AFTER UPDATE OF name_zh, name_en, phone, kyc_level, segment ON customers
      BEGIN UPDATE change_marks SET n = n + 1 WHERE name = 'customers'; END;
      CREATE TRIGGER IF NOT EXISTS accounts_mark_insert AFTER INSERT ON accounts
      BEGIN UPDATE change_marks SET n = n + 1 WHERE name = 'customers'; END;
      CREATE TRIGGER IF NOT EXISTS accounts_mark_delete AFTER DELETE ON accounts
      BEGIN UPDATE change_marks SET n = n + 1 WHERE name = 'customers'; END;
      CREATE TRIGGER IF NOT EXISTS accounts_mark_update AFTER UPDATE OF status, account_no, customer_id ON accounts
      BEGIN UPDATE change_marks SET n = n + 1 WHERE name = 'customers'; END;
      CREATE TRIGGER IF NOT EXISTS transactions_no_delete BEFORE DELETE ON transactions
      BEGIN SELECT RAISE(ABORT, '${LEDGER_MESSAGES.delete}'); END;
      CREATE TRIGGER IF NOT EXISTS transactions_keep_account BEFORE UPDATE OF account_id ON transactions
      WHEN NEW.account_id IS NOT OLD.account_id
      BEGIN SELECT RAISE(ABORT, '${LEDGER_MESSAGES.move}'); END;
    `);
  },
};

/** Triggers bumping `mark` after any insert, update or delete on `table`. */
function bumpOn(mark: string, table: string): string {
  return ['INSERT', 'UPDATE', 'DELETE']
    .map(
      (event) => `CREATE TRIGGER IF NOT EXISTS ${table}_mark_${event.toLowerCase()} AFTER ${event} ON ${table}
      BEGIN UPDATE change_marks SET n = n + 1 WHERE name = '${mark}'; END;`,
    )
    .join('\n');
}
