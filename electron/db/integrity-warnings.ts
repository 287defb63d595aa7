import type Database from 'better-sqlite3';
import type { IntegrityWarning, IntegrityWarningCode } from '../../shared/contract/integrity';

const byConnection = new WeakMap<Database.Database, IntegrityWarning[]>();

/**
 * Warnings for the administrators, found at start or while running (a banner until the app
 * restarts). Each is also an audit event, written by whoever raised it, so it outlives the
 * process.
 */
export function raiseWarning(
  sqlite: Database.Database,
  code: IntegrityWarningCode,
  details: IntegrityWarning['details'] = {},
  at = new Date(),
): void {
  const list = byConnection.get(sqlite) ?? [];
  list.push({ code, at: at.toISOString(), details });
  byConnection.set(sqlite, list);
}

/** None on a team (PostgreSQL) engine yet: the start-up checks that raise them are SQLite's. */
export function warningsOf(sqlite: Database.Database | null): IntegrityWarning[] {
  return [...((sqlite && byConnection.get(sqlite)) ?? [])];
}
