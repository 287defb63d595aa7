import type { Migration } from './index';

/**
 * The refunds queue's "Requested by me". On open work (also the Overview's "my open requests")
 * it walked every open request in request-time order looking for the caller's: 5,508 rows and
 * 40–50 ms at the huge scale, for a supervisor who had requested none. Alone, it read all of
 * the caller's requests from (requested_by, status) and sorted them. The requester, then each
 * sort, serve both in order and stop after a page.
 */
export const REQUESTER_QUEUE_INDEXES_SQL = `
  CREATE INDEX IF NOT EXISTS refund_requests_open_by_requester
    ON refund_requests ((status IN ('pending', 'awaiting_second_approval')), requested_by, requested_at, id);
  CREATE INDEX IF NOT EXISTS refund_requests_requester_by_requested ON refund_requests (requested_by, requested_at, id);
  CREATE INDEX IF NOT EXISTS refund_requests_requester_by_amount ON refund_requests (requested_by, amount_minor, id);`;

export const requesterQueueIndexes: Migration = {
  version: 260,
  name: 'requester-queue-indexes',
  up(db) {
    db.exec(REQUESTER_QUEUE_INDEXES_SQL);
  },
};
