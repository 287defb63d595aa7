import type { Engine } from '../db/engine';
import { isPostgresUrl } from '../db/engine';
import { openDatabase } from '../db/open';
import { sqliteEngine } from '../db/sqlite-engine';
import { openPostgres } from '../db/postgres/engine';
import { loadSettings } from '../db/settings';

export interface EngineTarget {
  /** A SQLite file path, or a postgres:// URL (team mode). */
  db: string;
  /** A CA certificate for the PostgreSQL server's TLS (`--db-ca`, WALLET_OPS_DB_CA). */
  caFile?: string;
  nativeBinding?: string;
  /** SQLite: the audit HMAC key and the start-up health check (OpenOptions). */
  auditKey?: Buffer | null;
  databaseKey?: Buffer | null;
  checkHealth?: boolean;
}

/** Opens and migrates the engine a `--db` value names. */
export async function openEngine(target: EngineTarget): Promise<Engine> {
  if (isPostgresUrl(target.db)) {
    const engine = await openPostgres(target.db, { caFile: target.caFile });
    await loadSettings(engine);
    return engine;
  }
  const { nativeBinding, auditKey, databaseKey, checkHealth } = target;
  return sqliteEngine(openDatabase(target.db, { nativeBinding, auditKey, databaseKey, checkHealth }));
}

export async function isEmpty(engine: Engine): Promise<boolean> {
  const row = await engine.db
    .selectFrom('operators')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}
