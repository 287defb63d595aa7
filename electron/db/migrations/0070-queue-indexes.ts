import type { Migration } from './index';

/**
 * Indexes behind the queues as they open: the refunds queue starts on open work (pending or awaiting a
 * second approval), and the customers list filters by segment. Partial indexes on the open statuses let
 * the planner walk open requests in sort order, without a sort step, whichever sort is picked.
 */
export const queueIndexes: Migration = {
  version: 70,
  name: 'queue-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS refund_requests_open_by_requested ON refund_requests (requested_at, id)
        WHERE status IN ('pending', 'awaiting_second_approval');
      CREATE INDEX IF NOT EXISTS refund_requests_open_by_amount ON refund_requests (amount_minor, id)
        WHERE status IN ('pending', 'awaiting_second_approval');
      CREATE INDEX IF NOT EXISTS customers_by_segment ON customers (segment, registered_at, id);
      CREATE INDEX IF NOT EXISTS customers_by_segment_name ON customers (segment, name_en, id);
    `);
  },
};
