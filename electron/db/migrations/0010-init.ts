import type { Migration } from './index';
import {
  ACCOUNT_STATUSES,
  CHANNELS,
  CONTACT_CATEGORIES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  FEE_VERSION_STATUSES,
  FREEZE_CASE_STATUSES,
  FREEZE_REASONS,
  IDENTITY_CHECKS,
  OPERATIONS,
  REFUND_REASONS,
  REFUND_STATUSES,
  REFUND_TYPES,
  RISK_LEVELS,
  SEGMENTS,
  TRANSACTION_STATUSES,
  sqlList,
} from '../../../shared/domain/catalog';
import { ROLES } from '../../../shared/domain/roles';
import { CURRENCIES } from '../../../shared/domain/money';

// SQLite dialect (STRICT tables, typeof() checks). A PostgreSQL engine gets its own DDL.
const money = (col: string) => `${col} INTEGER NOT NULL CHECK (typeof(${col}) = 'integer')`;
const currency = `currency TEXT NOT NULL CHECK (currency IN (${sqlList(CURRENCIES)}))`;
// Timestamps are UTC ISO-8601 text ('2026-11-22T08:00:00.000Z'), which sorts by time.
const utc = (col: string, nullable = false) =>
  `${col} TEXT ${nullable ? '' : 'NOT NULL'} CHECK (${col} IS NULL OR ${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')`;

export const init: Migration = {
  version: 10,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE operators (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN (${sqlList(ROLES)})),
        password_hash TEXT NOT NULL,
        must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        ${utc('locked_until', true)},
        ${utc('created_at')},
        version INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE sign_in_failures (
        id INTEGER PRIMARY KEY,
        operator_id INTEGER NOT NULL REFERENCES operators(id),
        ${utc('at')}
      ) STRICT;
      CREATE INDEX sign_in_failures_by_operator ON sign_in_failures (operator_id, at);

      CREATE TABLE approval_limits (
        role TEXT NOT NULL CHECK (role IN (${sqlList(ROLES)})),
        kind TEXT NOT NULL,
        ${currency},
        ${money('max_minor')} CHECK (max_minor >= 0),
        PRIMARY KEY (role, kind, currency)
      ) STRICT;

      CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        name_zh TEXT NOT NULL,
        name_en TEXT NOT NULL,
        phone TEXT NOT NULL CHECK (length(phone) = 11),
        id_tail TEXT NOT NULL CHECK (length(id_tail) = 4),
        kyc_level INTEGER NOT NULL CHECK (kyc_level BETWEEN 0 AND 3),
        segment TEXT NOT NULL CHECK (segment IN (${sqlList(SEGMENTS)})),
        ${utc('registered_at')}
      ) STRICT;
      CREATE INDEX customers_by_registered ON customers (registered_at, id);
      CREATE INDEX customers_by_name_en ON customers (name_en, id);
      CREATE INDEX customers_by_phone_tail ON customers (substr(phone, 8, 4));

      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        account_no TEXT NOT NULL UNIQUE,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        ${currency},
        ${money('balance_minor')} CHECK (balance_minor >= 0),
        status TEXT NOT NULL CHECK (status IN (${sqlList(ACCOUNT_STATUSES)})),
        version INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX accounts_by_customer ON accounts (customer_id);
      CREATE INDEX accounts_by_balance ON accounts (balance_minor, id);

      CREATE TABLE transactions (
        id INTEGER PRIMARY KEY,
        txn_no TEXT NOT NULL UNIQUE,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        operation TEXT NOT NULL CHECK (operation IN (${sqlList(OPERATIONS)})),
        channel TEXT NOT NULL CHECK (channel IN (${sqlList(CHANNELS)})),
        ${money('amount_minor')} CHECK (amount_minor > 0),
        ${money('fee_minor')} CHECK (fee_minor >= 0),
        ${currency},
        status TEXT NOT NULL CHECK (status IN (${sqlList(TRANSACTION_STATUSES)})),
        merchant TEXT,
        payment_method TEXT NOT NULL,
        counterparty TEXT,
        ${utc('created_at')},
        ${utc('settled_at', true)},
        -- What has been refunded and what is held by open requests. The CHECK is the
        -- database's own guard: partial refunds can never sum above the captured amount.
        ${money('refunded_minor')} DEFAULT 0,
        ${money('pending_refund_minor')} DEFAULT 0,
        CHECK (refunded_minor >= 0 AND pending_refund_minor >= 0
               AND refunded_minor + pending_refund_minor <= amount_minor)
      ) STRICT;
      CREATE INDEX transactions_by_created ON transactions (created_at, id);
      CREATE INDEX transactions_by_amount ON transactions (amount_minor, id);
      CREATE INDEX transactions_by_account ON transactions (account_id, created_at, id);

      CREATE TABLE freeze_cases (
        id INTEGER PRIMARY KEY,
        case_no TEXT NOT NULL UNIQUE,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        reason TEXT NOT NULL CHECK (reason IN (${sqlList(FREEZE_REASONS)})),
        risk TEXT NOT NULL CHECK (risk IN (${sqlList(RISK_LEVELS)})),
        status TEXT NOT NULL CHECK (status IN (${sqlList(FREEZE_CASE_STATUSES)})),
        evidence_rule TEXT NOT NULL,
        evidence_json TEXT NOT NULL CHECK (json_valid(evidence_json)),
        ${utc('frozen_at')},
        ${utc('sla_due_at')},
        owner_id INTEGER REFERENCES operators(id),
        ${utc('review_at', true)},
        decision TEXT,
        decision_reason TEXT,
        maker_id INTEGER REFERENCES operators(id),
        checker_id INTEGER REFERENCES operators(id),
        ${utc('decided_at', true)},
        version INTEGER NOT NULL DEFAULT 0,
        -- Four-eyes in the database: the checker is never the maker.
        CHECK (checker_id IS NULL OR checker_id <> maker_id)
      ) STRICT;
      CREATE INDEX freeze_cases_by_frozen ON freeze_cases (frozen_at, id);
      CREATE INDEX freeze_cases_by_status_due ON freeze_cases (status, sla_due_at, id);
      CREATE INDEX freeze_cases_by_account ON freeze_cases (account_id, frozen_at);

      CREATE TABLE freeze_case_transactions (
        case_id INTEGER NOT NULL REFERENCES freeze_cases(id),
        transaction_id INTEGER NOT NULL REFERENCES transactions(id),
        PRIMARY KEY (case_id, transaction_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE identity_checks (
        case_id INTEGER NOT NULL REFERENCES freeze_cases(id),
        check_kind TEXT NOT NULL CHECK (check_kind IN (${sqlList(IDENTITY_CHECKS)})),
        operator_id INTEGER NOT NULL REFERENCES operators(id),
        ${utc('at')},
        PRIMARY KEY (case_id, check_kind)
      ) STRICT;

      CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        entity_type TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        operator_id INTEGER NOT NULL REFERENCES operators(id),
        body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
        ${utc('created_at')}
      ) STRICT;
      CREATE INDEX notes_by_entity ON notes (entity_type, entity_id, id);

      CREATE TABLE refund_requests (
        id INTEGER PRIMARY KEY,
        refund_no TEXT NOT NULL UNIQUE,
        transaction_id INTEGER NOT NULL REFERENCES transactions(id),
        type TEXT NOT NULL CHECK (type IN (${sqlList(REFUND_TYPES)})),
        ${money('amount_minor')} CHECK (amount_minor > 0),
        ${currency},
        reason TEXT NOT NULL CHECK (reason IN (${sqlList(REFUND_REASONS)})),
        note TEXT,
        status TEXT NOT NULL CHECK (status IN (${sqlList(REFUND_STATUSES)})),
        requested_by INTEGER REFERENCES operators(id),
        ${utc('requested_at')},
        assignee_id INTEGER REFERENCES operators(id),
        first_approver_id INTEGER REFERENCES operators(id),
        second_approver_id INTEGER REFERENCES operators(id),
        ${utc('decided_at', true)},
        ${utc('paid_at', true)},
        payout_attempts INTEGER NOT NULL DEFAULT 0,
        failure_reason TEXT,
        version INTEGER NOT NULL DEFAULT 0,
        CHECK (reason <> 'other' OR length(note) > 0),
        CHECK (second_approver_id IS NULL OR second_approver_id <> first_approver_id),
        CHECK (second_approver_id IS NULL OR requested_by IS NULL OR second_approver_id <> requested_by)
      ) STRICT;
      CREATE INDEX refund_requests_by_requested ON refund_requests (requested_at, id);
      CREATE INDEX refund_requests_by_status ON refund_requests (status, requested_at, id);
      CREATE INDEX refund_requests_by_transaction ON refund_requests (transaction_id);

      CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        operator_id INTEGER NOT NULL REFERENCES operators(id),
        result_json TEXT NOT NULL,
        ${utc('created_at')}
      ) STRICT;

      CREATE TABLE fee_schedules (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        ${currency}
      ) STRICT;

      CREATE TABLE fee_schedule_versions (
        id INTEGER PRIMARY KEY,
        schedule_id INTEGER NOT NULL REFERENCES fee_schedules(id),
        version_no INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN (${sqlList(FEE_VERSION_STATUSES)})),
        ${utc('effective_from')},
        ${utc('effective_to', true)},
        created_by INTEGER REFERENCES operators(id),
        approved_by INTEGER REFERENCES operators(id),
        review_note TEXT,
        ${utc('created_at')},
        version INTEGER NOT NULL DEFAULT 0,
        UNIQUE (schedule_id, version_no),
        CHECK (approved_by IS NULL OR created_by IS NULL OR approved_by <> created_by)
      ) STRICT;

      CREATE TABLE fee_rules (
        id INTEGER PRIMARY KEY,
        version_id INTEGER NOT NULL REFERENCES fee_schedule_versions(id),
        operation TEXT NOT NULL CHECK (operation IN (${sqlList(OPERATIONS)})),
        channel TEXT NOT NULL CHECK (channel IN (${sqlList(CHANNELS)})),
        segment TEXT NOT NULL CHECK (segment IN (${sqlList(SEGMENTS)})),
        -- The rule's whole definition (fixed, rate in ppm, caps, tiers, quota, waivers) as
        -- validated JSON; shared/domain/fees.ts reads it.
        definition_json TEXT NOT NULL CHECK (json_valid(definition_json)),
        UNIQUE (version_id, operation, channel, segment)
      ) STRICT;

      CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        external_id TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL CHECK (channel IN (${sqlList(CONTACT_CHANNELS)})),
        category TEXT NOT NULL CHECK (category IN (${sqlList(CONTACT_CATEGORIES)})),
        outcome TEXT NOT NULL CHECK (outcome IN (${sqlList(CONTACT_OUTCOMES)})),
        ${utc('started_at')},
        queue_seconds INTEGER NOT NULL CHECK (queue_seconds >= 0),
        talk_seconds INTEGER NOT NULL CHECK (talk_seconds >= 0),
        hold_seconds INTEGER NOT NULL DEFAULT 0 CHECK (hold_seconds >= 0),
        acw_seconds INTEGER NOT NULL DEFAULT 0 CHECK (acw_seconds >= 0),
        agent_id INTEGER REFERENCES operators(id),
        account_id INTEGER REFERENCES accounts(id),
        case_id INTEGER REFERENCES freeze_cases(id),
        transaction_id INTEGER REFERENCES transactions(id),
        note TEXT,
        source TEXT NOT NULL DEFAULT 'demo'
      ) STRICT;
      CREATE INDEX contacts_by_started ON contacts (started_at, id);
      CREATE INDEX contacts_by_account ON contacts (account_id, started_at);
      CREATE INDEX contacts_by_case ON contacts (case_id);

      -- Dashboards read this, never the contacts table. Buckets are 15 minutes in UTC,
      -- so any business time zone's day and hour boundaries fall on bucket edges.
      CREATE TABLE contact_rollup (
        ${utc('bucket')},
        channel TEXT NOT NULL,
        category TEXT NOT NULL,
        contacts INTEGER NOT NULL DEFAULT 0,
        answered INTEGER NOT NULL DEFAULT 0,
        answered_within_20s INTEGER NOT NULL DEFAULT 0,
        answered_within_30s INTEGER NOT NULL DEFAULT 0,
        abandoned INTEGER NOT NULL DEFAULT 0,
        short_abandoned INTEGER NOT NULL DEFAULT 0,
        callbacks INTEGER NOT NULL DEFAULT 0,
        resolved INTEGER NOT NULL DEFAULT 0,
        escalated INTEGER NOT NULL DEFAULT 0,
        queue_seconds INTEGER NOT NULL DEFAULT 0,
        handle_seconds INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (bucket, channel, category)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE saved_views (
        id INTEGER PRIMARY KEY,
        operator_id INTEGER NOT NULL REFERENCES operators(id),
        page TEXT NOT NULL,
        name TEXT NOT NULL,
        state_json TEXT NOT NULL CHECK (json_valid(state_json)),
        UNIQUE (operator_id, page, name)
      ) STRICT;

      CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY,
        ${utc('at')},
        operator_id INTEGER REFERENCES operators(id),
        operator_role TEXT,
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id TEXT,
        before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
        after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json)),
        note TEXT,
        host TEXT NOT NULL CHECK (host IN ('electron', 'browser', 'system')),
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_by_entity ON audit_events (entity_type, entity_id, id);
      CREATE INDEX audit_by_operator ON audit_events (operator_id, id);
      CREATE INDEX audit_by_action ON audit_events (action, id);
      CREATE INDEX audit_by_at ON audit_events (at, id);

      -- Append-only for the application: history is never rewritten.
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
    `);
  },
};
