import type Database from 'better-sqlite3';

/**
 * The triggers that make audit_events append-only, exactly as migration 0010 created them.
 * Someone with the database file can drop them (or swap in a harmless trigger of the same
 * name); every start puts them back.
 */
export const AUDIT_TRIGGERS: Record<string, string> = {
  audit_events_no_update: `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
  audit_events_no_delete: `CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
};

const normalise = (ddl: string | null) => (ddl ?? '').replace(/\s+/g, ' ').trim().toLowerCase();

export interface TriggerDamage {
  /** Ours, missing or altered: re-created. */
  restored: string[];
  /** Not ours, on audit_events (one could silently drop every new event with RAISE(IGNORE)): removed. */
  removed: string[];
}

export function auditTriggerDamage(sqlite: Database.Database): TriggerDamage {
  const found = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")
    .all() as { name: string; sql: string }[];
  const byName = new Map(found.map((t) => [t.name, t.sql]));
  return {
    restored: Object.entries(AUDIT_TRIGGERS)
      .filter(([name, ddl]) => normalise(byName.get(name) ?? null) !== normalise(ddl))
      .map(([name]) => name),
    removed: found.map((t) => t.name).filter((name) => !(name in AUDIT_TRIGGERS)),
  };
}

/** Puts the triggers back as they should be; the caller records that it did, in the same transaction. */
export function repairAuditTriggers(sqlite: Database.Database, damage: TriggerDamage): void {
  for (const name of [...damage.restored, ...damage.removed])
    sqlite.exec(`DROP TRIGGER IF EXISTS "${name.replace(/"/g, '""')}"`);
  for (const name of damage.restored) sqlite.exec(AUDIT_TRIGGERS[name]);
}
