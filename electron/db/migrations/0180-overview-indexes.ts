import type { Migration } from './index';

/**
 * "Decided by me today" on the Overview counts one operator's decision events since the start
 * of the business day. With only (operator_id, id) the count walked every event that operator
 * ever wrote (378k for a busy supervisor at the huge scale); (operator_id, at) seeks to today.
 */
export const overviewIndexes: Migration = {
  version: 180,
  name: 'overview-indexes',
  up(db) {
    db.exec(`CREATE INDEX IF NOT EXISTS audit_by_operator_at ON audit_events (operator_id, at, action);`);
  },
};
