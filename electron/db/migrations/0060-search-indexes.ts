import type { Migration } from './index';

/** Indexes behind the global search box and the Overview: every lookup is an index seek, never a scan. */
export const searchIndexes: Migration = {
  version: 60,
  name: 'search-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX customers_by_phone ON customers (phone);
      CREATE INDEX customers_by_name_zh ON customers (name_zh);
      CREATE INDEX customers_by_name_en_lower ON customers (lower(name_en));
      CREATE INDEX freeze_cases_by_owner ON freeze_cases (owner_id, status, sla_due_at);
      CREATE INDEX refund_requests_by_assignee ON refund_requests (assignee_id, status);
      CREATE INDEX refund_requests_by_requester ON refund_requests (requested_by, status);
    `);
  },
};
