import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { ImportStatusName } from '../../shared/contract/contact-imports';
import { ZoneClock } from '../../shared/domain/business-time';
import { appendAudit } from '../db/audit';
import { chunks } from '../db/chunks';
import { createPostgresKysely, poolConfig } from '../db/postgres/connect';
import { runWithRetry } from '../db/retry';
import { RollupAccumulator } from '../db/rollups/accumulator';
import type { DB } from '../db/schema';
import type { Engine } from '../db/engine';
import type { PostgresEngine } from '../db/postgres/engine';
import { readSettingsIn } from '../db/settings';
import {
  csvBatches,
  duplicateInFile,
  emptyProgress,
  finalColumns,
  finishEvent,
  importedContact,
  planBatch,
  type ImportHooks,
  type ImportJob,
  type ImportProgress,
  type PendingRow,
} from './run-import';

/**
 * An import's worker holds the advisory lock (IMPORT_LOCK, import id) on its own connection
 * while it runs: another desk can then tell a running import from one whose host stopped.
 */
export const IMPORT_LOCK = 7510112;

export interface PostgresTarget {
  url: string;
  caFile?: string;
}

/** Where a worker of this engine opens its own connection: the server's URL and TLS CA; null on SQLite. */
export function postgresTargetOf(engine: Engine): PostgresTarget | null {
  return engine.sqlite ? null : { url: engine.location, caFile: (engine as PostgresEngine).caFile };
}

/**
 * The import on PostgreSQL, on a connection of its own (the worker's, or in-process in
 * tests): the lock above for its whole life, then the same batches as on SQLite.
 */
export async function runPostgresImport(
  target: PostgresTarget,
  job: ImportJob,
  hooks: ImportHooks = {},
): Promise<ImportProgress> {
  const pool = new pg.Pool({ ...poolConfig(target.url, { caFile: target.caFile, poolSize: 1 }), idleTimeoutMillis: 0 });
  pool.on('error', () => {}); // a lost server fails the running query, reported as the import's failure
  const db = createPostgresKysely(pool);
  try {
    return await db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(${IMPORT_LOCK}, ${job.importId})`.execute(conn);
      return runContactImportIn(conn, job, hooks);
    });
  } finally {
    await db.destroy();
  }
}

/**
 * runContactImport through Kysely: each batch one SERIALIZABLE transaction (retried when a
 * desk logging a contact into the same rollup row collided with it), set-based: one lookup
 * of the batch's accounts, multi-row inserts that skip known contacts, one lookup of those.
 */
export async function runContactImportIn(
  db: Kysely<DB>,
  job: ImportJob,
  hooks: ImportHooks = {},
): Promise<ImportProgress> {
  const now = hooks.now ?? (() => new Date());
  const clock = new ZoneClock(job.timeZone);
  const accounts = new Map<string, number | null>();
  const progress = emptyProgress();
  const batches = csvBatches(job, hooks, progress);
  let status: ImportStatusName;
  try {
    for (let next = batches.next(); ; next = batches.next()) {
      if (next.done) {
        status = next.value;
        break;
      }
      const batch = next.value;
      const before = { ...progress };
      await runWithRetry(() => {
        Object.assign(progress, before); // a retried batch counts its rows once
        return db.transaction().execute((trx) => writeBatchIn(trx, job, clock, batch, progress, accounts));
      });
      hooks.onProgress?.({ ...progress });
    }
  } finally {
    batches.return('failed');
  }
  await finishImportIn(db, job, status, progress, now());
  return progress;
}

async function writeBatchIn(
  trx: Kysely<DB>,
  job: ImportJob,
  clock: ZoneClock,
  batch: PendingRow[],
  progress: ImportProgress,
  accounts: Map<string, number | null>,
): Promise<void> {
  const planned = planBatch(job, clock, batch, progress);
  const unknown = [
    ...new Set(planned.contacts.map((p) => p.contact.accountNo).filter((n): n is string => !!n && !accounts.has(n))),
  ];
  for (const part of chunks(unknown)) {
    const found = await trx
      .selectFrom('accounts')
      .select(['id', 'account_no'])
      .where('account_no', 'in', part)
      .execute();
    // A caller who is not (yet) a customer is still a contact: it is kept, unlinked.
    for (const no of part) accounts.set(no, null);
    for (const a of found) accounts.set(a.account_no, Number(a.id));
  }
  // A row repeated within the batch is written once (its first time); the repeats then count as on SQLite.
  const firsts = new Map<string, (typeof planned.contacts)[number]>();
  for (const p of planned.contacts) if (!firsts.has(p.externalId)) firsts.set(p.externalId, p);
  const fresh = [...firsts.values()];
  const inserted = new Set<string>();
  for (const part of chunks(fresh)) {
    const values = part.map((p) =>
      importedContact(job, p.externalId, p.contact, p.contact.accountNo ? accounts.get(p.contact.accountNo)! : null),
    );
    const rows = await trx
      .insertInto('contacts')
      .values(values)
      .onConflict((oc) => oc.column('external_id').doNothing())
      .returning('external_id')
      .execute();
    for (const r of rows) inserted.add(r.external_id);
  }
  // Who wrote the rows that were already there: this import (an earlier batch) or another.
  const owner = new Map<string, number | null>([...inserted].map((id) => [id, job.importId]));
  for (const part of chunks(fresh.filter((p) => !inserted.has(p.externalId)))) {
    const rows = await trx
      .selectFrom('contacts')
      .select(['external_id', 'import_id'])
      .where(
        'external_id',
        'in',
        part.map((p) => p.externalId),
      )
      .execute();
    for (const r of rows) owner.set(r.external_id, r.import_id === null ? null : Number(r.import_id));
  }
  const rollup = new RollupAccumulator();
  const counted = new Set<string>();
  for (const p of planned.contacts) {
    const first = !counted.has(p.externalId);
    counted.add(p.externalId);
    if (first && inserted.has(p.externalId)) {
      progress.imported++;
      rollup.add(p.contact.startedAtMs, p.contact.channel, p.contact.category, p.contact);
    } else if (owner.get(p.externalId) === job.importId) {
      planned.errors.push(duplicateInFile(p.row, p.contact, progress)); // the same row twice in this file
    } else {
      progress.duplicates++; // imported before: importing the same file again adds nothing
    }
  }
  for (const part of chunks(planned.errors)) {
    await trx
      .insertInto('contact_import_errors')
      .values(
        part.map((e) => ({ import_id: job.importId, row_no: e.row, reason: e.reason, field: e.field, value: e.value })),
      )
      .onConflict((oc) => oc.columns(['import_id', 'row_no']).doNothing())
      .execute();
  }
  // The business zone as stored now: if another desk changed it, the day and hour rollups follow.
  await rollup.flushIn(trx, (await readSettingsIn(trx)).timeZone);
  await trx
    .updateTable('contact_imports')
    .set({
      processed_bytes: progress.processedBytes,
      rows_read: progress.rowsRead,
      imported: progress.imported,
      duplicates: progress.duplicates,
      errors: progress.errors,
    })
    .where('id', '=', job.importId)
    .where('status', '=', 'running')
    .execute();
}

/** finishImport through Kysely: the final state and its audit event, in one transaction. */
export async function finishImportIn(
  db: Kysely<DB>,
  job: Parameters<typeof finishEvent>[0],
  status: ImportStatusName,
  progress: ImportProgress,
  at: Date,
  note: string | null = null,
): Promise<void> {
  await runWithRetry(() =>
    db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('contact_imports')
        .set(finalColumns(status, progress, at))
        .where('id', '=', job.importId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return;
      await appendAudit(trx, finishEvent(job, status, progress, at, note));
    }),
  );
}
