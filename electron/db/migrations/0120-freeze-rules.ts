import type { Migration } from './index';
import { sqlList } from '../../../shared/domain/catalog';
import {
  DEBIT_OPERATIONS,
  EXTRA_CHECKS_NEEDED,
  LIVE_CASE_STATUSES,
  reasonsLiftedByAuthority,
  reasonsWhere,
  REQUIRED_CHECKS,
} from '../../../shared/domain/freeze';

/*
 * The conditions are plain SQL that both engines read alike; PostgreSQL's twin
 * (electron/db/postgres/freeze-rules.ts) wraps the same ones in PL/pgSQL.
 */
export const LIVE = sqlList(LIVE_CASE_STATUSES);
export const AUTHORITY = sqlList(reasonsLiftedByAuthority());
export const PAYOUT_ALLOWED = sqlList(reasonsWhere('closurePayout', 'four_eyes', 'acknowledge', 'allowed'));
export const CLOSURE_BLOCKED = sqlList(reasonsWhere('closure', 'blocked'));
export const DEBIT_BLOCKED = sqlList(reasonsWhere('debit', 'blocked'));
export const CREDIT_BLOCKED = sqlList(reasonsWhere('credit', 'blocked'));
export const TO_ORIGIN_BLOCKED = sqlList(reasonsWhere('refundToOrigin', 'blocked'));

/** A live case on the account, optionally of one of `reasons` (none: PostgreSQL has no empty IN list). */
export const liveCase = (account: string, reasons?: string) =>
  reasons === ''
    ? 'FALSE'
    : `EXISTS (SELECT 1 FROM freeze_cases f WHERE f.account_id = ${account} AND f.status IN (${LIVE})` +
      (reasons === undefined ? ')' : ` AND f.reason IN (${reasons}))`);

/**
 * The one way money leaves a frozen account: a payout decision with a maker and a different
 * checker, on an account whose every live freeze allows a staff payout.
 */
export const approvedPayout = (account: string) => `(
  EXISTS (SELECT 1 FROM freeze_cases p WHERE p.account_id = ${account} AND p.status = 'awaiting_second_approval'
    AND p.decision = 'payout' AND p.maker_id IS NOT NULL AND p.checker_id IS NOT NULL AND p.checker_id <> p.maker_id)
  AND NOT EXISTS (SELECT 1 FROM freeze_cases f WHERE f.account_id = ${account} AND f.status IN (${LIVE})
    AND f.reason NOT IN (${PAYOUT_ALLOWED})))`;

export const identityVerified = (caseId: string) => `(
  (SELECT count(*) FROM identity_checks i WHERE i.case_id = ${caseId} AND i.check_kind IN (${sqlList(REQUIRED_CHECKS)})) = ${REQUIRED_CHECKS.length}
  AND (SELECT count(*) FROM identity_checks i WHERE i.case_id = ${caseId}
    AND i.check_kind NOT IN (${sqlList(REQUIRED_CHECKS)})) >= ${EXTRA_CHECKS_NEEDED})`;

/** A refund request on a frozen account's transaction that the account's freezes refuse. */
export const refundBlocked = (txnId: string) => `EXISTS (SELECT 1 FROM transactions t WHERE t.id = ${txnId} AND (
  (t.payment_method = 'balance' AND ${liveCase('t.account_id', CREDIT_BLOCKED)})
  OR (t.payment_method <> 'balance' AND ${liveCase('t.account_id', TO_ORIGIN_BLOCKED)})))`;

const JUDICIAL_NO_DEBIT = 'judicial freeze: no money leaves this account';
const PAYOUT_ONLY = 'frozen account: money leaves only by an approved payout (four-eyes)';
const JUDICIAL_NO_REFUND = 'judicial freeze: no refund is paid out of this account';

/**
 * One freeze rule as a BEFORE trigger, in words both engines render: on `events` of `table`,
 * when `when` holds, the first of `refusals` whose condition holds refuses the change with
 * its message. SQLite renders it as RAISE inside CASE; PostgreSQL as a PL/pgSQL function.
 */
export interface FreezeTrigger {
  name: string;
  table: string;
  events: string;
  when: string;
  refusals: [condition: string, message: string][];
}

/**
 * What a freeze blocks, enforced by the database as well as by main (FREEZE_RULES in
 * shared/domain/freeze.ts, from which these lists are generated; a change to that table
 * needs a new migration). A judicial freeze lets no money out, by any path: no debit, no
 * staff payout, no refund to the card that paid, no closure, no unfreeze. Any other freeze
 * lets money out only by an approved payout decision (maker ≠ checker, identity verified).
 */
export const FREEZE_TRIGGERS: FreezeTrigger[] = [
  // Debits (payment, transfer, withdrawal, conversion) of an account a live case holds frozen.
  {
    name: 'transactions_frozen_debit',
    table: 'transactions',
    events: 'INSERT',
    when: `NEW.operation IN (${sqlList(DEBIT_OPERATIONS)}) AND ${liveCase('NEW.account_id', DEBIT_BLOCKED)}`,
    refusals: [
      [liveCase('NEW.account_id', AUTHORITY), JUDICIAL_NO_DEBIT],
      [
        `NOT (NEW.operation = 'withdrawal' AND ${approvedPayout('NEW.account_id')}
          AND NEW.amount_minor = (SELECT balance_minor FROM accounts WHERE id = NEW.account_id))`,
        PAYOUT_ONLY,
      ],
    ],
  },
  {
    name: 'accounts_frozen_debit',
    table: 'accounts',
    events: 'UPDATE OF balance_minor',
    when: `NEW.balance_minor < OLD.balance_minor AND ${liveCase('NEW.id', DEBIT_BLOCKED)}`,
    refusals: [
      [liveCase('NEW.id', AUTHORITY), JUDICIAL_NO_DEBIT],
      [`NOT (NEW.balance_minor = 0 AND ${approvedPayout('NEW.id')})`, PAYOUT_ONLY],
    ],
  },
  // An account stays frozen while a live case holds it; an authority's freeze is never closed here.
  {
    name: 'accounts_stay_frozen',
    table: 'accounts',
    events: 'UPDATE OF status',
    when: `NEW.status IS DISTINCT FROM OLD.status AND NEW.status <> 'frozen'`,
    refusals: [
      [liveCase('NEW.id', AUTHORITY), 'judicial freeze: the account stays frozen until the authority releases it'],
      [`NEW.status = 'active' AND ${liveCase('NEW.id')}`, 'frozen account: a live freeze case still holds it'],
    ],
  },
  // A payout is a decision like the others; a judicial case is neither paid out nor closed.
  {
    name: 'freeze_cases_follow_freeze_rules',
    table: 'freeze_cases',
    events: 'UPDATE OF status, decision',
    when: 'NEW.status IS DISTINCT FROM OLD.status OR NEW.decision IS DISTINCT FROM OLD.decision',
    refusals: [
      [`NEW.decision = 'payout' AND NEW.reason IN (${AUTHORITY})`, 'judicial freeze: no payout from this account'],
      [
        `NEW.decision = 'payout' AND NEW.reason NOT IN (${PAYOUT_ALLOWED})`,
        'this freeze type does not allow a staff payout',
      ],
      [
        `NEW.decision = 'payout' AND NEW.status = 'awaiting_second_approval'
          AND (NEW.decision_reason IS NULL OR NEW.maker_id IS NULL)`,
        'a payout decision needs a reason code and a maker',
      ],
      [
        `NEW.decision = 'payout' AND NEW.status = 'awaiting_second_approval' AND NOT ${identityVerified('NEW.id')}`,
        'a payout needs the identity checks',
      ],
      [
        `(NEW.decision = 'close' OR NEW.status = 'closed') AND NEW.reason IN (${CLOSURE_BLOCKED})`,
        'judicial freeze: the account is not closed here',
      ],
    ],
  },
  {
    name: 'freeze_cases_insert_follow_freeze_rules',
    table: 'freeze_cases',
    events: 'INSERT',
    when: `(NEW.reason IN (${AUTHORITY}) AND NEW.status IN ('unfrozen', 'closed'))
        OR (NEW.reason IN (${CLOSURE_BLOCKED}) AND (NEW.status = 'closed' OR NEW.decision = 'close'))
        OR (NEW.decision = 'payout' AND NEW.reason NOT IN (${PAYOUT_ALLOWED}))`,
    refusals: [['TRUE', 'judicial freeze: the case is neither lifted, paid out nor closed here']],
  },
  // Refunds: a request, or its payout, that the account's freezes refuse (a refund to the card of a judicially frozen account).
  {
    name: 'refund_requests_insert_follow_freeze_rules',
    table: 'refund_requests',
    events: 'INSERT',
    when: refundBlocked('NEW.transaction_id'),
    refusals: [['TRUE', JUDICIAL_NO_REFUND]],
  },
  {
    name: 'refund_requests_payout_follow_freeze_rules',
    table: 'refund_requests',
    events: 'UPDATE OF status',
    when: `NEW.status = 'paid' AND OLD.status <> 'paid' AND ${refundBlocked('NEW.transaction_id')}`,
    refusals: [['TRUE', JUDICIAL_NO_REFUND]],
  },
];

export const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** SQLite's dialect of a freeze trigger: RAISE inside CASE. */
const sqliteTrigger = (t: FreezeTrigger) => `
  CREATE TRIGGER ${t.name} BEFORE ${t.events} ON ${t.table}
  WHEN ${t.when}
  BEGIN SELECT CASE
    ${t.refusals.map(([when, message]) => `WHEN ${when} THEN RAISE(ABORT, ${sqlString(message)})`).join('\n    ')}
  END; END;`;

export const freezeRules: Migration = {
  version: 120,
  name: 'freeze-rules',
  up(db) {
    db.exec(FREEZE_TRIGGERS.map(sqliteTrigger).join('\n'));
  },
};
