import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ChainReport } from '../../shared/contract/audit';
import { Kysely } from 'kysely';
import { createKysely } from './kysely';
import type { Trx } from './kysely';
import type { DB } from './schema';
import { kindOf } from './engine';
import type { Role } from '../../shared/domain/roles';
import { chunks } from './chunks';

export const GENESIS_HASH = createHash('sha256').update('wallet-ops-console/audit/genesis').digest('hex');

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

export interface StoredFields {
  at: string;
  operator_id: number | null;
  operator_role: Role | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  note: string | null;
  host: AuditEntry['host'];
}

/**
 * The canonical text of an event: its fields in a fixed order, as stored. The id is
 * left out on purpose: order is protected by the chain itself, which lets the
 * verifier tell a reordering from an edit.
 */
export function canonicalEvent(e: StoredFields): string {
  return JSON.stringify([
    e.at,
    e.operator_id,
    e.operator_role,
    e.action,
    e.entity_type,
    e.entity_id,
    e.before_json,
    e.after_json,
    e.note,
    e.host,
  ]);
}

export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
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
  const head = await chainHead(trx);
  // PostgreSQL: ids assigned under the locked head, so a rolled-back writer leaves no gap.
  let id = head.lastId;
  const rows = chainEntries(head.hash, entries).map((row) => (head.locked ? { id: ++id, ...row } : row));
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
    `INSERT INTO audit_events (at, operator_id, operator_role, action, entity_type, entity_id, before_json, after_json, note, host, prev_hash, hash)
     VALUES (@at, @operator_id, @operator_role, @action, @entity_type, @entity_id, @before_json, @after_json, @note, @host, @prev_hash, @hash)`,
  );
  let lastId = 0;
  for (const row of chainEntries(last?.hash ?? GENESIS_HASH, entries)) lastId = Number(insert.run(row).lastInsertRowid);
  return lastId;
}

/** One event on a raw connection. */
export function appendAuditSync(sqlite: Database.Database, entry: AuditEntry): number {
  return appendAuditBatchSync(sqlite, [entry])!;
}

type ChainRow = StoredFields & { id: number; prev_hash: string; hash: string };

/**
 * Walks the chain in id order and reports the first broken event. Work is cut into
 * chunks with a yield between them so a million-event check never blocks other calls.
 *
 * - edited: the row's own hash does not match its content;
 * - missing: an id gap, or a link to a hash no longer in the chain (a deleted row);
 * - inserted: a row slipped between two events, whose successor still links past it;
 * - reordered: a row that links to the event after it.
 */
export async function verifyChain(source: Kysely<DB> | Database.Database, chunk = 5000): Promise<ChainReport> {
  const db = source instanceof Kysely ? source : createKysely(source);
  const started = performance.now();
  const page = (after: number, limit: number) =>
    db.selectFrom('audit_events').selectAll().where('id', '>', after).orderBy('id').limit(limit).execute() as Promise<
      ChainRow[]
    >;
  let prev: ChainRow | null = null;
  let prevPrevHash = GENESIS_HASH; // hash of the row before `prev`
  let checked = 0;
  const report = (firstBrokenId: number | null, problem: ChainReport['problem']): ChainReport => ({
    intact: problem === null,
    checked,
    firstBrokenId,
    problem,
    millis: Math.round(performance.now() - started),
  });
  for (let after = 0; ;) {
    const rows = await page(after, chunk + 1);
    if (rows.length === 0) return report(null, null);
    for (let i = 0; i < Math.min(rows.length, chunk); i++) {
      const row = rows[i];
      const expectedPrev = prev ? prev.hash : GENESIS_HASH;
      if (prev && row.id !== prev.id + 1) return report(row.id, 'missing');
      if (!prev && row.id !== 1) return report(row.id, 'missing');
      if (chainHash(row.prev_hash, canonicalEvent(row)) !== row.hash) return report(row.id, 'edited');
      if (row.prev_hash !== expectedPrev) {
        const next = rows[i + 1];
        if (prev && row.prev_hash === prevPrevHash) return report(prev.id, 'inserted');
        if (next && row.prev_hash === next.hash) return report(row.id, 'reordered');
        return report(row.id, 'missing');
      }
      prevPrevHash = expectedPrev;
      prev = row;
      checked++;
    }
    after = rows[Math.min(rows.length, chunk) - 1].id;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
