import type Database from 'better-sqlite3';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { verifyChain } from '../audit';
import type { PostgresEngine } from './engine';
import type { ChainReport } from '../../../shared/contract/audit';

/** Tables in an order that satisfies every foreign key (self-references point to lower ids). */
export const COPY_ORDER = [
  'settings',
  'operators',
  'sign_in_throttle',
  'approval_limits',
  'customers',
  'accounts',
  'transactions',
  'freeze_cases',
  'freeze_case_transactions',
  'identity_checks',
  'notes',
  'refund_requests',
  'idempotency_keys',
  'fee_schedules',
  'fee_schedule_versions',
  'fee_rules',
  'contact_imports',
  'contact_import_errors',
  'contact_import_mappings',
  'contacts',
  'contact_rollup',
  'contact_rollup_day',
  'contact_rollup_hour',
  'contact_rollup_hour_channel',
  'saved_views',
  // Service cases (0130–0150); service_case_moves is the code's state machine, written by the migration.
  'service_cases',
  'service_case_links',
  'freeze_requests',
  'fraud_reports',
  'fake_numbers',
  'flagged_payees',
  'closure_requests',
  'complaint_details',
  // Identity security (0200).
  'customer_devices',
  'identity_requests',
  'service_case_checks',
  'audit_events',
] as const;

export interface CopyReport {
  rows: Record<string, number>;
  chain: ChainReport;
  millis: number;
}

/**
 * Moves a desk's SQLite data into an empty team database, audit chain included, in one
 * transaction: rows go in as they are (the triggers that derive totals and guard workflows are
 * off for the copy, since the rows already carry their totals), identity sequences continue
 * after the copied ids, the chain's head row points at the last event, and the chain is
 * verified on PostgreSQL before the copy counts as done.
 */
/** Any fixed number: the advisory lock a copy into a team database holds. */
const COPY_LOCK = 7_510_230;

export async function copySqliteToPostgres(sqlite: Database.Database, target: PostgresEngine): Promise<CopyReport> {
  const started = performance.now();
  const client = await target.pool.connect();
  const rows: Record<string, number> = {};
  try {
    await client.query('BEGIN');
    // One copy at a time: a second desk's copy (two first-run screens) waits here for the first
    // to commit, then finds the database taken instead of failing half-way on its keys.
    await client.query('SELECT pg_advisory_xact_lock($1)', [COPY_LOCK]);
    const used = await client.query(
      'SELECT (SELECT count(*) FROM operators) + (SELECT count(*) FROM audit_events) AS n',
    );
    if (Number(used.rows[0].n) > 0)
      throw new Error('The target database is not empty (it has operators or audit events)');
    // The migration's own defaults (refund window) give way to the desk's settings.
    await client.query('DELETE FROM settings');
    for (const table of COPY_ORDER) {
      const cols = (
        await client.query(
          `SELECT column_name FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
          [table],
        )
      ).rows.map((r: { column_name: string }) => r.column_name as string);
      await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      rows[table] = await copyTable(sqlite, client, table, cols);
      await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      if (cols.includes('id') && table !== 'audit_events') {
        await client.query(
          `SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`,
          [table],
        );
      }
    }
    await client.query(`UPDATE audit_head SET last_id = coalesce(e.id, 0), hash = coalesce(e.hash, audit_head.hash)
      FROM (SELECT max(id) AS id, (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) AS hash FROM audit_events) e`);
    await client.query('UPDATE db_changes SET n = n + 1');
    await client.query('COMMIT');
    // Statistics for the copied tables now, not when autovacuum gets to them: a desk's first
    // queries on a freshly filled team database get the plans they will keep getting. The copy
    // is committed by now, so a failure here costs only the head start.
    await client.query('ANALYZE').catch(() => {});
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  const chain = await verifyChain(target.db);
  return { rows, chain, millis: Math.round(performance.now() - started) };
}

async function copyTable(
  sqlite: Database.Database,
  client: import('pg').PoolClient,
  table: string,
  cols: string[],
): Promise<number> {
  // COPY … FROM STDIN in text format: rows stream without a round trip per batch and every value
  // converts as on INSERT. At the large scale the server's index and foreign-key upkeep is most of
  // the time (52k rows/s against 45k for JSON batches), not the parsing.
  const select = sqlite.prepare(`SELECT ${cols.join(', ')} FROM ${table}`).raw();
  const stream = client.query(copyFrom(`COPY ${table} (${cols.join(', ')}) FROM STDIN`));
  const done = finished(stream);
  done.catch(() => {}); // awaited below; this keeps a rejection mid-loop from counting as unhandled
  let lines: string[] = [];
  let n = 0;
  const flush = async () => {
    if (lines.length === 0) return;
    const more = stream.write(lines.join(''));
    lines = [];
    if (!more) await once(stream, 'drain');
  };
  try {
    for (const row of select.iterate() as IterableIterator<unknown[]>) {
      lines.push(`${row.map(copyText).join('\t')}\n`);
      n++;
      if (lines.length >= 2_000) await flush();
    }
    await flush();
    stream.end();
  } catch (err) {
    stream.destroy(err as Error);
  }
  await done;
  return n;
}

/** One value in COPY's text format: \N for NULL; backslash, tab, newline and return escaped. */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : text;
}
