import type { Migration } from './index';

/** Indexes behind the global search box and the Overview: every lookup is an index seek, never a scan. */
export const searchIndexes: Migration = {
  version: 60,
  name: 'search-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS customers_by_phone ON customers (phone);
      CREATE INDEX IF NOT EXISTS customers_by_name_en_lower ON customers (lower(name_en));
      CREATE INDEX IF NOT EXISTS refund_requests_by_assignee ON refund_requests (assignee_id, status);
      CREATE INDEX IF NOT EXISTS refund_requests_by_requester ON refund_requests (requested_by, status);
    `);
  },
};
