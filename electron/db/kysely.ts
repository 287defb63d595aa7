import type Database from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type LogEvent,
  type Transaction,
} from 'kysely';
import type { DB } from './schema';

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE). With a plain BEGIN a
 * transaction that reads first and writes later can fail with SQLITE_BUSY, busy_timeout
 * notwithstanding, while another connection (the import worker) commits. SQLite-specific.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(private readonly sqlite: Database.Database) {
    super({ database: sqlite });
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * After SQLITE_FULL, SQLITE_IOERR and a few others SQLite has already rolled the
   * transaction back itself; a second ROLLBACK fails ("cannot rollback - no transaction is
   * active") and Kysely would report that instead of the disk being full.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: Database.Database) {
    super({ database: sqlite });
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.sqlite);
  }
}

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
  return new Kysely<DB>({ dialect: new ImmediateSqliteDialect(sqlite), log });
}

/** A Kysely transaction on the console's schema; every write runs in one. */
export type Trx = Transaction<DB>;
