import type Database from 'better-sqlite3';
import { createKysely } from './kysely';
import { newEngineId, type Engine } from './engine';
import { schemaVersion } from './open';

/** The embedded engine around an open (migrated) better-sqlite3 connection. */
export function sqliteEngine(
  sqlite: Database.Database,
  onQuery?: (sql: string, params: readonly unknown[]) => void,
): Engine {
  const id = newEngineId();
  return {
    kind: 'sqlite',
    id,
    db: createKysely(sqlite, onQuery),
    sqlite,
    location: sqlite.name,
    label: sqlite.name,
    settings: null,
    async schemaVersion() {
      return schemaVersion(sqlite);
    },
    async changeMark() {
      // Every write goes through this one connection (workers write their own tables and announce it).
      return `${id}:${(sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n}`;
    },
    async close() {
      if (sqlite.open) sqlite.close();
    },
  };
}
