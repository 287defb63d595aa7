import type Database from 'better-sqlite3';
import { rebuildLocalRollups } from '../db/rollups/local';
import { ROLLUP_FROM_CONTACTS } from '../db/migrations/0050-call-volumes';

/**
 * Rows that differ between the rollups and a full recomputation from contacts: the
 * 15-minute table against contacts, and the day and hour tables against a rebuild from
 * the 15-minute table in the zone they were built in. Empty when consistent.
 */
export function rollupDifferences(sqlite: Database.Database, zone: string): string[] {
  const diffs: string[] = [];
  const stored = 'SELECT * FROM contact_rollup';
  for (const [a, b, label] of [
    [stored, ROLLUP_FROM_CONTACTS, 'extra in contact_rollup'],
    [ROLLUP_FROM_CONTACTS, stored, 'missing from contact_rollup'],
  ]) {
    for (const r of sqlite.prepare(`${a} EXCEPT ${b} LIMIT 5`).all()) diffs.push(`${label}: ${JSON.stringify(r)}`);
  }
  const snapshot = (t: string) => sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all();
  const tables = ['contact_rollup_day', 'contact_rollup_hour', 'contact_rollup_hour_channel'];
  const before = tables.map(snapshot);
  sqlite.exec('SAVEPOINT rollup_check');
  try {
    rebuildLocalRollups(sqlite, zone);
    tables.forEach((table, i) => {
      if (JSON.stringify(snapshot(table)) !== JSON.stringify(before[i])) diffs.push(`${table} differs from a rebuild`);
    });
  } finally {
    sqlite.exec('ROLLBACK TO rollup_check; RELEASE rollup_check');
  }
  return diffs;
}
