import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../db/engine';
import { openDatabase } from '../db/open';
import type { PostgresEngine } from '../db/postgres/engine';
import { copySqliteToPostgres } from '../db/postgres/copy';
import { loadSettings } from '../db/settings';
import { generateDataset } from './generate';

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
