import type Database from 'better-sqlite3';
import { refreshStatistics } from '../db/open';

/**
 * Runs a bulk load into a new, scratch database file with the journal in memory and no fsync:
 * each batch's pages are written once, straight to the file, instead of to the WAL and again at
 * every checkpoint (a `large` build wrote many times its size that way). Only for files nobody
 * else has open and that are thrown away if the load fails (npm run seed, the bench, the e2e
 * template): a crash mid-load leaves a damaged file. Afterwards the file is back in WAL with
 * synchronous=FULL, the state the app keeps its databases in.
 */
export async function withBulkWrites<T>(
  sqlite: Database.Database,
  load: () => Promise<T>,
  onProgress: (stage: 'indexes' | 'statistics', done: number, total: number) => void = () => {},
): Promise<T> {
  const synchronous = sqlite.pragma('synchronous', { simple: true });
  sqlite.pragma('journal_mode = MEMORY');
  sqlite.pragma('synchronous = OFF');
  const deferred = dropSecondaryIndexes(sqlite, DEFERRED_TABLES);
  let loaded = false;
  try {
    const result = await load();
    loaded = true;
    return result;
  } finally {
    // Built once from sorted keys: far cheaper than a random insert into each per row. At the
    // huge scale this takes minutes, so it reports as it goes. SQLite sorts in runs the size of
    // the page cache: with the default 2 MB, a `large` table's keys spill into hundreds of runs
    // merged through temporary files (at a twentieth of `huge`, 5.0–5.7 s with it, 3.5–4.3 s
    // with 512 MB).
    const cache = sqlite.pragma('cache_size', { simple: true });
    sqlite.pragma(`cache_size = ${SORT_CACHE}`);
    deferred.forEach((create, i) => {
      onProgress('indexes', i, deferred.length);
      sqlite.exec(create);
    });
    onProgress('indexes', deferred.length, deferred.length);
    sqlite.pragma(`cache_size = ${cache}`);
    // The planner statistics the app's open would otherwise gather on main before serving its
    // first start on this file: 22.8 s at the huge scale for a file without any (open.ts).
    if (loaded) {
      onProgress('statistics', 0, 1);
      refreshStatistics(sqlite);
      onProgress('statistics', 1, 1);
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${Number(synchronous)}`);
  }
}

/** 512 MB, in KiB (a negative cache_size is a size, not pages). */
const SORT_CACHE = -524_288;

/**
 * The tables a load writes millions of rows to in an order that is not their indexes' order
 * (the generator writes a customer at a time, so times, amounts, names and phones arrive at
 * random, and each refund's status changes move it in a dozen indexes). Nothing the load
 * itself reads goes through these indexes: the refund rules read a transaction and a request
 * by primary key, the freeze rules read freeze_cases, and unique constraints stay in place.
 * Deferring customers, accounts and refund requests as well made the customers stage 35 → 23 s
 * at a twentieth of `huge` (same machine, both runs side by side), with the same rows; freeze
 * cases (all but the index their rules read) and audit events as well, 58.8 → 54.5 s in all.
 */
const DEFERRED_TABLES = [
  'transactions',
  'contacts',
  'customers',
  'accounts',
  'refund_requests',
  'freeze_cases',
  'audit_events',
];

/**
 * Kept while loading. `freeze_cases_by_account` is read: every freeze rule finds an account's
 * cases through it. The others are written in their own order, so each insert lands on the
 * last pages of the B-tree, which stay in the page cache: a customer's transactions arrive
 * together, and contacts in time order (those with no case keyed by rowid). Built afterwards,
 * each costs a full scan and sort of its table: at `huge`, 15 s for transactions by account,
 * 20 and 9 s for contacts by time and by case, while keeping them cost the load nothing
 * measurable. The audit indexes were tried too (events are chained in time order): at `huge`
 * the audit stage went 48 → 93 s, more than their 22 s of builds.
 */
const KEPT_INDEXES = ['freeze_cases_by_account', 'transactions_by_account', 'contacts_by_started', 'contacts_by_case'];

/** Drops the tables' secondary indexes and returns the statements that make them again. */
function dropSecondaryIndexes(sqlite: Database.Database, tables: string[]): string[] {
  const indexes = sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
       AND tbl_name IN (${tables.map(() => '?').join(', ')}) AND name NOT IN (${KEPT_INDEXES.map(() => '?').join(', ')})`,
    )
    .all(...tables, ...KEPT_INDEXES) as { name: string; sql: string }[];
  for (const i of indexes) sqlite.exec(`DROP INDEX "${i.name}"`);
  return indexes.map((i) => i.sql);
}
