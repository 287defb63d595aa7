import type Database from 'better-sqlite3';
import { addContact, bucketOf, ROLLUP_COUNTERS, upsertSql, type ContactFacts, type Counters } from './counters';
import { syncLocalRollups, upsertLocalRollups } from './local';

/**
 * Sums contacts into rollup rows in memory and upserts them in the caller's transaction
 * (the 15-minute UTC table and the business-time-zone day and hour tables), so the
 * rollups always match the contacts written with them.
 */
export class RollupAccumulator {
  private rows = new Map<string, Counters>();

  add(startedAtMs: number, channel: string, category: string, f: ContactFacts): void {
    const key = `${bucketOf(startedAtMs)}|${channel}|${category}`;
    let c = this.rows.get(key);
    if (!c) this.rows.set(key, (c = new Array<number>(ROLLUP_COUNTERS.length).fill(0)));
    addContact(c, f);
  }

  get size(): number {
    return this.rows.size;
  }

  flush(sqlite: Database.Database): void {
    if (this.rows.size === 0) return;
    const zone = syncLocalRollups(sqlite);
    const upsert = sqlite.prepare(upsertSql('contact_rollup', ['bucket', 'channel', 'category']));
    const rows: { bucket: string; channel: string; category: string; counters: Counters }[] = [];
    for (const [key, c] of this.rows) {
      const [bucket, channel, category] = key.split('|');
      upsert.run(bucket, channel, category, ...c);
      rows.push({ bucket, channel, category, counters: c });
    }
    upsertLocalRollups(sqlite, zone, rows);
    this.rows.clear();
  }
}
