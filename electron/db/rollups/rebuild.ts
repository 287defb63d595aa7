import type Database from 'better-sqlite3';
import { addDays, clockFor } from '../../../shared/domain/business-time';
import { ROLLUP_REBUILD_KEY } from '../migrations/0250-rollup-rebuild';
import { BUCKET_MS } from './counters';
import {
  LOCAL_ROLLUPS,
  RANGE_SQL,
  ROLLUP_KEYS,
  ROLLUP_ZONE_KEY,
  quote,
  refillStatements,
  type Range,
  type RollupTargets,
} from './local';

/**
 * Rebuilding the day and hour rollups in a new business time zone beside the old ones (SQLite,
 * on a worker's own write connection), so the dashboards keep reading the old zone's figures
 * until the new ones are whole:
 * 1. the settings change names the new zone (ROLLUP_REBUILD_KEY) in its own transaction; from
 *    then on writers keep adding to the old rollups in the old zone, and the triggers of
 *    migration 0250 note every 15-minute bucket they touch;
 * 2. `buildNextRollups` fills temporary copies from one read snapshot of the 15-minute table,
 *    holding no write lock (temporary tables live outside the database file);
 * 3. `swapInNextRollups`, in one short write transaction, refills the local days of the buckets
 *    noted since step 2 began from the 15-minute table as it is now, replaces the rollups with
 *    the copies and stamps the new zone. Readers see either every old row or every new one.
 */

const NEXT: RollupTargets = {
  contact_rollup_day: 'contact_rollup_day_next',
  contact_rollup_hour: 'contact_rollup_hour_next',
  contact_rollup_hour_channel: 'contact_rollup_hour_channel_next',
};
const tables = Object.keys(NEXT) as (keyof RollupTargets)[];

/** The zone a rebuild is under way for, or null. */
export function pendingRebuild(sqlite: Database.Database): string | null {
  const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(ROLLUP_REBUILD_KEY) as
    { value: string } | undefined;
  return row ? (JSON.parse(row.value) as string) : null;
}

/** Step 2: the new zone's rollups, into this connection's temporary copies. */
export function buildNextRollups(sqlite: Database.Database, zone: string): void {
  // Buckets noted before now are in the snapshot read below.
  sqlite.prepare('DELETE FROM contact_rollup_touched').run();
  sqlite.transaction(() => {
    for (const t of tables) {
      // Unqualified names find the temporary table first: the upserts' SET clauses need them bare.
      sqlite.exec(`DROP TABLE IF EXISTS temp.${NEXT[t]};
        CREATE TEMP TABLE ${NEXT[t]} AS SELECT * FROM main.${t} WHERE 0;
        CREATE UNIQUE INDEX temp.${NEXT[t]}_key ON ${NEXT[t]} (${ROLLUP_KEYS[t].filter((k) => k !== 'weekday').join(', ')})`);
    }
    const range = sqlite.prepare(RANGE_SQL).get() as Range;
    if (!range.lo || !range.hi) return;
    const to = Date.parse(range.hi) + BUCKET_MS;
    for (const s of refillStatements('sqlite', zone, Date.parse(range.lo), to, NEXT)) sqlite.exec(s);
  })();
}

/**
 * Step 3, after buildNextRollups on the same connection. 'stale' when the zone changed again
 * meanwhile: nothing is swapped, and the rebuild for the newer zone follows.
 */
export function swapInNextRollups(sqlite: Database.Database, zone: string): 'swapped' | 'stale' {
  const clock = clockFor(zone);
  return sqlite
    .transaction(() => {
      if (pendingRebuild(sqlite) !== zone) return 'stale' as const;
      const touched = sqlite.prepare('SELECT bucket FROM contact_rollup_touched').pluck().all() as string[];
      const days = new Set(touched.map((b) => clock.date(Date.parse(b))));
      for (const day of days) {
        for (const t of tables) sqlite.prepare(`DELETE FROM ${NEXT[t]} WHERE day = ?`).run(day);
        const from = clock.dayStart(day);
        const to = clock.dayStart(addDays(day, 1));
        for (const s of refillStatements('sqlite', zone, from, to, NEXT)) sqlite.exec(s);
      }
      for (const t of tables) {
        sqlite.exec(`DELETE FROM main.${LOCAL_ROLLUPS[t]}; INSERT INTO main.${LOCAL_ROLLUPS[t]} SELECT * FROM ${NEXT[t]};
        DROP TABLE temp.${NEXT[t]}`);
      }
      sqlite.exec(`INSERT INTO settings (key, value) VALUES (${quote(ROLLUP_ZONE_KEY)}, ${quote(JSON.stringify(zone))})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
      DELETE FROM settings WHERE key = ${quote(ROLLUP_REBUILD_KEY)};
      DELETE FROM contact_rollup_touched`);
      return 'swapped' as const;
    })
    .immediate();
}

/** Steps 2 and 3 for the zone under way, if any. */
export function rebuildPendingRollups(
  sqlite: Database.Database,
): { zone: string; outcome: 'swapped' | 'stale' } | null {
  const zone = pendingRebuild(sqlite);
  if (zone === null) return null;
  buildNextRollups(sqlite, zone);
  return { zone, outcome: swapInNextRollups(sqlite, zone) };
}

/**
 * Step 1, in the settings change's transaction (`run` executes one statement there): a zone
 * the rollups are not built in starts a rebuild; going back to the built zone ends it.
 */
export function noteZoneChange(builtIn: string | null, zone: string): string[] {
  if (builtIn === null) return []; // nothing built yet: the first reader builds them
  if (builtIn === zone) return [`DELETE FROM settings WHERE key = ${quote(ROLLUP_REBUILD_KEY)}`];
  return [
    `INSERT INTO settings (key, value) VALUES (${quote(ROLLUP_REBUILD_KEY)}, ${quote(JSON.stringify(zone))})
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ];
}
