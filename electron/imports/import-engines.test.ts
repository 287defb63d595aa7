import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countRows } from '../test/harness';
import { cancellableJob, importSample } from '../test/import-helpers';
import { describeEngines, makeEngineConsole, type EngineConsole } from '../test/engines';
import { failInterruptedImportsOn } from './interrupted';
import { runContactImport } from './run-import';
import { runPostgresImport } from './run-import-postgres';

/**
 * CSV contact import on both engines (describeEngines): the same file gives the same counts,
 * rollups and audit events; on PostgreSQL the import runs on a connection of its own (in a
 * worker thread in the app, and here once through the worker's source), cancel keeps the
 * committed batches, and an import is only called interrupted when no desk's worker holds it.
 */
const NOW = new Date('2026-06-10T03:00:00.000Z');

describeEngines('CSV contact import', (kind) => {
  let t: EngineConsole;
  beforeAll(async () => {
    t = await makeEngineConsole(kind, { now: () => NOW });
    await t.signInAs('sup', 'supervisor', 'sup');
  });
  afterAll(() => t?.close());

  const importFile = async (file: string, sourceName?: string) =>
    (await importSample(t, 'sup', file, sourceName)).result;

  const rolledUp = async (table: string) =>
    Number((await sql<{ n: number }>`SELECT sum(contacts) AS n FROM ${sql.table(table)}`.execute(t.db)).rows[0].n);

  it('imports the good rows, reports the bad ones, and moves the rollups with them', async () => {
    const result = await importFile('contacts-with-errors.csv');
    expect(result).toMatchObject({ status: 'completed', rowsRead: 405, imported: 375, errors: 30, duplicates: 0 });
    expect(await countRows(t.db, 'contacts')).toBe(375);
    expect(await countRows(t.db, 'contact_import_errors')).toBe(30);
    for (const table of ['contact_rollup', 'contact_rollup_day', 'contact_rollup_hour', 'contact_rollup_hour_channel'])
      expect(await rolledUp(table)).toBe(375);
    const report = await t.ok('sup', 'contacts:importErrors', { id: result.id });
    expect(report.csv).toMatch(/\r\n22,missing required field,startedAt,\r\n/);
    const d = await t.ok('sup', 'calls:dashboard', {
      from: '2026-05-25',
      to: '2026-06-15',
      interval: 'day',
      stackBy: 'channel',
      channels: [],
      categories: [],
    });
    expect(d.kpis.volume).toBe(375);
  });

  it('importing the same file again adds nothing; start and end are audited', async () => {
    const result = await importFile('contacts-with-errors.csv');
    expect(result).toMatchObject({ status: 'completed', imported: 0, duplicates: 380, errors: 25 });
    expect(await rolledUp('contact_rollup')).toBe(375);
    const actions = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'contact_import')
      .where('entity_id', '=', String(result.id))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['contacts.importStarted', 'contacts.importCompleted']);
  });

  it('runs in a worker thread with a connection of its own', async () => {
    process.env.WALLET_OPS_TS_WORKER = '1'; // the app loads the built worker; tests load its source through tsx
    try {
      const result = await importFile('contacts-clean.csv', 'Clean export');
      expect(result.status).toBe('completed');
      expect(result.imported).toBeGreaterThan(0);
      expect(await rolledUp('contact_rollup_day')).toBe(await countRows(t.db, 'contacts'));
    } finally {
      delete process.env.WALLET_OPS_TS_WORKER;
    }
  }, 60_000);

  it('a cancelled import keeps the batches it committed, audited', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-cancel-'));
    const row = await t.db
      .insertInto('contact_imports')
      .values({
        source_name: 'cancel test',
        file_name: 'big.csv',
        status: 'running',
        time_zone: 'UTC',
        mapping_json: '{}',
        total_bytes: 1,
        started_at: NOW.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const job = cancellableJob(dir, Number(row.id));
    let batches = 0;
    const hooks = { batchRows: 100, onProgress: () => batches++, isCancelled: () => batches >= 2, now: () => NOW };
    const progress =
      kind === 'sqlite'
        ? runContactImport(t.services.sqlite!, job, hooks)
        : await runPostgresImport({ url: t.url }, job, hooks);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(progress.imported).toBe(200);
    expect(
      await t.db.selectFrom('contact_imports').select(['status', 'imported']).where('id', '=', job.importId).execute(),
    ).toEqual([{ status: 'cancelled', imported: 200 }]);
    const cancelled = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'contacts.importCancelled')
      .execute();
    expect(cancelled).toHaveLength(1);
  });

  it('marks an import interrupted only when no process is running it', async () => {
    const row = await t.db
      .insertInto('contact_imports')
      .values({
        source_name: 'pbx',
        file_name: 'calls.csv',
        status: 'running',
        time_zone: 'UTC',
        mapping_json: '{}',
        total_bytes: 1000,
        started_at: new Date(NOW.getTime() - 3_600_000).toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    const by = { operatorId: null, operatorRole: null, host: 'browser' as const };
    if (kind === 'postgres') {
      // Another desk's worker holds the import's lock: it is running there, not interrupted.
      const { IMPORT_LOCK } = await import('./run-import-postgres');
      const other = await makeLockHolder(t.url, IMPORT_LOCK, id);
      try {
        expect(await failInterruptedImportsOn(t.services.engine, by, NOW)).toEqual([]);
      } finally {
        await other.end();
      }
    }
    expect(await failInterruptedImportsOn(t.services.engine, by, NOW)).toEqual([id]);
    const status = await t.db.selectFrom('contact_imports').select('status').where('id', '=', id).execute();
    expect(status).toEqual([{ status: 'failed' }]);
  });
});

/** A second connection holding the advisory lock a desk's import worker would hold. */
async function makeLockHolder(url: string, lock: number, id: number) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1, $2)', [lock, id]);
  return client;
}
