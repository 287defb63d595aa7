import { chainEntries, GENESIS_HASH, type AuditEntry } from '../../electron/db/audit';
import type { RawSql } from './raw-sql';

const COLUMNS = [
  'at',
  'operator_id',
  'operator_role',
  'action',
  'entity_type',
  'entity_id',
  'before_json',
  'after_json',
  'note',
  'host',
  'prev_hash',
  'hash',
];

/**
 * The floor's audit append, the statements the app's own append makes: read the chain's head,
 * hash the events onto it, insert them. SQLite: the newest row is the head and the connection
 * computes the MAC. PostgreSQL: the head row is locked, ids are assigned under it and it moves on.
 * Runs inside the caller's transaction.
 */
export async function appendAuditRaw(sql: RawSql, entries: AuditEntry[]): Promise<void> {
  const pg = sql.kind === 'postgres';
  const head = pg
    ? await sql.get<{ last_id: number; hash: string }>('SELECT last_id, hash FROM audit_head WHERE one = 1 FOR UPDATE')
    : await sql.get<{ last_id: number; hash: string }>(
        'SELECT 0 AS last_id, hash FROM audit_events ORDER BY id DESC LIMIT 1',
      );
  let id = Number(head?.last_id ?? 0);
  const rows = chainEntries(head?.hash ?? GENESIS_HASH, entries);
  const names = pg ? ['id', ...COLUMNS] : [...COLUMNS, 'mac'];
  const values = pg ? ['?', ...COLUMNS.map(() => '?')] : [...COLUMNS.map(() => '?'), 'audit_mac(?)'];
  const insert = `INSERT INTO audit_events (${names.join(', ')}) VALUES (${values.join(', ')})`;
  for (const row of rows) {
    const fields = COLUMNS.map((c) => (row as Record<string, unknown>)[c]);
    await sql.run(insert, pg ? [++id, ...fields] : [...fields, row.hash]);
  }
  if (pg) await sql.run('UPDATE audit_head SET last_id = ?, hash = ? WHERE one = 1', [id, rows.at(-1)!.hash]);
}
