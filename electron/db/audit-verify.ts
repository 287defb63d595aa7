import type Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { AuditCheckpoint, ChainProblem, ChainReport } from '../../shared/contract/audit';
import { canonicalEvent, chainHash, eventMac, GENESIS_HASH } from './audit-hash';
import { createKysely } from './kysely';
import type { DB } from './schema';

type ChainRow = Parameters<typeof canonicalEvent>[0] & {
  id: number;
  prev_hash: string;
  hash: string;
  /** Absent on PostgreSQL, whose events carry no MAC yet (the anchor is SQLite-only). */
  mac?: string | null;
};

export interface VerifyOptions {
  chunk?: number;
  /** The HMAC key; without it MACs are not checked (a verifier away from the key). */
  key?: Buffer | null;
  /** The last signed checkpoint, already checked: null when there is none, 'invalid' when its signature fails. */
  checkpoint?: AuditCheckpoint | 'invalid' | null;
  /** Start at the checkpoint's head instead of the first event (the check at every start). */
  fromCheckpoint?: boolean;
}

/**
 * Walks the chain in id order and reports the first broken event. Work is cut into
 * chunks with a yield between them so a million-event check never blocks other calls.
 *
 * - edited: the row's own hash does not match its content;
 * - missing: an id gap, or a link to a hash no longer in the chain (a deleted row);
 * - inserted: a row slipped between two events, whose successor still links past it;
 * - reordered: a row that links to the event after it;
 * - forged: its keyed MAC is wrong, or absent where one is due (after the first signed
 *   event, or after the checkpoint), or the event at the checkpoint's count is not the one
 *   it signed: a re-hashed chain, or an event appended without the key;
 * - truncated: fewer events than the checkpoint counted.
 */
export async function verifyChain(
  source: Kysely<DB> | Database.Database,
  opts: VerifyOptions = {},
): Promise<ChainReport> {
  const db = source instanceof Kysely ? source : createKysely(source);
  const { chunk = 5000, key = null } = opts;
  const started = performance.now();
  const cp = opts.checkpoint && opts.checkpoint !== 'invalid' ? opts.checkpoint : null;
  let checked = 0;
  let anchored = 0;
  const report = (firstBrokenId: number | null, problem: ChainProblem | null): ChainReport => ({
    intact: problem === null,
    checked,
    firstBrokenId,
    problem,
    millis: Math.round(performance.now() - started),
    anchored,
    checkpoint: cp ? { count: cp.count, at: cp.at } : null,
  });
  if (opts.checkpoint === 'invalid') return report(null, 'checkpoint_invalid');

  let macSeen = false;
  /** Why this row's MAC is not acceptable, or null. */
  const macForged = (row: ChainRow): boolean => {
    if (!key) return false;
    if (row.mac == null)
      return macSeen || (cp !== null && (row.id > cp.count || (cp.macFrom !== null && row.id >= cp.macFrom)));
    if (row.mac !== eventMac(key, row.hash)) return true;
    macSeen = true;
    anchored++;
    return false;
  };

  let prev: ChainRow | null = null;
  let prevPrevHash = GENESIS_HASH; // hash of the row before `prev`
  let after = 0;
  if (opts.fromCheckpoint && cp && cp.count > 0) {
    const head = (await db.selectFrom('audit_events').selectAll().where('id', '=', cp.count).executeTakeFirst()) as
      ChainRow | undefined;
    if (!head) return report((await lastId(db)) + 1, 'truncated');
    if (chainHash(head.prev_hash, canonicalEvent(head)) !== head.hash) return report(head.id, 'edited');
    if (head.hash !== cp.headHash || macForged(head)) return report(head.id, 'forged');
    macSeen = cp.macFrom !== null;
    prev = head;
    prevPrevHash = head.prev_hash;
    after = head.id;
    checked = 1;
  }

  const page = (from: number, limit: number) =>
    db.selectFrom('audit_events').selectAll().where('id', '>', from).orderBy('id').limit(limit).execute() as Promise<
      ChainRow[]
    >;
  for (;;) {
    const rows = await page(after, chunk + 1);
    if (rows.length === 0) break;
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
      if (macForged(row)) return report(row.id, 'forged');
      if (cp && row.id === cp.count && row.hash !== cp.headHash) return report(row.id, 'forged');
      prevPrevHash = expectedPrev;
      prev = row;
      checked++;
    }
    after = rows[Math.min(rows.length, chunk) - 1].id;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const last = prev?.id ?? 0;
  if (cp && last < cp.count) return report(last + 1, 'truncated');
  return report(null, null);
}

async function lastId(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(r?.id ?? 0);
}
