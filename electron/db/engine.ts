import type Database from 'better-sqlite3';
import { PostgresAdapter, type Kysely } from 'kysely';
import { AppError } from '../../shared/contract/errors';
import type { Settings } from '../../shared/contract/app';
import type { DB } from './schema';

export type EngineKind = 'sqlite' | 'postgres';

/**
 * The database the handlers run on: an embedded SQLite file (one desk, demos, tests) or a
 * shared PostgreSQL server (team mode). Handlers use `db` (Kysely) and never learn which;
 * the few places where the two differ ask `kind`, through the helpers in this folder.
 */
export interface Engine {
  readonly kind: EngineKind;
  /** Unique in this process: keys caches that must not leak between two databases. */
  readonly id: number;
  readonly db: Kysely<DB>;
  /** The raw better-sqlite3 connection on the SQLite engine (seeding, the SQLite import worker, backups); null on PostgreSQL. */
  readonly sqlite: Database.Database | null;
  /** Where workers connect: the file path, or the PostgreSQL URL. */
  readonly location: string;
  /** The same location, safe to log (no password). */
  readonly label: string;
  /** The schema version the database is at. */
  schemaVersion(): Promise<number>;
  /**
   * A mark that moves whenever the database changed (cached counts are reused until it does):
   * SQLite's total_changes() on the one connection; on PostgreSQL a counter that every
   * writing statement bumps in its own transaction, so other desktops' writes move it too.
   */
  changeMark(): Promise<string>;
  /** The settings, cached; SQLite reloads on a miss, PostgreSQL keeps them loaded (loadSettings). */
  settings: Settings | null;
  close(): Promise<void>;
}

let nextId = 1;
export const newEngineId = () => nextId++;

/** Which engine a Kysely instance or transaction runs on (a transaction does not carry its Engine). */
export function kindOf(db: Pick<Kysely<DB>, 'getExecutor'>): EngineKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * The raw SQLite connection, for the paths not yet ported to PostgreSQL (the console's own
 * backups). On PostgreSQL they are refused with a clear error instead of
 * failing half-way.
 */
export function requireSqlite(engine: Engine, what: string): Database.Database {
  if (engine.sqlite) return engine.sqlite;
  throw new AppError('NOT_SUPPORTED', `${what} is not available in team mode (PostgreSQL) yet`);
}

/** A `--db` value names a PostgreSQL server when it is a postgres:// or postgresql:// URL. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** The URL without its password, for logs and the About box. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
