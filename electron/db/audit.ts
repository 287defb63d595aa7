import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { Trx } from './kysely';
import { canonicalEvent, chainHash, eventMac, GENESIS_HASH, type StoredFields } from './audit-hash';

export { canonicalEvent, chainHash, eventMac, GENESIS_HASH } from './audit-hash';
export { verifyChain } from './audit-verify';

export interface AuditEntry {
  at: string;
  operatorId: number | null;
  operatorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  note?: string | null;
  host: 'electron' | 'browser' | 'system';
}

export type { StoredFields } from './audit-hash';

/**
 * Registers `audit_mac(hash)` on a connection, which every append calls: the MAC under `key`,
 * or NULL on a connection without one (the seed generator, scripts, tests), whose events the
 * first signed checkpoint then vouches for. Each connection that writes events (main, the
 * import worker) installs the key itself; it never enters the database.
 */
export function installAuditMac(sqlite: Database.Database, key: Buffer | null): void {
  sqlite.function('audit_mac', { deterministic: true }, (hash: unknown) =>
    key && typeof hash === 'string' ? eventMac(key, hash) : null,
  );
}

export function toStored(entry: AuditEntry): StoredFields {
  return {
    at: entry.at,
    operator_id: entry.operatorId,
    operator_role: entry.operatorRole,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId === null ? null : String(entry.entityId),
    before_json: entry.before ? JSON.stringify(entry.before) : null,
    after_json: entry.after ? JSON.stringify(entry.after) : null,
    note: entry.note ?? null,
    host: entry.host,
  };
}

/** Appends one event inside the caller's transaction, chained to the last one. */
export async function appendAudit(trx: Trx, entry: AuditEntry): Promise<number> {
  return (await appendAuditBatch(trx, [entry]))!;
}

/** The stored rows of `entries`, each hashed onto the one before, the first onto `prevHash`. */
function chainEntries(prevHash: string, entries: (AuditEntry | StoredFields)[]) {
  let prev = prevHash;
  return entries.map((entry) => {
    const fields = 'entity_type' in entry ? entry : toStored(entry);
    const row = { ...fields, prev_hash: prev, hash: chainHash(prev, canonicalEvent(fields)) };
    prev = row.hash;
    return row;
  });
}

/**
 * Appends many events inside the caller's transaction: one read of the chain's tail,
 * hashes chained in memory, multi-row inserts. For bulk actions (1,000 approvals).
 */
export async function appendAuditBatch(trx: Trx, entries: AuditEntry[]): Promise<number | null> {
  if (entries.length === 0) return null;
  const last = await trx.selectFrom('audit_events').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  // The MAC is computed by the connection (audit_mac, keyed outside the database).
  const rows = chainEntries(last?.hash ?? GENESIS_HASH, entries).map((row) => ({
    ...row,
    mac: sql<string | null>`audit_mac(${row.hash})`,
  }));
  let lastId = 0;
  // 13 parameters a row: 500 rows stay well under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    const out = await trx
      .insertInto('audit_events')
      .values(rows.slice(i, i + 500))
      .returning('id')
      .execute();
    lastId = out[out.length - 1].id;
  }
  return lastId;
}

/**
 * The same append on a raw connection, for the seed generator and other writers outside
 * Kysely: the same chaining, inside the caller's transaction. Takes entries, or fields
 * already in their stored form (the seed keeps its events so). Returns the last id.
 */
export function appendAuditBatchSync(sqlite: Database.Database, entries: (AuditEntry | StoredFields)[]): number | null {
  if (entries.length === 0) return null;
  const last = sqlite.prepare('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as
    { hash: string } | undefined;
  const insert = sqlite.prepare(
    `INSERT INTO audit_events (at, operator_id, operator_role, action, entity_type, entity_id, before_json, after_json, note, host, prev_hash, hash, mac)
     VALUES (@at, @operator_id, @operator_role, @action, @entity_type, @entity_id, @before_json, @after_json, @note, @host, @prev_hash, @hash, audit_mac(@hash))`,
  );
  let lastId = 0;
  for (const row of chainEntries(last?.hash ?? GENESIS_HASH, entries)) lastId = Number(insert.run(row).lastInsertRowid);
  return lastId;
}

/** One event on a raw connection. */
export function appendAuditSync(sqlite: Database.Database, entry: AuditEntry): number {
  return appendAuditBatchSync(sqlite, [entry])!;
}
