import type { Migration } from './index';

/** The settings key naming the zone a rebuild of the day and hour rollups is under way for. */
export const ROLLUP_REBUILD_KEY = 'calls.rollupRebuildZone';

/**
 * A business-time-zone change rebuilds the day and hour rollups on a worker thread while the
 * old ones stay readable (electron/db/rollups/rebuild.ts). The 15-minute buckets written
 * meanwhile (a contact logged, a file imported, by any connection) are noted here, so the
 * short transaction that swaps the new rollups in refills their days from the 15-minute table.
 * The triggers note nothing unless a rebuild is under way.
 */
export const rollupRebuild: Migration = {
  version: 250,
  name: 'rollup-rebuild',
  up(db) {
    const noted = (event: string, row: 'NEW' | 'OLD') => `
      CREATE TRIGGER IF NOT EXISTS contact_rollup_touched_${event.toLowerCase()} AFTER ${event} ON contact_rollup
      WHEN EXISTS (SELECT 1 FROM settings WHERE key = '${ROLLUP_REBUILD_KEY}')
      BEGIN INSERT OR IGNORE INTO contact_rollup_touched (bucket) VALUES (${row}.bucket); END;`;
    db.exec(`
      CREATE TABLE IF NOT EXISTS contact_rollup_touched (bucket TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
      ${noted('INSERT', 'NEW')}
      ${noted('UPDATE', 'NEW')}
      ${noted('DELETE', 'OLD')}
    `);
  },
};
