import type Database from 'better-sqlite3';
import type { Role } from '../../shared/domain/roles';
import { appendAuditBatchSync, toStored, type AuditEntry, type StoredFields } from '../db/audit';
import type { Roster } from './operators';
import type { Random } from './random';

/** What the writers of the generated history share: the file, its log, the staff, the dice and the end of time. */
export interface SeedContext {
  sqlite: Database.Database;
  journal: AuditJournal;
  roster: Roster;
  rng: Random;
  anchor: number;
}

/** Who did something in the generated history, and from where: the staff worked in the desktop app. */
export interface SeedActor {
  at: number;
  operatorId: number | null;
  role: Role | null;
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
    // The events in their stored form, so nothing is encoded twice.
    sqlite.exec(
      `CREATE TEMP TABLE IF NOT EXISTS seed_audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, operator_id INTEGER,
         operator_role TEXT, action TEXT NOT NULL, entity_type TEXT NOT NULL, entity_id TEXT, before_json TEXT,
         after_json TEXT, note TEXT, host TEXT NOT NULL)`,
    );
    this.insert = sqlite.prepare(
      `INSERT INTO seed_audit (seq, at, operator_id, operator_role, action, entity_type, entity_id, before_json, after_json, note, host)
       VALUES (@seq, @at, @operator_id, @operator_role, @action, @entity_type, @entity_id, @before_json, @after_json, @note, @host)`,
    );
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
    this.insert.run({ seq: ++this.seq, ...toStored(entry) });
  }

  get size(): number {
    return this.seq;
  }

  /** Chains every recorded event in time order (ties in the order recorded), in batched transactions. */
  flush(batch = 5_000): number {
    this.sqlite.exec('CREATE INDEX IF NOT EXISTS temp.seed_audit_by_at ON seed_audit (at, seq)');
    const page = this.sqlite.prepare(
      `SELECT seq, at, operator_id, operator_role, action, entity_type, entity_id, before_json, after_json, note, host
       FROM seed_audit WHERE (at, seq) > (?, ?) ORDER BY at, seq LIMIT ?`,
    );
    const append = this.sqlite.transaction((rows: StoredFields[]) => appendAuditBatchSync(this.sqlite, rows));
    let after: [string, number] = ['', 0];
    let written = 0;
    for (;;) {
      const rows = page.all(after[0], after[1], batch) as (StoredFields & { seq: number })[];
      if (rows.length === 0) break;
      append(rows.map(({ seq: _seq, ...fields }) => fields));
      written += rows.length;
      const last = rows[rows.length - 1];
      after = [last.at, last.seq];
    }
    this.sqlite.exec('DROP TABLE temp.seed_audit');
    return written;
  }
}
