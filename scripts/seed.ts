import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../electron/db/open';
import { generateDataset, SCALES, type Scale } from '../electron/seed/generate';
import { databaseKeyFromArgs } from './database-key';
import { progressBar } from './progress';
import { withBulkWrites } from '../electron/seed/bulk';

/** npm run seed -- --scale demo|large|huge --seed N --db path [--db-key file] [--force] */
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main() {
  const scale = arg('scale', 'demo') as Scale;
  if (!(scale in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const seed = Number(arg('seed', '1'));
  const db = path.resolve(arg('db', `.cache/seed-${scale}.db`));
  if (fs.existsSync(db)) {
    if (!process.argv.includes('--force')) throw new Error(`${db} exists; pass --force to replace it`);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  }
  // Encrypted with the key browser mode opens it with (or --db-key's).
  const started = performance.now();
  const sqlite = openDatabase(db, { databaseKey: databaseKeyFromArgs(process.argv, { create: true }) });
  const bar = progressBar();
  const summary = await withBulkWrites(
    sqlite,
    () => generateDataset(sqlite, { scale, seed, onProgress: bar, contactsThread: true }),
    bar,
  );
  bar.done();
  sqlite.close();
  const rows =
    summary.transactions +
    summary.contacts +
    summary.customers * 2 +
    summary.refunds +
    summary.freezeCases +
    summary.auditEvents;
  console.log(`Seeded ${scale} (seed ${seed}) into ${db}`);
  console.log(
    `  ${summary.customers} customers, ${summary.transactions} transactions, ${summary.refunds} refund requests, ` +
      `${summary.freezeCases} freeze cases, ${summary.contacts} contacts, ${summary.auditEvents} audit events`,
  );
  const total = (performance.now() - started) / 1000;
  console.log(
    `  rows in ${(summary.millis / 1000).toFixed(1)} s, ${Math.round(rows / (summary.millis / 1000)).toLocaleString('en-US')} rows/s; ` +
      `${total.toFixed(1)} s in all, with the indexes and statistics (${Math.round(rows / total).toLocaleString('en-US')} rows/s)`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
