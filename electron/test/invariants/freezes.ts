import type Database from 'better-sqlite3';
import { sqlList } from '../../../shared/domain/catalog';
import {
  DEBIT_OPERATIONS,
  EXTRA_CHECKS_NEEDED,
  reasonsLiftedByAuthority,
  reasonsWhere,
  REQUIRED_CHECKS,
} from '../../../shared/domain/freeze';

/**
 * Freezes whose balance may leave, as a payout to the customer's verified card with
 * four-eyes, on the way to closure (FREEZE_RULES; docs/domain.md, "What a freeze blocks").
 */
const PAYOUT_REASONS = sqlList(reasonsWhere('closurePayout', 'four_eyes', 'acknowledge', 'allowed'));
const AUTHORITY = sqlList(reasonsLiftedByAuthority());

/** Each case's freeze: from frozen_at until it was lifted, or for ever while it holds. */
const WINDOWS = `WITH w AS (
  SELECT id, case_no, account_id, reason, status, decision, frozen_at AS from_at,
         CASE WHEN status = 'unfrozen' THEN decided_at ELSE '9999-12-31T00:00:00.000Z' END AS to_at
  FROM freeze_cases)`;

/**
 * Money that left an account while a freeze held it, beyond what its type allows: any debit
 * but the verified closure payout of a risk-rule case; a judicial case lifted or closed, or a
 * refund paid out under it; a closure or payout of any other type.
 */
export function freezeBlockBreaches(sqlite: Database.Database): unknown[] {
  return sqlite
    .prepare(
      `${WINDOWS}
       SELECT 'debit while frozen' AS rule, w.case_no, w.reason, t.txn_no, t.operation, t.created_at AS at FROM w
         JOIN transactions t ON t.account_id = w.account_id AND t.created_at >= w.from_at AND t.created_at < w.to_at
        WHERE t.status = 'settled' AND t.operation <> 'top_up'
          AND NOT (t.txn_no LIKE 'PO' || w.case_no || '%' AND w.reason IN (${PAYOUT_REASONS}))
       UNION ALL
       SELECT 'judicial freeze lifted or closed', w.case_no, w.reason, NULL, w.decision, w.status FROM w
        WHERE w.reason = 'judicial' AND (w.status IN ('unfrozen', 'closed') OR w.decision IN ('unfreeze', 'close'))
       UNION ALL
       SELECT 'refund paid under a judicial freeze', w.case_no, w.reason, r.refund_no, r.status, r.paid_at FROM w
         JOIN transactions t ON t.account_id = w.account_id JOIN refund_requests r ON r.transaction_id = t.id
        WHERE w.reason = 'judicial' AND r.paid_at >= w.from_at AND r.paid_at < w.to_at
       UNION ALL
       SELECT 'closure of a freeze that allows none', w.case_no, w.reason, NULL, w.decision, w.status FROM w
        WHERE w.reason NOT IN (${PAYOUT_REASONS}) AND (w.status = 'closed' OR w.decision = 'close')
       LIMIT 20`,
    )
    .all();
}

/**
 * No money leaves a judicially frozen account, by any path: no debit of any status (payment,
 * transfer, withdrawal, conversion, a staff payout) from the moment of the freeze while it
 * holds, and no payout decision on such a case at all.
 */
export function judicialDebits(sqlite: Database.Database): unknown[] {
  return sqlite
    .prepare(
      `${WINDOWS}
       SELECT 'debit of a judicially frozen account' AS rule, w.case_no, t.txn_no, t.operation, t.status, t.created_at AS at
         FROM w JOIN transactions t ON t.account_id = w.account_id AND t.created_at >= w.from_at AND t.created_at < w.to_at
        WHERE w.reason IN (${AUTHORITY}) AND t.operation IN (${sqlList(DEBIT_OPERATIONS)})
       UNION ALL
       SELECT 'payout decided on a judicial case', w.case_no, NULL, a.action, w.status, a.at FROM w
         JOIN audit_events a ON a.entity_type = 'freeze_case' AND a.entity_id = CAST(w.id AS TEXT)
        WHERE w.reason IN (${AUTHORITY}) AND json_extract(a.after_json, '$.decision') = 'payout'
       LIMIT 20`,
    )
    .all();
}

/** Transactions linked as a freeze's evidence must be the ones its rule saw: in the window just before the freeze, and as many as it says. */
export function evidenceMismatches(sqlite: Database.Database): unknown[] {
  return sqlite
    .prepare(
      `SELECT f.case_no, t.txn_no, t.created_at, f.frozen_at, 'outside the rule''s window' AS problem
         FROM freeze_case_transactions l JOIN freeze_cases f ON f.id = l.case_id JOIN transactions t ON t.id = l.transaction_id
        WHERE t.created_at > f.frozen_at
           OR t.created_at < strftime('%Y-%m-%dT%H:%M:%fZ', f.frozen_at,
                '-' || coalesce(json_extract(f.evidence_json, '$.windowMinutes'), 60) || ' minutes')
       UNION ALL
       SELECT f.case_no, count(*), json_extract(f.evidence_json, '$.transfers'), f.frozen_at, 'count differs from the figures'
         FROM freeze_case_transactions l JOIN freeze_cases f ON f.id = l.case_id
        WHERE f.reason = 'frequent_transfers'
        GROUP BY f.id HAVING count(*) <> json_extract(f.evidence_json, '$.transfers')
       LIMIT 20`,
    )
    .all();
}

const VERIFIED = (caseId: string, before: string | null) => {
  const by = before ? ` AND at <= ${before}` : '';
  return `(${REQUIRED_CHECKS.map(
    (k) => `EXISTS (SELECT 1 FROM identity_checks WHERE case_id = ${caseId} AND check_kind = '${k}'${by})`,
  ).join(' AND ')}
    AND (SELECT count(*) FROM identity_checks WHERE case_id = ${caseId}
          AND check_kind NOT IN (${sqlList(REQUIRED_CHECKS)})${by}) >= ${EXTRA_CHECKS_NEEDED})`;
};

/**
 * Four-eyes and identity on freeze decisions: a closure and a high-risk unfreeze carry a
 * checker who is a supervisor (or admin) other than the maker; a decision awaiting approval
 * has a maker and no checker; an unfreeze and a payout come after the identity checks.
 */
export function caseDecisionBreaches(sqlite: Database.Database): unknown[] {
  return sqlite
    .prepare(
      `SELECT f.case_no, f.status, f.risk, f.maker_id, f.checker_id, 'no second approver' AS problem FROM freeze_cases f
         LEFT JOIN operators m ON m.id = f.maker_id LEFT JOIN operators c ON c.id = f.checker_id
        WHERE (f.status = 'closed' OR (f.status = 'unfrozen' AND f.risk = 'high'))
          AND (m.id IS NULL OR c.id IS NULL OR c.id = m.id OR c.role NOT IN ('supervisor', 'admin'))
       UNION ALL
       SELECT f.case_no, f.status, f.risk, f.maker_id, f.checker_id, 'awaiting without a maker, or already checked'
         FROM freeze_cases f WHERE f.status = 'awaiting_second_approval' AND (f.maker_id IS NULL OR f.checker_id IS NOT NULL)
       UNION ALL
       SELECT f.case_no, f.status, f.risk, f.maker_id, f.checker_id, 'decided by nobody'
         FROM freeze_cases f WHERE f.status IN ('unfrozen', 'kept_frozen', 'closed', 'escalated') AND f.maker_id IS NULL
       UNION ALL
       SELECT f.case_no, f.status, f.risk, f.maker_id, f.checker_id, 'unfrozen without the identity checks'
         FROM freeze_cases f WHERE f.status = 'unfrozen' AND NOT ${VERIFIED('f.id', null)}
       UNION ALL
       SELECT f.case_no, f.status, f.risk, t.txn_no, t.created_at, 'paid out before the identity checks'
         FROM freeze_cases f JOIN transactions t ON t.account_id = f.account_id AND t.txn_no LIKE 'PO' || f.case_no || '%'
        WHERE NOT ${VERIFIED('f.id', 't.created_at')}
       UNION ALL
       SELECT f.case_no, f.status, f.risk, t.txn_no, t.created_at, 'paid out without a payout approved by another supervisor'
         FROM freeze_cases f JOIN transactions t ON t.account_id = f.account_id AND t.txn_no LIKE 'PO' || f.case_no || '%'
        WHERE NOT EXISTS (SELECT 1 FROM audit_events ok JOIN operators c ON c.id = ok.operator_id
                 WHERE ok.entity_type = 'freeze_case' AND ok.entity_id = CAST(f.id AS TEXT) AND ok.action = 'freeze.approved'
                   AND json_extract(ok.after_json, '$.decision') = 'payout' AND json_extract(ok.after_json, '$.txnNo') = t.txn_no
                   AND c.role IN ('supervisor', 'admin') AND ok.at = t.created_at
                   AND EXISTS (SELECT 1 FROM audit_events d WHERE d.entity_type = 'freeze_case' AND d.entity_id = ok.entity_id
                     AND d.action = 'freeze.decided' AND json_extract(d.after_json, '$.decision') = 'payout'
                     AND d.at <= ok.at AND d.operator_id <> ok.operator_id))
       LIMIT 20`,
    )
    .all();
}
