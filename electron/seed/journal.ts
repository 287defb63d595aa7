import type Database from 'better-sqlite3';
import { appendAuditBatchSync, type AuditEntry } from '../db/audit';

/** Who did something in the generated history, and from where: the staff worked in the desktop app. */
export interface SeedActor {
  at: number;
  operatorId: number | null;
  role: string | null;
}

/**
 * The audit events of the generated history. The generator writes a customer at a time,
 * so its events arrive out of time order; the app appends them as they happen. They wait
 * in a temporary table and are chained at the end in time order, through the same
 * append the handlers use, so the log reads as if the app had written it.
 */
export class AuditJournal {
  private readonly insert: Database.Statement;
  private seq = 0;

  constructor(private readonly sqlite: Database.Database) {
    sqlite.exec(
      'CREATE TEMP TABLE IF NOT EXISTS seed_audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, entry TEXT NOT NULL)',
    );
    this.insert = sqlite.prepare('INSERT INTO seed_audit (seq, at, entry) VALUES (?, ?, ?)');
  }

  /** Records an event by `who`, in the caller's transaction. */
  add(who: SeedActor, event: Omit<AuditEntry, 'at' | 'operatorId' | 'operatorRole' | 'host'>): void {
    const entry: AuditEntry = {
      at: new Date(who.at).toISOString(),
      operatorId: who.operatorId,
      operatorRole: who.role,
      host: who.operatorId === null ? 'system' : 'electron',
      ...event,
    };
    this.insert.run(++this.seq, entry.at, JSON.stringify(entry));
  }

  get size(): number {
    return this.seq;
  }

  /** Chains every recorded event in time order (ties in the order recorded), in batched transactions. */
  flush(batch = 5_000): number {
    this.sqlite.exec('CREATE INDEX IF NOT EXISTS temp.seed_audit_by_at ON seed_audit (at, seq)');
    const page = this.sqlite.prepare(
      'SELECT at, seq, entry FROM seed_audit WHERE (at, seq) > (?, ?) ORDER BY at, seq LIMIT ?',
    );
    const append = this.sqlite.transaction((entries: AuditEntry[]) => appendAuditBatchSync(this.sqlite, entries));
    let after: [string, number] = ['', 0];
    let written = 0;
    for (;;) {
      const rows = page.all(after[0], after[1], batch) as { at: string; seq: number; entry: string }[];
      if (rows.length === 0) break;
      append(rows.map((r) => JSON.parse(r.entry) as AuditEntry));
      written += rows.length;
      const last = rows[rows.length - 1];
      after = [last.at, last.seq];
    }
    this.sqlite.exec('DROP TABLE temp.seed_audit');
    return written;
  }
}
