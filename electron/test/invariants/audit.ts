import type Database from 'better-sqlite3';

const has = (entity: string, id: string, condition: string) =>
  `EXISTS (SELECT 1 FROM audit_events a WHERE a.entity_type = '${entity}' AND a.entity_id = CAST(${id} AS TEXT) AND ${condition})`;

/**
 * Decisions without the audit event their handler writes in the same transaction: a freeze
 * decision and its second approval, a refund in any state past pending (the event that
 * moved it there), a fee version past draft.
 */
export function unauditedDecisions(sqlite: Database.Database): unknown[] {
  return sqlite
    .prepare(
      `SELECT 'freeze_case' AS entity, case_no AS no, status FROM freeze_cases f
        WHERE decision IS NOT NULL AND NOT ${has('freeze_case', 'f.id', "a.action = 'freeze.decided'")}
       UNION ALL
       SELECT 'freeze_case', case_no, status FROM freeze_cases f
        WHERE checker_id IS NOT NULL AND NOT ${has('freeze_case', 'f.id', "a.action = 'freeze.approved'")}
       UNION ALL
       SELECT 'refund_request', refund_no, status FROM refund_requests r
        WHERE status <> 'pending' AND NOT ${has('refund_request', 'r.id', "json_extract(a.after_json, '$.status') = r.status")}
       UNION ALL
       SELECT 'fee_version', id, status FROM fee_schedule_versions v
        WHERE status <> 'draft' AND NOT ${has('fee_version', 'v.id', "json_extract(a.after_json, '$.status') = v.status")}
       LIMIT 20`,
    )
    .all();
}
