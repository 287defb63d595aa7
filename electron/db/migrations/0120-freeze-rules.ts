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

const LIVE = sqlList(LIVE_CASE_STATUSES);
const AUTHORITY = sqlList(reasonsLiftedByAuthority());
const PAYOUT_ALLOWED = sqlList(reasonsWhere('closurePayout', 'four_eyes', 'acknowledge', 'allowed'));
const CLOSURE_BLOCKED = sqlList(reasonsWhere('closure', 'blocked'));
const DEBIT_BLOCKED = sqlList(reasonsWhere('debit', 'blocked'));
const CREDIT_BLOCKED = sqlList(reasonsWhere('credit', 'blocked'));
const TO_ORIGIN_BLOCKED = sqlList(reasonsWhere('refundToOrigin', 'blocked'));

/** A live case on the account, optionally of one of `reasons`. */
const liveCase = (account: string, reasons?: string) =>
  `EXISTS (SELECT 1 FROM freeze_cases f WHERE f.account_id = ${account} AND f.status IN (${LIVE})` +
  (reasons === undefined ? ')' : ` AND f.reason IN (${reasons}))`);

/**
 * The one way money leaves a frozen account: a payout decision with a maker and a different
 * checker, on an account whose every live freeze allows a staff payout.
 */
const approvedPayout = (account: string) => `(
  EXISTS (SELECT 1 FROM freeze_cases p WHERE p.account_id = ${account} AND p.status = 'awaiting_second_approval'
    AND p.decision = 'payout' AND p.maker_id IS NOT NULL AND p.checker_id IS NOT NULL AND p.checker_id <> p.maker_id)
  AND NOT EXISTS (SELECT 1 FROM freeze_cases f WHERE f.account_id = ${account} AND f.status IN (${LIVE})
    AND f.reason NOT IN (${PAYOUT_ALLOWED})))`;

const identityVerified = (caseId: string) => `(
  (SELECT count(*) FROM identity_checks i WHERE i.case_id = ${caseId} AND i.check_kind IN (${sqlList(REQUIRED_CHECKS)})) = ${REQUIRED_CHECKS.length}
  AND (SELECT count(*) FROM identity_checks i WHERE i.case_id = ${caseId}
    AND i.check_kind NOT IN (${sqlList(REQUIRED_CHECKS)})) >= ${EXTRA_CHECKS_NEEDED})`;

/** A refund request on a frozen account's transaction that the account's freezes refuse. */
const refundBlocked = (txnId: string) => `EXISTS (SELECT 1 FROM transactions t WHERE t.id = ${txnId} AND (
  (t.payment_method = 'balance' AND ${liveCase('t.account_id', CREDIT_BLOCKED)})
  OR (t.payment_method <> 'balance' AND ${liveCase('t.account_id', TO_ORIGIN_BLOCKED)})))`;

/**
 * What a freeze blocks, enforced by the database as well as by main (FREEZE_RULES in
 * shared/domain/freeze.ts, from which these lists are generated; a change to that table
 * needs a new migration). A judicial freeze lets no money out, by any path: no debit, no
 * staff payout, no refund to the card that paid, no closure, no unfreeze. Any other freeze
 * lets money out only by an approved payout decision (maker ≠ checker, identity verified).
 * SQLite dialect (RAISE inside CASE in triggers); a PostgreSQL engine gets its own DDL.
 */
export const freezeRules: Migration = {
  version: 120,
  name: 'freeze-rules',
  up(db) {
    db.exec(`
      -- Debits (payment, transfer, withdrawal, conversion) of an account a live case holds frozen.
      CREATE TRIGGER transactions_frozen_debit BEFORE INSERT ON transactions
      WHEN NEW.operation IN (${sqlList(DEBIT_OPERATIONS)}) AND ${liveCase('NEW.account_id', DEBIT_BLOCKED)}
      BEGIN SELECT CASE
        WHEN ${liveCase('NEW.account_id', AUTHORITY)}
          THEN RAISE(ABORT, 'judicial freeze: no money leaves this account')
        WHEN NOT (NEW.operation = 'withdrawal' AND ${approvedPayout('NEW.account_id')}
          AND NEW.amount_minor = (SELECT balance_minor FROM accounts WHERE id = NEW.account_id))
          THEN RAISE(ABORT, 'frozen account: money leaves only by an approved payout (four-eyes)')
      END; END;

      CREATE TRIGGER accounts_frozen_debit BEFORE UPDATE OF balance_minor ON accounts
      WHEN NEW.balance_minor < OLD.balance_minor AND ${liveCase('NEW.id', DEBIT_BLOCKED)}
      BEGIN SELECT CASE
        WHEN ${liveCase('NEW.id', AUTHORITY)} THEN RAISE(ABORT, 'judicial freeze: no money leaves this account')
        WHEN NOT (NEW.balance_minor = 0 AND ${approvedPayout('NEW.id')})
          THEN RAISE(ABORT, 'frozen account: money leaves only by an approved payout (four-eyes)')
      END; END;

      -- An account stays frozen while a live case holds it; an authority's freeze is never closed here.
      CREATE TRIGGER accounts_stay_frozen BEFORE UPDATE OF status ON accounts
      WHEN NEW.status IS NOT OLD.status AND NEW.status <> 'frozen'
      BEGIN SELECT CASE
        WHEN ${liveCase('NEW.id', AUTHORITY)}
          THEN RAISE(ABORT, 'judicial freeze: the account stays frozen until the authority releases it')
        WHEN NEW.status = 'active' AND ${liveCase('NEW.id')}
          THEN RAISE(ABORT, 'frozen account: a live freeze case still holds it')
      END; END;

      -- A payout is a decision like the others; a judicial case is neither paid out nor closed.
      CREATE TRIGGER freeze_cases_follow_freeze_rules BEFORE UPDATE OF status, decision ON freeze_cases
      WHEN NEW.status IS NOT OLD.status OR NEW.decision IS NOT OLD.decision
      BEGIN SELECT CASE
        WHEN NEW.decision = 'payout' AND NEW.reason IN (${AUTHORITY})
          THEN RAISE(ABORT, 'judicial freeze: no payout from this account')
        WHEN NEW.decision = 'payout' AND NEW.reason NOT IN (${PAYOUT_ALLOWED})
          THEN RAISE(ABORT, 'this freeze type does not allow a staff payout')
        WHEN NEW.decision = 'payout' AND NEW.status = 'awaiting_second_approval'
          AND (NEW.decision_reason IS NULL OR NEW.maker_id IS NULL)
          THEN RAISE(ABORT, 'a payout decision needs a reason code and a maker')
        WHEN NEW.decision = 'payout' AND NEW.status = 'awaiting_second_approval' AND NOT ${identityVerified('NEW.id')}
          THEN RAISE(ABORT, 'a payout needs the identity checks')
        WHEN (NEW.decision = 'close' OR NEW.status = 'closed') AND NEW.reason IN (${CLOSURE_BLOCKED})
          THEN RAISE(ABORT, 'judicial freeze: the account is not closed here')
      END; END;

      CREATE TRIGGER freeze_cases_insert_follow_freeze_rules BEFORE INSERT ON freeze_cases
      WHEN (NEW.reason IN (${AUTHORITY}) AND NEW.status IN ('unfrozen', 'closed'))
        OR (NEW.reason IN (${CLOSURE_BLOCKED}) AND (NEW.status = 'closed' OR NEW.decision = 'close'))
        OR (NEW.decision = 'payout' AND NEW.reason NOT IN (${PAYOUT_ALLOWED}))
      BEGIN SELECT RAISE(ABORT, 'judicial freeze: the case is neither lifted, paid out nor closed here'); END;

      -- Refunds: a request, or its payout, that the account's freezes refuse (a refund to the card of a judicially frozen account).
      CREATE TRIGGER refund_requests_insert_follow_freeze_rules BEFORE INSERT ON refund_requests
      WHEN ${refundBlocked('NEW.transaction_id')}
      BEGIN SELECT RAISE(ABORT, 'judicial freeze: no refund is paid out of this account'); END;

      CREATE TRIGGER refund_requests_payout_follow_freeze_rules BEFORE UPDATE OF status ON refund_requests
      WHEN NEW.status = 'paid' AND OLD.status <> 'paid' AND ${refundBlocked('NEW.transaction_id')}
      BEGIN SELECT RAISE(ABORT, 'judicial freeze: no refund is paid out of this account'); END;
    `);
  },
};
