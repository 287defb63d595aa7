import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import { addContact, bucketOf, ROLLUP_COUNTERS, type ContactFacts, type Counters } from './counters';
import {
  localRollupRows,
  syncLocalRollups,
  syncLocalRollupsIn,
  upsertRollupRows,
  upsertRollupRowsIn,
  type BucketRow,
  type RollupRows,
} from './local';

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

  /** What was added, to hand to another thread (structured-clonable), which `merge`s it. */
  entries(): [string, Counters][] {
    return [...this.rows];
  }

  /** Adds another accumulator's `entries()` into this one. */
  merge(entries: [string, Counters][]): void {
    for (const [key, counters] of entries) {
      const c = this.rows.get(key);
      if (!c) this.rows.set(key, counters);
      else for (let i = 0; i < c.length; i++) c[i] += counters[i];
    }
  }

  get size(): number {
    return this.rows.size;
  }

  /** On a raw SQLite connection (the seed, the SQLite import worker), in its open transaction. */
  flush(sqlite: Database.Database): void {
    if (this.rows.size === 0) return;
    upsertRollupRows(sqlite, this.take(syncLocalRollups(sqlite)));
  }

  /** Through Kysely on either engine, inside the caller's transaction `trx`; `zone` is the business time zone. */
  async flushIn(trx: Kysely<DB>, zone: string): Promise<void> {
    if (this.rows.size === 0) return;
    await upsertRollupRowsIn(trx, this.take(await syncLocalRollupsIn(trx, zone)));
  }

  /** Every table's rows for what was added, in `zone`; the accumulator starts empty again. */
  private take(zone: string): RollupRows[] {
    const buckets: BucketRow[] = [];
    for (const [key, counters] of this.rows) {
      const [bucket, channel, category] = key.split('|');
      buckets.push({ bucket, channel, category, counters });
    }
    this.rows.clear();
    return [
      {
        table: 'contact_rollup',
        rows: buckets.map((b) => ({ key: [b.bucket, b.channel, b.category], counters: b.counters })),
      },
      ...localRollupRows(zone, buckets),
    ];
  }
}
