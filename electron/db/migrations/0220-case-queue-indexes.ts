import type { Migration } from './index';

/**
 * The service-case queue sorts by due time or by opening time under each filter it offers.
 * Without these, a filter whose index serves the other sort (kind by opening time, active by
 * due time, owner by due time, customer by opening time) read every matching case and sorted
 * them for each page; the grid-plans test walks every sort × filter on a file with no statistics.
 */
export const CASE_QUEUE_INDEXES_SQL = `
  CREATE INDEX IF NOT EXISTS service_cases_kind_by_due ON service_cases (kind, sla_due_at, id);
  CREATE INDEX IF NOT EXISTS service_cases_active_by_opened ON service_cases (active, opened_at, id);
  CREATE INDEX IF NOT EXISTS service_cases_owner_by_opened ON service_cases (owner_id, opened_at, id);
  CREATE INDEX IF NOT EXISTS service_cases_customer_by_due ON service_cases (customer_id, sla_due_at, id);`;

export const caseQueueIndexes: Migration = {
  version: 220,
  name: 'case-queue-indexes',
  up(db) {
    db.exec(CASE_QUEUE_INDEXES_SQL);
  },
};
