import type Database from 'better-sqlite3';
import type { Migration } from './index';
import { CASE_MOVES, SERVICE_CASE_KINDS, TERMINAL_STATUSES, type ServiceCaseKind } from '../../../shared/domain/cases';
import { ACTIVE_CASE_STATUSES } from '../../../shared/domain/freeze';
import { MANUAL_FREEZE_TYPES } from '../../../shared/domain/manual-freeze';
import { sqlList } from '../../../shared/domain/catalog';
import { FAKE_NUMBER_MAX, FRAUD_SCHEMES } from '../../../shared/domain/fraud';
import { CURRENCIES } from '../../../shared/domain/money';

const utc = (col: string, nullable = false) =>
  `${col} TEXT ${nullable ? '' : 'NOT NULL'} CHECK (${col} IS NULL OR ${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')`;

/** Writes one kind's state machine into the table the triggers read; later migrations call it for their kinds. */
export function insertCaseMoves(db: Database.Database, kind: ServiceCaseKind): void {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO service_case_moves (kind, from_status, to_status, four_eyes) VALUES (?, ?, ?, ?)',
  );
  for (const m of CASE_MOVES[kind] ?? []) insert.run(kind, m.from, m.to, m.fourEyes ? 1 : 0);
}

/**
 * The service-case model (issue 16), manual freezes and fraud reports. The database enforces
 * on its own: each kind's state machine and its four-eyes moves (from service_case_moves), a
 * judicial request's order reference, that an active freeze case always has a frozen account,
 * and that a fraud report's loss is whole minor units and its blocklist and flags stay.
 * SQLite dialect (RAISE in triggers).
 */
export const serviceCases: Migration = {
  version: 130,
  name: 'service-cases',
  up(db) {
    db.exec(`
      CREATE TABLE service_case_moves (
        kind TEXT NOT NULL CHECK (kind IN (${sqlList(SERVICE_CASE_KINDS)})),
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        four_eyes INTEGER NOT NULL CHECK (four_eyes IN (0, 1)),
        PRIMARY KEY (kind, from_status, to_status)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE service_cases (
        id INTEGER PRIMARY KEY,
        case_no TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN (${sqlList(SERVICE_CASE_KINDS)})),
        status TEXT NOT NULL,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        account_id INTEGER REFERENCES accounts(id),
        contact_id INTEGER REFERENCES contacts(id),
        summary TEXT NOT NULL CHECK (length(trim(summary)) BETWEEN 1 AND 2000),
        owner_id INTEGER REFERENCES operators(id),
        opened_by INTEGER NOT NULL REFERENCES operators(id),
        ${utc('opened_at')},
        ${utc('sla_due_at')},
        maker_id INTEGER REFERENCES operators(id),
        checker_id INTEGER REFERENCES operators(id),
        decision TEXT,
        decision_note TEXT,
        ${utc('decided_at', true)},
        version INTEGER NOT NULL DEFAULT 0,
        active INTEGER GENERATED ALWAYS AS (status NOT IN (${sqlList(TERMINAL_STATUSES)})) VIRTUAL,
        CHECK (checker_id IS NULL OR checker_id <> maker_id)
      ) STRICT;
      CREATE INDEX service_cases_active_by_due ON service_cases (active, sla_due_at, id);
      CREATE INDEX service_cases_kind_active_by_due ON service_cases (kind, active, sla_due_at, id);
      CREATE INDEX service_cases_by_due ON service_cases (sla_due_at, id);
      CREATE INDEX service_cases_by_opened ON service_cases (opened_at, id);
      CREATE INDEX service_cases_kind_by_opened ON service_cases (kind, opened_at, id);
      CREATE INDEX service_cases_by_owner ON service_cases (owner_id, sla_due_at, id);
      CREATE INDEX service_cases_by_customer ON service_cases (customer_id, opened_at);
      CREATE INDEX service_cases_by_account ON service_cases (account_id, kind, active);

      -- The state machine: a case is created in, and moves between, only the statuses its kind lists.
      CREATE TRIGGER service_cases_initial BEFORE INSERT ON service_cases
      WHEN NOT EXISTS (SELECT 1 FROM service_case_moves m
                       WHERE m.kind = NEW.kind AND m.from_status = '' AND m.to_status = NEW.status)
      BEGIN SELECT RAISE(ABORT, 'service case: not a starting status for this kind'); END;

      CREATE TRIGGER service_cases_move BEFORE UPDATE OF status ON service_cases
      WHEN OLD.status <> NEW.status AND NOT EXISTS (SELECT 1 FROM service_case_moves m
          WHERE m.kind = NEW.kind AND m.from_status = OLD.status AND m.to_status = NEW.status)
      BEGIN SELECT RAISE(ABORT, 'service case: status change not allowed'); END;

      -- Four-eyes in SQL: the moves marked four_eyes need a checker who is a supervisor and not the maker.
      CREATE TRIGGER service_cases_four_eyes BEFORE UPDATE OF status ON service_cases
      WHEN OLD.status <> NEW.status
        AND (SELECT four_eyes FROM service_case_moves m
             WHERE m.kind = NEW.kind AND m.from_status = OLD.status AND m.to_status = NEW.status) = 1
        AND (NEW.checker_id IS NULL OR NEW.maker_id IS NULL OR NEW.checker_id = NEW.maker_id
             OR (SELECT role FROM operators WHERE id = NEW.checker_id) NOT IN ('supervisor', 'admin'))
      BEGIN SELECT RAISE(ABORT, 'four-eyes: a different supervisor must approve this step'); END;

      CREATE TRIGGER service_cases_immutable BEFORE UPDATE OF kind, customer_id, case_no ON service_cases
      WHEN NEW.kind <> OLD.kind OR NEW.customer_id <> OLD.customer_id OR NEW.case_no <> OLD.case_no
      BEGIN SELECT RAISE(ABORT, 'a service case keeps its kind, customer and number'); END;

      CREATE TRIGGER service_cases_no_delete BEFORE DELETE ON service_cases
      BEGIN SELECT RAISE(ABORT, 'service cases are closed, never deleted'); END;

      -- Evidence and links: transactions and contacts a case is about.
      CREATE TABLE service_case_links (
        case_id INTEGER NOT NULL REFERENCES service_cases(id),
        target TEXT NOT NULL CHECK (target IN ('transaction', 'contact')),
        target_id INTEGER NOT NULL,
        PRIMARY KEY (case_id, target, target_id)
      ) STRICT, WITHOUT ROWID;

      -- A manual freeze request: what the operator said and, for a judicial one, the order.
      CREATE TABLE freeze_requests (
        case_id INTEGER PRIMARY KEY REFERENCES service_cases(id),
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        freeze_type TEXT NOT NULL CHECK (freeze_type IN (${sqlList(MANUAL_FREEZE_TYPES)})),
        reason TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 2000),
        order_reference TEXT,
        authority TEXT,
        document_reference TEXT,
        freeze_case_id INTEGER REFERENCES freeze_cases(id),
        CHECK (freeze_type <> 'judicial' OR length(trim(coalesce(order_reference, ''))) > 0)
      ) STRICT;

      -- A judicial request is approved only together with the freeze case it creates.
      CREATE TRIGGER judicial_freeze_approved_needs_case BEFORE UPDATE OF status ON service_cases
      WHEN NEW.kind = 'judicial_freeze' AND NEW.status = 'approved' AND OLD.status <> 'approved'
        AND (SELECT freeze_case_id FROM freeze_requests WHERE case_id = NEW.id) IS NULL
      BEGIN SELECT RAISE(ABORT, 'a judicial freeze is approved with its freeze case'); END;

      -- A case being worked means a frozen account, on every path that opens one (handlers,
      -- generator, imports): the account is frozen in the same transaction as the case.
      CREATE TRIGGER freeze_cases_freeze_account AFTER INSERT ON freeze_cases
      WHEN NEW.status IN (${sqlList([...ACTIVE_CASE_STATUSES, 'kept_frozen'])})
      BEGIN
        UPDATE accounts SET status = 'frozen', version = version + 1
        WHERE id = NEW.account_id AND status = 'active';
      END;

      -- A fraud report: the number or account that posed as us, what the victim lost, the
      -- freeze of the victim's account (when asked for) and the recall request sent to the bank.
      CREATE TABLE fraud_reports (
        case_id INTEGER PRIMARY KEY REFERENCES service_cases(id),
        scheme TEXT NOT NULL CHECK (scheme IN (${sqlList(FRAUD_SCHEMES)})),
        fake_number TEXT NOT NULL CHECK (length(fake_number) BETWEEN 3 AND ${FAKE_NUMBER_MAX}),
        loss_minor INTEGER NOT NULL CHECK (loss_minor >= 0),
        currency TEXT NOT NULL CHECK (currency IN (${sqlList(CURRENCIES)})),
        freeze_case_id INTEGER REFERENCES freeze_cases(id),
        recall_reference TEXT,
        ${utc('recall_requested_at', true)},
        CHECK ((recall_reference IS NULL) = (recall_requested_at IS NULL)),
        CHECK (recall_reference IS NULL OR length(trim(recall_reference)) BETWEEN 1 AND 100)
      ) STRICT;

      -- The blocklist of fake numbers, searchable from the app bar: one row per number, counting reports.
      CREATE TABLE fake_numbers (
        number TEXT PRIMARY KEY CHECK (length(number) BETWEEN 3 AND ${FAKE_NUMBER_MAX}),
        first_case_id INTEGER NOT NULL REFERENCES service_cases(id),
        last_case_id INTEGER NOT NULL REFERENCES service_cases(id),
        reports INTEGER NOT NULL DEFAULT 1 CHECK (reports >= 1),
        ${utc('last_reported_at')}
      ) STRICT, WITHOUT ROWID;

      -- Payees the victim's money went to; a refund or payout to one is warned.
      CREATE TABLE flagged_payees (
        payee TEXT NOT NULL CHECK (length(payee) BETWEEN 1 AND 200),
        case_id INTEGER NOT NULL REFERENCES service_cases(id),
        transaction_id INTEGER NOT NULL REFERENCES transactions(id),
        ${utc('flagged_at')},
        PRIMARY KEY (payee, case_id, transaction_id)
      ) STRICT, WITHOUT ROWID;

      -- A customer's closure request: the identity checks done, the end of the cooling-off
      -- period, and the payout of the balance that the approved closure made.
      CREATE TABLE closure_requests (
        case_id INTEGER PRIMARY KEY REFERENCES service_cases(id),
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        checks_json TEXT NOT NULL CHECK (json_valid(checks_json) AND json_type(checks_json) = 'array'),
        ${utc('cooling_off_until')},
        payout_txn_id INTEGER REFERENCES transactions(id),
        paid_minor INTEGER CHECK (paid_minor IS NULL OR paid_minor >= 0)
      ) STRICT;
      CREATE INDEX closure_requests_by_account ON closure_requests (account_id);

      -- An approved closure means a closed account (which, by 0020, holds no money).
      CREATE TRIGGER closure_approved_closes_account BEFORE UPDATE OF status ON service_cases
      WHEN NEW.kind = 'closure' AND NEW.status = 'approved' AND OLD.status <> 'approved'
        AND (SELECT status FROM accounts WHERE id = NEW.account_id) <> 'closed'
      BEGIN SELECT RAISE(ABORT, 'a closure is approved together with closing the account'); END;

      CREATE TRIGGER fake_numbers_no_delete BEFORE DELETE ON fake_numbers
      BEGIN SELECT RAISE(ABORT, 'the fake-number blocklist is append-only'); END;
      CREATE TRIGGER flagged_payees_no_delete BEFORE DELETE ON flagged_payees
      BEGIN SELECT RAISE(ABORT, 'flagged payees are append-only'); END;
    `);
    insertCaseMoves(db, 'judicial_freeze');
    insertCaseMoves(db, 'fraud_report');
    insertCaseMoves(db, 'closure');
  },
};
