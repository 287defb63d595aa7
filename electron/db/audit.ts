import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { Trx } from './kysely';
import { canonicalEvent, chainHash, eventMac, GENESIS_HASH, type StoredFields } from './audit-hash';
import { kindOf } from './engine';
import type { Role } from '../../shared/domain/roles';
import { chunks } from './chunks';

export { canonicalEvent, chainHash, eventMac, GENESIS_HASH } from './audit-hash';
export { verifyChain } from './audit-verify';

export interface AuditEntry {
  at: string;
  operatorId: number | null;
  operatorRole: Role | null;
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
export function chainEntries(prevHash: string, entries: (AuditEntry | StoredFields)[]) {
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
  const head = await chainHead(trx);
  // PostgreSQL: ids assigned under the locked head, so a rolled-back writer leaves no gap.
  // SQLite: the MAC is computed by the connection (audit_mac, keyed outside the database).
  // The keyed anchor is SQLite-only for now: team databases have no mac column (README).
  let id = head.lastId;
  const rows = chainEntries(head.hash, entries).map((row) =>
    head.locked ? { id: ++id, ...row } : { ...row, mac: sql<string | null>`audit_mac(${row.hash})` },
  );
  const prev = rows[rows.length - 1].hash;
  let lastId = 0;
  for (const part of chunks(rows)) {
    const out = await trx.insertInto('audit_events').values(part).returning('id').execute();
    lastId = Number(out[out.length - 1].id);
  }
  if (head.locked)
    await trx.updateTable('audit_head').set({ last_id: lastId, hash: prev }).where('one', '=', 1).execute();
  return lastId;
}

/**
 * The chain's tail. SQLite has one writer (BEGIN IMMEDIATE), so the newest row is the head.
 * PostgreSQL has many desktops writing: the head row is locked (FOR UPDATE) until this
 * transaction ends, so appends queue up behind each other and the chain stays one chain; under
 * SERIALIZABLE a writer that read a head another committed since is refused (40001) and retried.
 */
async function chainHead(trx: Trx): Promise<{ hash: string; lastId: number; locked: boolean }> {
  if (kindOf(trx) === 'postgres') {
    const h = await trx
      .selectFrom('audit_head')
      .select(['last_id', 'hash'])
      .where('one', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    return { hash: h.hash, lastId: Number(h.last_id), locked: true };
  }
  const last = await trx.selectFrom('audit_events').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return { hash: last?.hash ?? GENESIS_HASH, lastId: 0, locked: false };
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
