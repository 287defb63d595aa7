import type Database from 'better-sqlite3';
import { sqlList } from '../../../shared/domain/catalog';
import { OPEN_STATUSES, REFUND_SLA_HOURS } from '../../../shared/domain/refunds';

/** An operator's refund limit in the request's currency, under the limits in force (the demo never changes them). */
const limitOf = (alias: string) =>
  `coalesce((SELECT max_minor FROM approval_limits l JOIN operators o ON o.role = l.role
     WHERE o.id = ${alias} AND l.kind = 'refund' AND l.currency = r.currency), 0)`;
const HIGHEST = `(SELECT max(max_minor) FROM approval_limits WHERE kind = 'refund' AND currency = r.currency)`;

/**
 * Four-eyes on refunds, as approvalStep decides it: a request waits for a second approval
 * only when the first approver's limit did not cover it; one approved beyond the first
 * approver's limit names a second, different approver whose limit covers it (or is the
 * highest there is); nobody approves their own request; a pending one has no approver yet.
 */
export function refundApprovalBreaches(sqlite: Database.Database): unknown[] {
  return sqlite
    .prepare(
      `SELECT r.refund_no, r.status, r.amount_minor, r.first_approver_id, r.second_approver_id,
              'awaits a second approval it does not need' AS problem FROM refund_requests r
        WHERE r.status = 'awaiting_second_approval'
          AND (r.first_approver_id IS NULL OR r.second_approver_id IS NOT NULL OR r.amount_minor <= ${limitOf('r.first_approver_id')})
       UNION ALL
       SELECT r.refund_no, r.status, r.amount_minor, r.first_approver_id, r.second_approver_id, 'approved beyond its approvers'
         FROM refund_requests r
        WHERE r.status IN ('approved', 'paid', 'failed')
          AND (r.first_approver_id IS NULL OR (r.amount_minor > ${limitOf('r.first_approver_id')} AND (
                r.second_approver_id IS NULL OR r.second_approver_id = r.first_approver_id
                OR (r.amount_minor > ${limitOf('r.second_approver_id')} AND ${limitOf('r.second_approver_id')} < ${HIGHEST}))))
       UNION ALL
       SELECT r.refund_no, r.status, r.amount_minor, r.first_approver_id, r.second_approver_id, 'approved by its requester'
         FROM refund_requests r WHERE r.requested_by IN (r.first_approver_id, r.second_approver_id)
       UNION ALL
       SELECT r.refund_no, r.status, r.amount_minor, r.first_approver_id, r.second_approver_id, 'pending with an approver'
         FROM refund_requests r
        WHERE r.status = 'pending' AND (r.first_approver_id IS NOT NULL OR r.second_approver_id IS NOT NULL)
       LIMIT 20`,
    )
    .all();
}

/**
 * Every approval limit has requests waiting on both sides of it, so the queue shows work an
 * agent takes alone and work that needs someone with a higher limit, or a second person.
 */
export function limitsWithoutBothSides(sqlite: Database.Database): unknown[] {
  return sqlite
    .prepare(
      `SELECT l.role, l.currency, l.max_minor,
              (SELECT count(*) FROM refund_requests r WHERE r.status = 'pending' AND r.currency = l.currency
                AND r.amount_minor <= l.max_minor) AS within,
              (SELECT count(*) FROM refund_requests r WHERE r.status = 'pending' AND r.currency = l.currency
                AND r.amount_minor > l.max_minor) AS above
         FROM approval_limits l WHERE l.kind = 'refund' AND l.max_minor > 0
          AND l.currency IN (SELECT currency FROM refund_requests)`,
    )
    .all()
    .filter((r) => !(r as { within: number }).within || !(r as { above: number }).above);
}

/** Open refund requests and how many are past their SLA (decided within REFUND_SLA_HOURS of the request). */
export function refundSla(sqlite: Database.Database, now: string): { open: number; overdue: number } {
  const due = new Date(Date.parse(now) - REFUND_SLA_HOURS * 3_600_000).toISOString();
  const row = sqlite
    .prepare(
      `SELECT count(*) AS open, coalesce(sum(requested_at < ?), 0) AS overdue FROM refund_requests
        WHERE status IN (${sqlList(OPEN_STATUSES)})`,
    )
    .get(due) as { open: number; overdue: number };
  return row;
}
