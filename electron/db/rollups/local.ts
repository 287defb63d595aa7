import type Database from 'better-sqlite3';
import { clockFor, type ZoneClock } from '../../../shared/domain/business-time';
import { readSettings } from '../settings';
import { BUCKET_MS, ROLLUP_COUNTERS, upsertSql, type Counters } from './counters';

export { clockFor };

/** The settings key holding the zone the day and hour rollups were built in. */
export const ROLLUP_ZONE_KEY = 'calls.rollupTimeZone';
const DAY_MS = 86_400_000;

/**
 * Makes the day and hour rollups follow the business time zone and returns it. A zone
 * change rebuilds them from the 15-minute table (every local boundary is a bucket edge),
 * in the caller's transaction or a new one.
 */
export function syncLocalRollups(sqlite: Database.Database, zone = readSettings(sqlite).timeZone): string {
  const stamp = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(ROLLUP_ZONE_KEY) as
    { value: string } | undefined;
  if (stamp && JSON.parse(stamp.value) === zone) return zone;
  sqlite.transaction(() => rebuildLocalRollups(sqlite, zone))();
  return zone;
}

export function rebuildLocalRollups(sqlite: Database.Database, zone: string): void {
  sqlite.exec(
    'DELETE FROM contact_rollup_day; DELETE FROM contact_rollup_hour; DELETE FROM contact_rollup_hour_channel;',
  );
  const range = sqlite.prepare('SELECT min(bucket) AS lo, max(bucket) AS hi FROM contact_rollup').get() as {
    lo: string | null;
    hi: string | null;
  };
  if (range.lo && range.hi) {
    const sums = ROLLUP_COUNTERS.map((c) => `sum(${c})`).join(', ');
    const set = ROLLUP_COUNTERS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');
    const cols = ROLLUP_COUNTERS.join(', ');
    const day = sqlite.prepare(
      `INSERT INTO contact_rollup_day (day, channel, category, ${cols})
       SELECT strftime('%Y-%m-%d', bucket, @mod) AS d, channel, category, ${sums} FROM contact_rollup
       WHERE bucket >= @lo AND bucket < @hi GROUP BY d, channel, category
       ON CONFLICT (day, channel, category) DO UPDATE SET ${set}`,
    );
    const hour = sqlite.prepare(
      `INSERT INTO contact_rollup_hour (day, hour, weekday, channel, category, ${cols})
       SELECT strftime('%Y-%m-%d', bucket, @mod) AS d, CAST(strftime('%H', bucket, @mod) AS INTEGER) AS h,
         (CAST(strftime('%w', bucket, @mod) AS INTEGER) + 6) % 7, channel, category, ${sums} FROM contact_rollup
       WHERE bucket >= @lo AND bucket < @hi GROUP BY d, h, channel, category
       ON CONFLICT (day, hour, channel, category) DO UPDATE SET ${set}`,
    );
    const hourChannel = sqlite.prepare(
      `INSERT INTO contact_rollup_hour_channel (day, hour, weekday, channel, ${cols})
       SELECT strftime('%Y-%m-%d', bucket, @mod) AS d, CAST(strftime('%H', bucket, @mod) AS INTEGER) AS h,
         (CAST(strftime('%w', bucket, @mod) AS INTEGER) + 6) % 7, channel, ${sums} FROM contact_rollup
       WHERE bucket >= @lo AND bucket < @hi GROUP BY d, h, channel
       ON CONFLICT (day, hour, channel) DO UPDATE SET ${set}`,
    );
    for (const seg of offsetSegments(clockFor(zone), Date.parse(range.lo), Date.parse(range.hi) + BUCKET_MS)) {
      const args = { mod: `${seg.offset >= 0 ? '+' : ''}${seg.offset} minutes`, lo: iso(seg.from), hi: iso(seg.to) };
      day.run(args);
      hour.run(args);
      hourChannel.run(args);
    }
  }
  sqlite
    .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    .run(ROLLUP_ZONE_KEY, JSON.stringify(zone));
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

/** Adds 15-minute rows into the day and hour tables of the given zone. */
export function upsertLocalRollups(
  sqlite: Database.Database,
  zone: string,
  rows: { bucket: string; channel: string; category: string; counters: Counters }[],
): void {
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
  const dayUpsert = sqlite.prepare(upsertSql('contact_rollup_day', ['day', 'channel', 'category']));
  for (const [key, c] of days) dayUpsert.run(...key.split('|'), ...c);
  const hourUpsert = sqlite.prepare(
    upsertSql('contact_rollup_hour', ['day', 'hour', 'weekday', 'channel', 'category']),
  );
  for (const [key, c] of hours) {
    const [day, hour, weekday, channel, category] = key.split('|');
    hourUpsert.run(day, Number(hour), Number(weekday), channel, category, ...c);
  }
  const hourChannelUpsert = sqlite.prepare(
    upsertSql('contact_rollup_hour_channel', ['day', 'hour', 'weekday', 'channel']),
  );
  for (const [key, c] of hourChannels) {
    const [day, hour, weekday, channel] = key.split('|');
    hourChannelUpsert.run(day, Number(hour), Number(weekday), channel, ...c);
  }
}
