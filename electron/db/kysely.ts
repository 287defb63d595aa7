import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type LogEvent } from 'kysely';
import type { DB } from './schema';

/**
 * Kysely over the one better-sqlite3 connection. Its SQLite driver holds the
 * connection for the whole of a transaction, so nothing interleaves inside one;
 * never await anything but the database inside a transaction.
 */
export function createKysely(
  sqlite: Database.Database,
  onQuery?: (sql: string, params: readonly unknown[]) => void,
): Kysely<DB> {
  const log = onQuery ? (e: LogEvent) => onQuery(e.query.sql, e.query.parameters) : undefined;
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), log });
}
