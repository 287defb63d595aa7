import type { Migration } from './index';

/**
 * Change marks for the counts the Customers grid caches. Keyed by the database's change mark,
 * its total emptied on any write anywhere (a sign-in, an approval), and counting 1M customers
 * joined to their accounts took 134–222 ms at the huge scale. The count reads only customers
 * and the columns of accounts it filters or joins on; the triggers bump the mark when one of
 * those changes, which is rare (a freeze, a new customer), never on a balance update.
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
      INSERT OR IGNORE INTO change_marks (name, n) VALUES ('customers', 0);
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
