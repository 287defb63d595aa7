import type pg from 'pg';
import { GENESIS_HASH } from '../audit';
import { DEFAULT_REFUND_WINDOW_DAYS } from '../../../shared/domain/refunds';
import { DatabaseTooNewError } from '../open';
import { grantDesktopRole, refuseMigrationWithoutOwner } from './roles';
import { TABLES_SQL } from './schema-tables';
import { RULES_SQL } from './schema-rules';
import { FREEZE_RULES_SQL } from './freeze-rules';
import { SERVICE_CASES_SQL } from './schema-cases';
import { COMPLAINTS_SQL, RECORDINGS_SQL } from './schema-complaints';
import { IDENTITY_SQL } from './schema-identity';
import { CASE_QUEUE_INDEXES_SQL } from '../migrations/0220-case-queue-indexes';
import { LEDGER_MESSAGES } from '../migrations/0230-change-marks';
import { REQUESTER_QUEUE_INDEXES_SQL } from '../migrations/0260-requester-queue-indexes';
import { refuse } from './schema-rules';

export interface PgMigration {
  /** The SQLite schema version this step brings a PostgreSQL database to. */
  version: number;
  name: string;
  sql: string;
}

/**
 * PostgreSQL's migration set. Its versions follow SQLite's: team mode starts at the schema SQLite
 * has at 110, in one step; every later SQLite migration gets a PostgreSQL twin with its number.
 */
export const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 110,
    name: 'team-schema',
    sql: `${TABLES_SQL}\n${RULES_SQL}\nINSERT INTO audit_head VALUES (1, 0, '${GENESIS_HASH}');
      INSERT INTO settings (key, value) VALUES ('refunds.windowDays', '${DEFAULT_REFUND_WINDOW_DAYS}') ON CONFLICT DO NOTHING;`,
  },
  // Twin of SQLite's 0120-freeze-rules: the same triggers, in PL/pgSQL.
  { version: 120, name: 'freeze-rules', sql: FREEZE_RULES_SQL },
  // Twins of SQLite's 0130–0150: service cases, complaints, recording references.
  { version: 130, name: 'service-cases', sql: SERVICE_CASES_SQL },
  { version: 140, name: 'complaints', sql: COMPLAINTS_SQL },
  { version: 150, name: 'recordings', sql: RECORDINGS_SQL },
  // Twin of SQLite's 0160-queue-indexes: "is open" as an expression, the same one the refunds queue filters on.
  {
    version: 160,
    name: 'queue-indexes',
    sql: `
      CREATE INDEX IF NOT EXISTS refund_requests_open_by_requested
        ON refund_requests ((status IN ('pending', 'awaiting_second_approval')), requested_at, id);
      CREATE INDEX IF NOT EXISTS refund_requests_open_by_amount
        ON refund_requests ((status IN ('pending', 'awaiting_second_approval')), amount_minor, id);
      CREATE INDEX IF NOT EXISTS customers_by_segment ON customers (segment, registered_at, id);
      CREATE INDEX IF NOT EXISTS customers_by_segment_name ON customers (segment, name_en, id);`,
  },
  // Twin of SQLite's 0170-audit-mac: the column only. Events on PostgreSQL carry no MAC yet (the
  // anchor outside the database is SQLite-only for now); the hash chain still covers them.
  { version: 170, name: 'audit-mac', sql: 'ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS mac text;' },
  // Twin of SQLite's 0180-overview-indexes.
  {
    version: 180,
    name: 'overview-indexes',
    sql: 'CREATE INDEX IF NOT EXISTS audit_by_operator_at ON audit_events (operator_id, at, action);',
  },
  // Twin of SQLite's 0200-identity-security.
  { version: 200, name: 'identity-security', sql: IDENTITY_SQL },
  // Twin of SQLite's 0220-case-queue-indexes: the same statements.
  { version: 220, name: 'case-queue-indexes', sql: CASE_QUEUE_INDEXES_SQL },
  // Twin of SQLite's 0230-change-marks: the ledger rule only. On PostgreSQL every cached count is
  // keyed by db_changes, which every writing statement bumps on whichever desktop it runs.
  {
    version: 230,
    name: 'change-marks',
    sql:
      refuse('transactions_no_delete', 'transactions', 'DELETE', 'true', LEDGER_MESSAGES.delete) +
      refuse(
        'transactions_keep_account',
        'transactions',
        'UPDATE',
        'NEW.account_id IS DISTINCT FROM OLD.account_id',
        LEDGER_MESSAGES.move,
      ),
  },
  // Twin of SQLite's 0250-rollup-rebuild: the table only. PostgreSQL rebuilds the day and hour
  // rollups inside the transaction that first needs them, so nothing is noted there.
  {
    version: 250,
    name: 'rollup-rebuild',
    sql: 'CREATE TABLE IF NOT EXISTS contact_rollup_touched (bucket timestamptz PRIMARY KEY);',
  },
  // Twin of SQLite's 0260-requester-queue-indexes: the same statements.
  { version: 260, name: 'requester-queue-indexes', sql: REQUESTER_QUEUE_INDEXES_SQL },
  // Twin of SQLite's 0270-fee-scan-packed: nothing. PostgreSQL's simulation streams the columns
  // of its covering index transactions_fee_scan through a cursor (fee-simulation-postgres.ts),
  // which stays; the packed integers are how SQLite's scan hands its rows to the thread.
  { version: 270, name: 'fee-scan-packed', sql: 'SELECT 1;' },
];

export const PG_LATEST = PG_MIGRATIONS[PG_MIGRATIONS.length - 1].version;

// Any fixed number: the advisory lock that keeps two desktops from migrating at once.
const MIGRATION_LOCK = 7_510_110;

export async function pgSchemaVersion(client: pg.ClientBase): Promise<number> {
  const exists = await client.query(`SELECT to_regclass('schema_migrations') AS t`);
  if (!exists.rows[0].t) return 0;
  const r = await client.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations');
  return Number(r.rows[0].v);
}

/** Brings the database up to date, one transaction per step; refuses a database newer than the app. */
export async function migratePostgres(client: pg.ClientBase, migrations = PG_MIGRATIONS): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    const latest = migrations[migrations.length - 1].version;
    let current = await pgSchemaVersion(client);
    if (current > latest) throw new DatabaseTooNewError(current, latest);
    if (current < latest) await refuseMigrationWithoutOwner(client, current, latest);
    for (const m of migrations.filter((x) => x.version > current)) {
      await client.query('BEGIN');
      try {
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
        current = m.version;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    await grantDesktopRole(client);
    return current;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
