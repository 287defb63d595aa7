import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalEvent, chainHash, eventMac, GENESIS_HASH, toStored, verifyChain } from '../../electron/db/audit';
import { openSqliteFile } from '../../electron/db/encryption';
import { openDatabase } from '../../electron/db/open';
import { sampleEvent } from '../../electron/test/audit-builders';
import { ok, type BenchCase } from './types';

const CHAIN_EVENTS = 1_000_000;
/** A fixed key: the bench measures the HMAC's cost, not a secret. */
const BENCH_KEY = Buffer.alloc(32, 7);
let chainDb: Database.Database | null = null;

/** A database holding a clean chain of 1M audit events, each with its keyed MAC, built once and cached. */
function auditChainDb(): Database.Database {
  if (chainDb) return chainDb;
  const file = path.resolve('.cache/bench/audit-1m-mac.db');
  if (!fs.existsSync(file)) {
    const db = openDatabase(`${file}.tmp`);
    const insert = db.prepare(
      `INSERT INTO audit_events (at, operator_id, operator_role, action, entity_type, entity_id, before_json, after_json, note, host, prev_hash, hash, mac)
       VALUES (@at, @operator_id, @operator_role, @action, @entity_type, @entity_id, @before_json, @after_json, @note, @host, @prev_hash, @hash, @mac)`,
    );
    let prev = GENESIS_HASH;
    db.transaction(() => {
      for (let i = 0; i < CHAIN_EVENTS; i++) {
        const fields = toStored(sampleEvent(i));
        const hash = chainHash(prev, canonicalEvent(fields));
        insert.run({ ...fields, prev_hash: prev, hash, mac: eventMac(BENCH_KEY, hash) });
        prev = hash;
      }
    })();
    db.close();
    fs.renameSync(`${file}.tmp`, file);
    for (const ext of ['-wal', '-shm']) fs.rmSync(`${file}.tmp${ext}`, { force: true });
  }
  // A fixture of its own, plain: this case measures the HMACs, the grid cases measure encryption.
  chainDb = openSqliteFile(file, { key: null, readonly: true });
  return chainDb;
}

/** The audit page and the chain check. */
export const auditCases: BenchCase[] = [
  {
    name: 'audit:list newest 100',
    async run(ctx) {
      ok(await ctx.call('supervisor', 'audit:list', { sort: 'id', dir: 'desc', limit: 100, after: null }));
    },
    async floor(ctx) {
      await ctx.sql.all('SELECT * FROM audit_events ORDER BY id DESC LIMIT 100');
    },
  },
  {
    name: 'verify a clean chain of 1M audit events with their keyed MACs',
    // The keyed MACs are the desk's anchor; a team database's chain has none (README).
    engines: ['sqlite'],
    setup: async () => void auditChainDb(),
    async run() {
      const report = await verifyChain(auditChainDb(), { key: BENCH_KEY });
      if (!report.intact || report.anchored !== CHAIN_EVENTS) throw new Error('chain not intact');
    },
    // The floor only reads the rows; the difference is the hashing.
    async floor() {
      let n = 0;
      for (const _row of auditChainDb().prepare('SELECT * FROM audit_events ORDER BY id').iterate()) n++;
      if (n !== CHAIN_EVENTS) throw new Error('short read');
    },
    iterations: 3,
  },
];
