import type Database from 'better-sqlite3';
import type { ContactOutcome } from '../../shared/domain/catalog';

export interface ContactFacts {
  outcome: ContactOutcome;
  queueSeconds: number;
  talkSeconds: number;
  holdSeconds: number;
  acwSeconds: number;
}

export const BUCKET_MS = 15 * 60_000;
/** Abandons shorter than this are not counted against the queue (DOMAIN.md; configurable later). */
export const SHORT_ABANDON_SECONDS = 5;

/** The UTC start of the 15-minute bucket holding an instant. */
export function bucketOf(ms: number): string {
  return new Date(Math.floor(ms / BUCKET_MS) * BUCKET_MS).toISOString();
}

type Counters = [number, number, number, number, number, number, number, number, number, number, number];

/**
 * Sums contacts into contact_rollup rows in memory and upserts them in the
 * caller's transaction, so the rollup always matches the contacts written with it.
 */
export class RollupAccumulator {
  private rows = new Map<string, Counters>();

  add(startedAtMs: number, channel: string, category: string, f: ContactFacts): void {
    const key = `${bucketOf(startedAtMs)}|${channel}|${category}`;
    let c = this.rows.get(key);
    if (!c) this.rows.set(key, (c = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    const answered = f.outcome !== 'abandoned';
    c[0]++;
    if (answered) {
      c[1]++;
      if (f.queueSeconds <= 20) c[2]++;
      if (f.queueSeconds <= 30) c[3]++;
    } else {
      c[4]++;
      if (f.queueSeconds < SHORT_ABANDON_SECONDS) c[5]++;
    }
    if (f.outcome === 'callback') c[6]++;
    if (f.outcome === 'resolved') c[7]++;
    if (f.outcome === 'escalated') c[8]++;
    c[9] += f.queueSeconds;
    if (answered) c[10] += f.talkSeconds + f.holdSeconds + f.acwSeconds;
  }

  flush(sqlite: Database.Database): void {
    if (this.rows.size === 0) return;
    const upsert = sqlite.prepare(
      `INSERT INTO contact_rollup (bucket, channel, category, contacts, answered, answered_within_20s, answered_within_30s,
         abandoned, short_abandoned, callbacks, resolved, escalated, queue_seconds, handle_seconds)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (bucket, channel, category) DO UPDATE SET
         contacts = contacts + excluded.contacts, answered = answered + excluded.answered,
         answered_within_20s = answered_within_20s + excluded.answered_within_20s,
         answered_within_30s = answered_within_30s + excluded.answered_within_30s,
         abandoned = abandoned + excluded.abandoned, short_abandoned = short_abandoned + excluded.short_abandoned,
         callbacks = callbacks + excluded.callbacks, resolved = resolved + excluded.resolved,
         escalated = escalated + excluded.escalated, queue_seconds = queue_seconds + excluded.queue_seconds,
         handle_seconds = handle_seconds + excluded.handle_seconds`,
    );
    for (const [key, c] of this.rows) {
      const [bucket, channel, category] = key.split('|');
      upsert.run(bucket, channel, category, ...c);
    }
    this.rows.clear();
  }
}
