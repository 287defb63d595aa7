import type { Migration } from './index';
import { ACTIVE_STATUS_SQL } from '../../../shared/domain/freeze';

/**
 * The frozen-account review queue: indexes for its sorts and filters, and the
 * rules the database enforces on its own (four-eyes, judicial freezes, closure).
 * SQLite dialect (RAISE in triggers); a PostgreSQL engine gets its own DDL.
 */
export const frozenReview: Migration = {
  version: 20,
  name: 'frozen-review',
  up(db) {
    db.exec(`
      -- Every queue sort walks an index in (sort value, id) order; 'frozen_at' and the
      -- primary key already have theirs.
      CREATE INDEX freeze_cases_by_due ON freeze_cases (sla_due_at, id);
      -- The default queue (cases still being worked) by due time. A generated flag rather
      -- than status IN (...): an equality leads the index, so the walk is in due order and
      -- never steps over the long tail of decided cases.
      ALTER TABLE freeze_cases ADD COLUMN active INTEGER GENERATED ALWAYS AS (${ACTIVE_STATUS_SQL}) VIRTUAL;
      CREATE INDEX freeze_cases_active_by_due ON freeze_cases (active, sla_due_at, id);
      CREATE INDEX freeze_cases_active_by_frozen ON freeze_cases (active, frozen_at, id);
      CREATE INDEX freeze_cases_active_by_id ON freeze_cases (active, id);
      -- Risk and reason filters by due time, so a rare value does not walk the whole history.
      CREATE INDEX freeze_cases_by_risk_due ON freeze_cases (risk, sla_due_at, id);
      CREATE INDEX freeze_cases_by_reason_due ON freeze_cases (reason, sla_due_at, id);
      -- "Mine" and one owner's cases, under each sort.
      CREATE INDEX freeze_cases_by_owner ON freeze_cases (owner_id, sla_due_at, id);
      CREATE INDEX freeze_cases_by_owner_frozen ON freeze_cases (owner_id, frozen_at, id);
      CREATE INDEX freeze_cases_by_owner_id ON freeze_cases (owner_id, id);
      CREATE INDEX freeze_cases_by_review ON freeze_cases (status, review_at) WHERE review_at IS NOT NULL;
      -- Free-text search by the start of a Chinese name.
      CREATE INDEX customers_by_name_zh ON customers (name_zh);

      -- Four-eyes in SQL, beyond the CHECK (checker_id <> maker_id): a checker needs a maker,
      -- must hold a supervisor's role, and the risky outcomes cannot happen without one.
      CREATE TRIGGER freeze_cases_checker_needs_maker BEFORE UPDATE OF checker_id ON freeze_cases
      WHEN NEW.checker_id IS NOT NULL AND (NEW.maker_id IS NULL OR NEW.maker_id = NEW.checker_id)
      BEGIN SELECT RAISE(ABORT, 'four-eyes: the checker must be a different operator from the maker'); END;

      CREATE TRIGGER freeze_cases_checker_is_supervisor BEFORE UPDATE OF checker_id ON freeze_cases
      WHEN NEW.checker_id IS NOT NULL AND NEW.checker_id IS NOT OLD.checker_id
        AND (SELECT role FROM operators WHERE id = NEW.checker_id) NOT IN ('supervisor', 'admin')
      BEGIN SELECT RAISE(ABORT, 'four-eyes: only a supervisor may approve'); END;

      CREATE TRIGGER freeze_cases_close_needs_checker BEFORE UPDATE OF status ON freeze_cases
      WHEN NEW.status = 'closed' AND OLD.status <> 'closed' AND NEW.checker_id IS NULL
      BEGIN SELECT RAISE(ABORT, 'four-eyes: a permanent closure needs a second approval'); END;

      CREATE TRIGGER freeze_cases_high_unfreeze_needs_checker BEFORE UPDATE OF status ON freeze_cases
      WHEN NEW.status = 'unfrozen' AND OLD.status <> 'unfrozen' AND NEW.risk = 'high' AND NEW.checker_id IS NULL
      BEGIN SELECT RAISE(ABORT, 'four-eyes: a high-risk unfreeze needs a second approval'); END;

      CREATE TRIGGER freeze_cases_judicial_stays_frozen BEFORE UPDATE OF status ON freeze_cases
      WHEN NEW.status = 'unfrozen' AND OLD.status <> 'unfrozen' AND NEW.reason = 'judicial'
      BEGIN SELECT RAISE(ABORT, 'a judicial freeze cannot be lifted here'); END;

      -- A closed account holds no money: the balance goes to a verified card first.
      CREATE TRIGGER accounts_close_needs_zero_balance BEFORE UPDATE OF status, balance_minor ON accounts
      WHEN NEW.status = 'closed' AND NEW.balance_minor <> 0
      BEGIN SELECT RAISE(ABORT, 'an account with a balance cannot be closed'); END;
    `);
  },
};
