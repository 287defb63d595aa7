import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../db/engine';
import { isPostgresUrl } from '../db/engine';
import { openDatabase } from '../db/open';
import { sqliteEngine } from '../db/sqlite-engine';
import { openPostgres, type PostgresEngine } from '../db/postgres/engine';
import { copySqliteToPostgres } from '../db/postgres/copy';
import { loadSettings } from '../db/settings';
import { generateDataset } from '../seed/generate';

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

/**
 * The demo dataset, on either engine. On PostgreSQL the same deterministic generator writes a
 * temporary SQLite file, which is then copied in (rows, sequences and the audit chain, verified),
 * so both engines get exactly the same demo data.
 */
export async function loadDemo(engine: Engine): Promise<{ customers: number; millis: number }> {
  if (engine.sqlite) {
    const s = await generateDataset(engine.sqlite, { scale: 'demo', seed: 1 });
    return { customers: s.customers, millis: s.millis };
  }
  const started = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-demo-'));
  const sqlite = openDatabase(path.join(dir, 'demo.db'));
  // A scratch file, deleted after the copy: no need to wait for the disk on every commit.
  sqlite.pragma('synchronous = OFF');
  try {
    const s = await generateDataset(sqlite, { scale: 'demo', seed: 1 });
    const report = await copySqliteToPostgres(sqlite, engine as PostgresEngine);
    if (!report.chain.intact) throw new Error(`The copied audit chain does not verify: ${report.chain.problem}`);
    await loadSettings(engine);
    return { customers: s.customers, millis: Math.round(performance.now() - started) };
  } finally {
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
