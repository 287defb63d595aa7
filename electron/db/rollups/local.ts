import type Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { clockFor, type ZoneClock } from '../../../shared/domain/business-time';
import { chunks } from '../chunks';
import { kindOf, type EngineKind } from '../engine';
import { ROLLUP_REBUILD_KEY } from '../migrations/0250-rollup-rebuild';
import type { DB } from '../schema';
import { readSettings } from '../settings';
import { BUCKET_MS, ROLLUP_COUNTERS, onConflictAddSql, upsertSql, type Counters } from './counters';

export { clockFor };

/** The settings key holding the zone the day and hour rollups were built in. */
export const ROLLUP_ZONE_KEY = 'calls.rollupTimeZone';
const DAY_MS = 86_400_000;

/** Each rollup table's key columns, in the order its rows carry them. */
export const ROLLUP_KEYS = {
  contact_rollup: ['bucket', 'channel', 'category'],
  contact_rollup_day: ['day', 'channel', 'category'],
  contact_rollup_hour: ['day', 'hour', 'weekday', 'channel', 'category'],
  contact_rollup_hour_channel: ['day', 'hour', 'weekday', 'channel'],
} as const;
export type RollupTable = keyof typeof ROLLUP_KEYS;

/** Rows to add into one rollup table: key values (ROLLUP_KEYS order), then the counters. */
export interface RollupRows {
  table: RollupTable;
  rows: { key: (string | number)[]; counters: Counters }[];
}

export interface BucketRow {
  bucket: string;
  channel: string;
  category: string;
  counters: Counters;
}

/**
 * Makes the day and hour rollups follow the business time zone and returns the zone they are
 * in. A zone change rebuilds them from the 15-minute table (every local boundary is a bucket
 * edge), in the caller's transaction or a new one, unless a rebuild is under way on a worker
 * (SQLite, electron/db/rollups/rebuild.ts): then they stay in the zone they were built in
 * until it swaps the new ones in, and writers add to them in that zone. The raw-connection
 * form, for the seed and the SQLite import worker; syncLocalRollupsIn is the same through
 * Kysely, on either engine.
 */
export function syncLocalRollups(sqlite: Database.Database, zone = readSettings(sqlite).timeZone): string {
  const stamps = sqlite.prepare(STAMPS_SQL).all() as Stamp[];
  const built = stampedZone(stamps, zone);
  if (built !== null) return built;
  sqlite.transaction(() => rebuildLocalRollups(sqlite, zone))();
  return zone;
}

/** syncLocalRollups through Kysely: in the caller's transaction, or a new one. */
export async function syncLocalRollupsIn(db: Kysely<DB>, zone: string): Promise<string> {
  const stamps = (await sql.raw<Stamp>(STAMPS_SQL).execute(db)).rows;
  const built = stampedZone(stamps, zone);
  if (built !== null) return built;
  if (db.isTransaction) await rebuildLocalRollupsIn(db, zone);
  else await db.transaction().execute((trx) => rebuildLocalRollupsIn(trx, zone));
  return zone;
}

/**
 * The zone the day and hour rollups are in now, without rebuilding anything: the business
 * zone, or the previous one while a worker rebuilds them. A heatmap cell's drill-down uses it,
 * so the contacts it lists are the ones the cell was drawn from.
 */
export function rollupZone(sqlite: Database.Database | null, zone: string): string {
  if (!sqlite) return zone; // PostgreSQL: its readers rebuild first, in their transaction
  return stampedZone(sqlite.prepare(STAMPS_SQL).all() as Stamp[], zone) ?? zone;
}

type Stamp = { key: string; value: string };
const STAMPS_SQL = `SELECT key, value FROM settings WHERE key IN ('${ROLLUP_ZONE_KEY}', '${ROLLUP_REBUILD_KEY}')`;

/** The zone the rollups can be used in as they are, or null when they must be rebuilt here. */
function stampedZone(stamps: Stamp[], zone: string): string | null {
  const value = (key: string) => {
    const row = stamps.find((s) => s.key === key);
    return row ? (JSON.parse(row.value) as string) : null;
  };
  const built = value(ROLLUP_ZONE_KEY);
  if (built === zone) return zone;
  // A worker is building the new zone's rollups: the old ones stay whole until it swaps.
  if (built !== null && value(ROLLUP_REBUILD_KEY) !== null) return built;
  return null;
}

export const RANGE_SQL = 'SELECT min(bucket) AS lo, max(bucket) AS hi FROM contact_rollup';
export type Range = { lo: string | null; hi: string | null };

export function rebuildLocalRollups(sqlite: Database.Database, zone: string): void {
  for (const s of rebuildStatements('sqlite', zone, sqlite.prepare(RANGE_SQL).get() as Range)) sqlite.exec(s);
}

export async function rebuildLocalRollupsIn(db: Kysely<DB>, zone: string): Promise<void> {
  const range = (await sql.raw<Range>(RANGE_SQL).execute(db)).rows[0];
  for (const s of rebuildStatements(kindOf(db), zone, range)) await sql.raw(s).execute(db);
}

/**
 * A bucket's local date, hour and weekday (Monday = 0) at a fixed UTC offset, in each
 * engine's SQL. The offset is an integer of ours; it is written into the text.
 */
function localParts(kind: EngineKind, offsetMinutes: number) {
  if (kind === 'sqlite') {
    const mod = `'${offsetMinutes >= 0 ? '+' : ''}${offsetMinutes} minutes'`;
    return {
      day: `strftime('%Y-%m-%d', bucket, ${mod})`,
      hour: `CAST(strftime('%H', bucket, ${mod}) AS INTEGER)`,
      weekday: `(CAST(strftime('%w', bucket, ${mod}) AS INTEGER) + 6) % 7`,
    };
  }
  const local = `(bucket AT TIME ZONE 'UTC' + make_interval(mins => ${offsetMinutes}))`;
  return {
    day: `CAST(${local} AS date)`,
    hour: `CAST(extract(hour from ${local}) AS integer)`,
    weekday: `(CAST(extract(dow from ${local}) AS integer) + 6) % 7`,
  };
}

export const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The tables a rebuild fills: the rollups themselves, or a worker's copies beside them. */
export type RollupTargets = Record<Exclude<RollupTable, 'contact_rollup'>, string>;
export const LOCAL_ROLLUPS: RollupTargets = {
  contact_rollup_day: 'contact_rollup_day',
  contact_rollup_hour: 'contact_rollup_hour',
  contact_rollup_hour_channel: 'contact_rollup_hour_channel',
};

/**
 * Empties the day and hour rollups and refills them from the 15-minute table in `zone`, then
 * stamps the zone.
 */
function rebuildStatements(kind: EngineKind, zone: string, range: Range): string[] {
  const out = Object.values(LOCAL_ROLLUPS).map((t) => `DELETE FROM ${t}`);
  if (range.lo && range.hi) {
    out.push(...refillStatements(kind, zone, Date.parse(range.lo), Date.parse(range.hi) + BUCKET_MS, LOCAL_ROLLUPS));
  }
  out.push(
    `INSERT INTO settings (key, value) VALUES (${quote(ROLLUP_ZONE_KEY)}, ${quote(JSON.stringify(zone))})
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  return out;
}

/**
 * Adds the 15-minute rows of [from, to) (slot edges) into the day and hour tables `into`, in
 * `zone`. Grouped by position: PostgreSQL wants the weekday (fixed by the day) grouped too.
 */
export function refillStatements(kind: EngineKind, zone: string, from: number, to: number, into: RollupTargets) {
  const out: string[] = [];
  const sums = ROLLUP_COUNTERS.map((c) => `sum(${c})`).join(', ');
  const cols = ROLLUP_COUNTERS.join(', ');
  const conflict = (t: keyof RollupTargets) => onConflictAddSql(into[t], ROLLUP_KEYS[t]);
  for (const seg of offsetSegments(clockFor(zone), from, to)) {
    const p = localParts(kind, seg.offset);
    const within = `WHERE bucket >= ${quote(iso(seg.from))} AND bucket < ${quote(iso(seg.to))}`;
    out.push(
      `INSERT INTO ${into.contact_rollup_day} (day, channel, category, ${cols})
       SELECT ${p.day} AS d, channel, category, ${sums} FROM contact_rollup ${within} GROUP BY 1, 2, 3
       ${conflict('contact_rollup_day')}`,
      `INSERT INTO ${into.contact_rollup_hour} (day, hour, weekday, channel, category, ${cols})
       SELECT ${p.day} AS d, ${p.hour} AS h, ${p.weekday}, channel, category, ${sums} FROM contact_rollup ${within}
       GROUP BY 1, 2, 3, 4, 5
       ${conflict('contact_rollup_hour')}`,
      `INSERT INTO ${into.contact_rollup_hour_channel} (day, hour, weekday, channel, ${cols})
       SELECT ${p.day} AS d, ${p.hour} AS h, ${p.weekday}, channel, ${sums} FROM contact_rollup ${within}
       GROUP BY 1, 2, 3, 4
       ${conflict('contact_rollup_hour_channel')}`,
    );
  }
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Stretches of time with one UTC offset: DST changes split a range into a few. `from` and `to` are slot edges. */
export function offsetSegments(clock: ZoneClock, from: number, to: number) {
  const segments: { from: number; to: number; offset: number }[] = [];
  let start = from;
  let offset = clock.offsetMinutes(from);
  for (let probe = from; probe < to - BUCKET_MS;) {
    // Zones change offset at most once a day: probe daily, then bisect to the 15-minute slot.
    const next = Math.min(to - BUCKET_MS, probe + DAY_MS);
    if (clock.offsetMinutes(next) === offset) {
      probe = next;
      continue;
    }
    let lo = probe;
    let hi = next;
    while (hi - lo > BUCKET_MS) {
      const mid = lo + Math.floor((hi - lo) / BUCKET_MS / 2) * BUCKET_MS;
      if (clock.offsetMinutes(mid) === offset) lo = mid;
      else hi = mid;
    }
    segments.push({ from: start, to: hi, offset });
    start = probe = hi;
    offset = clock.offsetMinutes(hi);
  }
  segments.push({ from: start, to, offset });
  return segments;
}

/** The day and hour rows that 15-minute rows add up to in the given zone. */
export function localRollupRows(zone: string, rows: BucketRow[]): RollupRows[] {
  const clock = clockFor(zone);
  const days = new Map<string, Counters>();
  const hours = new Map<string, Counters>();
  const hourChannels = new Map<string, Counters>();
  const add = (map: Map<string, Counters>, key: string, c: Counters) => {
    const into = map.get(key);
    if (!into) map.set(key, [...c]);
    else for (let i = 0; i < c.length; i++) into[i] += c[i];
  };
  for (const r of rows) {
    const p = clock.parts(Date.parse(r.bucket));
    const day = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
    add(days, `${day}|${r.channel}|${r.category}`, r.counters);
    add(hours, `${day}|${p.hour}|${p.weekday}|${r.channel}|${r.category}`, r.counters);
    add(hourChannels, `${day}|${p.hour}|${p.weekday}|${r.channel}`, r.counters);
  }
  // Keys split back into values; hour and weekday (the 2nd and 3rd of the hour keys) are integers.
  const keyed = (map: Map<string, Counters>, numeric: number[]) =>
    [...map].map(([key, counters]) => ({
      key: key.split('|').map((v, i) => (numeric.includes(i) ? Number(v) : v)),
      counters,
    }));
  return [
    { table: 'contact_rollup_day', rows: keyed(days, []) },
    { table: 'contact_rollup_hour', rows: keyed(hours, [1, 2]) },
    { table: 'contact_rollup_hour_channel', rows: keyed(hourChannels, [1, 2]) },
  ];
}

/** Adds rows into their rollup tables on a raw connection. */
export function upsertRollupRows(sqlite: Database.Database, tables: RollupRows[]): void {
  for (const { table, rows } of tables) {
    const upsert = sqlite.prepare(upsertSql(table, ROLLUP_KEYS[table]));
    for (const r of rows) upsert.run(...r.key, ...r.counters);
  }
}

/** Adds rows into their rollup tables through Kysely (either engine), in multi-row statements. */
export async function upsertRollupRowsIn(db: Kysely<DB>, tables: RollupRows[]): Promise<void> {
  for (const { table, rows } of tables) {
    const cols = sql.raw([...ROLLUP_KEYS[table], ...ROLLUP_COUNTERS].join(', '));
    const conflict = sql.raw(onConflictAddSql(table, ROLLUP_KEYS[table]));
    for (const part of chunks(rows)) {
      const values = sql.join(part.map((r) => sql`(${sql.join([...r.key, ...r.counters])})`));
      await sql`INSERT INTO ${sql.raw(table)} (${cols}) VALUES ${values} ${conflict}`.execute(db);
    }
  }
}
