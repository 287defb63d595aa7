import type Database from 'better-sqlite3';
import { appendAuditSync, type AuditEntry } from '../db/audit';

/** The i-th of a run of plain refund-approval events, one a minute from a fixed instant. */
export function sampleEvent(i: number): AuditEntry {
  return {
    at: new Date(Date.UTC(2026, 10, 22, 8, i)).toISOString(),
    operatorId: null,
    operatorRole: 'agent',
    action: 'refund.approved',
    entityType: 'refund_request',
    entityId: i,
    before: { status: 'pending' },
    after: { status: 'approved', amountMinor: (i % 5000) * 100 },
    note: i % 10 === 0 ? 'customer called twice' : null,
    host: 'browser',
  };
}

/** Appends `count` sample events. */
export function appendTestEvents(sqlite: Database.Database, count: number, from = 1): void {
  // One transaction: with synchronous = FULL, one commit per event costs an fsync each.
  sqlite.transaction(() => {
    for (let i = from; i < from + count; i++) appendAuditSync(sqlite, sampleEvent(i));
  })();
}
