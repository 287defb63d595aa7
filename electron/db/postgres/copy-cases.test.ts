import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomerAccount } from '../../test/case-builders';
import { freshPostgresDatabase, PG_SKIP_REASON, TEST_PG } from '../../test/engines';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { copySqliteToPostgres } from './copy';
import { openPostgres, type PostgresEngine } from './engine';

/**
 * Moving a desk to a team database carries its service cases: a complaint and a fraud report
 * (with its blocklist entry, flagged payee and freeze) arrive with the audit chain intact.
 * Needs a PostgreSQL server (WALLET_OPS_TEST_PG); skipped, with the reason, without one.
 */
const NOW = new Date('2026-06-10T03:00:00.000Z');
let n = 0;
const key = () => `copy-cases-${++n}`;

describe.skipIf(!TEST_PG)(`copying a desk with service cases${TEST_PG ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let desk: TestConsole;
  let team: PostgresEngine;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    desk = makeTestConsole({ now: () => NOW });
    await desk.signInAs('agent', 'agent');
    const database = await freshPostgresDatabase();
    team = await openPostgres(database.url, { poolSize: 2 });
    drop = database.drop;
  });
  afterAll(async () => {
    desk?.close();
    await team?.close();
    await drop?.();
  });

  it('arrives whole', async () => {
    const a = makeCustomerAccount(desk.sqlite);
    await desk.ok('agent', 'complaints:open', {
      customerId: a.customerId,
      channel: 'phone',
      category: 'fees',
      words: '多收了手续费',
      idempotencyKey: key(),
    });
    await desk.ok('agent', 'fraud:open', {
      customerId: a.customerId,
      accountId: a.accountId,
      scheme: 'fake_hotline',
      fakeNumber: '4008209999',
      lossMinor: 10_000,
      currency: 'CNY',
      words: '假客服',
      transactionIds: [a.txnIds[0]],
      freeze: true,
      idempotencyKey: key(),
    });
    // COPY's text format: a note holding its escape characters and a literal \N arrives as written.
    const tricky = 'line 1\nline 2\ttabbed \\ back\\slash \\N 退款\r\nend';
    desk.sqlite
      .prepare(
        "INSERT INTO notes (entity_type, entity_id, operator_id, body, created_at) VALUES ('customer', ?, 1, ?, ?)",
      )
      .run(a.customerId, tricky, NOW.toISOString());
    const report = await copySqliteToPostgres(desk.sqlite, team);
    expect(report.chain.intact).toBe(true);
    expect(report.rows).toMatchObject({
      service_cases: 2,
      complaint_details: 1,
      fraud_reports: 1,
      fake_numbers: 1,
      flagged_payees: 1,
    });
    const fraud = await team.db
      .selectFrom('fraud_reports')
      .select(['loss_minor', 'fake_number'])
      .executeTakeFirstOrThrow();
    expect(fraud).toEqual({ loss_minor: 10_000, fake_number: '4008209999' });
    const note = await team.db.selectFrom('notes').select('body').where('body', 'like', 'line 1%').executeTakeFirst();
    expect(note?.body).toBe(tricky);
  });
});
