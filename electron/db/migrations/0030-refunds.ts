import type { Migration } from './index';
import { REFUND_STATUSES, sqlList } from '../../../shared/domain/catalog';
import {
  DEFAULT_REFUND_WINDOW_DAYS,
  HOLDING_STATUSES,
  REFUND_TRANSITIONS,
  REJECT_REASONS,
} from '../../../shared/domain/refunds';

const HOLDING = sqlList(HOLDING_STATUSES);
const MOVES = sqlList(REFUND_STATUSES.flatMap((from) => REFUND_TRANSITIONS[from].map((to) => `${from}>${to}`)));

/**
 * Refunds: the columns the approval queue needs, and triggers that make the database
 * keep the transaction's refunded/pending totals in step with its refund requests, so
 * the CHECK on transactions (refunded + pending ≤ captured) guards every path, including
 * concurrent partial refunds and writers that bypass the handlers. SQLite dialect.
 */
export const refunds: Migration = {
  version: 30,
  name: 'refunds',
  up(db) {
    db.exec(`
      ALTER TABLE refund_requests ADD COLUMN reject_reason TEXT
        CHECK (reject_reason IS NULL OR reject_reason IN (${sqlList(REJECT_REASONS)}));
      ALTER TABLE refund_requests ADD COLUMN reject_note TEXT;
      ALTER TABLE refund_requests ADD COLUMN duplicate_of INTEGER REFERENCES refund_requests(id);
      ALTER TABLE refund_requests ADD COLUMN payout_reference TEXT;
      -- Copied from the transaction on insert, so the queue filters by merchant on its own rows.
      ALTER TABLE refund_requests ADD COLUMN merchant TEXT;

      UPDATE refund_requests SET merchant = (SELECT t.merchant FROM transactions t WHERE t.id = refund_requests.transaction_id);

      CREATE INDEX refund_requests_by_amount ON refund_requests (amount_minor, id);
      CREATE INDEX refund_requests_by_status_amount ON refund_requests (status, amount_minor, id);

      INSERT OR IGNORE INTO settings (key, value) VALUES ('refunds.windowDays', '${DEFAULT_REFUND_WINDOW_DAYS}');

      -- A request is for a settled transaction, in its currency.
      CREATE TRIGGER refund_requests_valid_insert BEFORE INSERT ON refund_requests
      WHEN (SELECT status FROM transactions WHERE id = NEW.transaction_id) IS NOT 'settled'
        OR (SELECT currency FROM transactions WHERE id = NEW.transaction_id) IS NOT NEW.currency
      BEGIN SELECT RAISE(ABORT, 'refund request must match a settled transaction and its currency'); END;

      CREATE TRIGGER refund_requests_hold_insert AFTER INSERT ON refund_requests
      BEGIN
        UPDATE transactions SET
          pending_refund_minor = pending_refund_minor
            + CASE WHEN NEW.status IN (${HOLDING}) THEN NEW.amount_minor ELSE 0 END,
          refunded_minor = refunded_minor + CASE WHEN NEW.status = 'paid' THEN NEW.amount_minor ELSE 0 END
        WHERE id = NEW.transaction_id;
        UPDATE refund_requests SET merchant = (SELECT merchant FROM transactions WHERE id = NEW.transaction_id)
        WHERE id = NEW.id;
      END;

      -- Moves the amount between pending and refunded (or releases it) as the status changes.
      CREATE TRIGGER refund_requests_hold_update AFTER UPDATE OF status ON refund_requests
      WHEN (OLD.status IN (${HOLDING})) <> (NEW.status IN (${HOLDING})) OR 'paid' IN (OLD.status, NEW.status)
      BEGIN
        UPDATE transactions SET
          pending_refund_minor = pending_refund_minor
            - CASE WHEN OLD.status IN (${HOLDING}) THEN OLD.amount_minor ELSE 0 END
            + CASE WHEN NEW.status IN (${HOLDING}) THEN NEW.amount_minor ELSE 0 END,
          refunded_minor = refunded_minor
            - CASE WHEN OLD.status = 'paid' THEN OLD.amount_minor ELSE 0 END
            + CASE WHEN NEW.status = 'paid' THEN NEW.amount_minor ELSE 0 END
        WHERE id = NEW.transaction_id;
      END;

      -- The state machine: paid, rejected and cancelled are final.
      CREATE TRIGGER refund_requests_transition BEFORE UPDATE OF status ON refund_requests
      WHEN OLD.status <> NEW.status AND (OLD.status || '>' || NEW.status) NOT IN (${MOVES})
      BEGIN SELECT RAISE(ABORT, 'refund status change not allowed'); END;

      CREATE TRIGGER refund_requests_immutable BEFORE UPDATE OF amount_minor, currency, transaction_id ON refund_requests
      WHEN NEW.amount_minor <> OLD.amount_minor OR NEW.currency <> OLD.currency OR NEW.transaction_id <> OLD.transaction_id
      BEGIN SELECT RAISE(ABORT, 'a refund request''s amount and transaction never change'); END;

      CREATE TRIGGER refund_requests_no_delete BEFORE DELETE ON refund_requests
      BEGIN SELECT RAISE(ABORT, 'refund requests are cancelled, never deleted'); END;

      -- Four-eyes: the maker never approves their own request (0010 covers the second approver).
      CREATE TRIGGER refund_requests_maker_checker BEFORE UPDATE OF first_approver_id ON refund_requests
      WHEN NEW.first_approver_id IS NOT NULL AND NEW.first_approver_id = NEW.requested_by
      BEGIN SELECT RAISE(ABORT, 'four-eyes: the requester cannot approve their own refund'); END;

      -- A rejection carries a reason code; "other" also a note.
      CREATE TRIGGER refund_requests_reject_reason BEFORE UPDATE OF status ON refund_requests
      WHEN NEW.status = 'rejected' AND OLD.status <> 'rejected'
        AND (NEW.reject_reason IS NULL OR (NEW.reject_reason = 'other' AND length(trim(coalesce(NEW.reject_note, ''))) = 0))
      BEGIN SELECT RAISE(ABORT, 'a rejection needs a reason code, and "other" a note'); END;
    `);
    // An analysed database would otherwise plan with stale statistics that lack the new
    // indexes, and pick (status, amount) for a status filter sorted by time.
    const analysed = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get();
    if (analysed) db.exec('ANALYZE refund_requests');
  },
};
