import type { Migration } from './index';

/**
 * Each audit event's keyed MAC: HMAC-SHA-256 of its chain hash under a key kept outside the
 * database (electron/db/audit-key.ts). Events written before this have none; the first
 * signed checkpoint vouches for them (electron/db/audit-anchor.ts).
 */
export const auditMac: Migration = {
  version: 170,
  name: 'audit-mac',
  up(db) {
    db.exec('ALTER TABLE audit_events ADD COLUMN mac TEXT');
  },
};
