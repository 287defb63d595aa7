import type { Migration } from './index';

/**
 * Indexes behind the queues as they open: the refunds queue starts on open work (pending or awaiting a
 * second approval), and the customers list filters by segment.
 *
 * Open work is indexed on the expression "is open" (then the sort column and id), not as a partial
 * index: with `status IN (…)` SQLite 3.5x prefers (status, requested_at, id), reads both statuses and
 * sorts them, whatever partial index exists. The queue filters on exactly this expression
 * (refunds/queries.ts OPEN_WORK), so the planner walks it in sort order and stops after a page.
 */
export const queueIndexes: Migration = {
  version: 160,
  name: 'queue-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS refund_requests_open_by_requested
        ON refund_requests ((status IN ('pending', 'awaiting_second_approval')), requested_at, id);
      CREATE INDEX IF NOT EXISTS refund_requests_open_by_amount
        ON refund_requests ((status IN ('pending', 'awaiting_second_approval')), amount_minor, id);
      CREATE INDEX IF NOT EXISTS customers_by_segment ON customers (segment, registered_at, id);
      CREATE INDEX IF NOT EXISTS customers_by_segment_name ON customers (segment, name_en, id);
    `);
  },
};
