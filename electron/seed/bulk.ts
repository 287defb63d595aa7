import type Database from 'better-sqlite3';

/**
 * Runs a bulk load into a new, scratch database file with the journal in memory and no fsync:
 * each batch's pages are written once, straight to the file, instead of to the WAL and again at
 * every checkpoint (a `large` build wrote many times its size that way). Only for files nobody
 * else has open and that are thrown away if the load fails (npm run seed, the bench, the e2e
 * template): a crash mid-load leaves a damaged file. Afterwards the file is back in WAL with
 * synchronous=FULL, the state the app keeps its databases in.
 */
export async function withBulkWrites<T>(sqlite: Database.Database, load: () => Promise<T>): Promise<T> {
  const synchronous = sqlite.pragma('synchronous', { simple: true });
  sqlite.pragma('journal_mode = MEMORY');
  sqlite.pragma('synchronous = OFF');
  try {
    return await load();
  } finally {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${Number(synchronous)}`);
  }
}
