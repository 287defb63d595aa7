import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, setDemoLimits, settledPayment } from '../../test/engine-builders';
import { PG_SKIP_REASON, postgresHost, TEST_PG } from '../../test/engines';
import { unwrap } from '../../test/harness';
import { verifyChain } from '../audit';
import { openPostgres } from './engine';
import { DESKTOP_ROLE } from './roles';

/**
 * Least privilege: an owner role migrates and owns the schema; a desktop role (a member of
 * wallet_ops_desktop) runs the console but cannot rewrite the audit trail or switch off the
 * rules. Needs a PostgreSQL server (WALLET_OPS_TEST_PG); skipped, with the reason, without one.
 */
const NOW = new Date('2026-11-20T02:00:00.000Z');
const suffix = randomBytes(4).toString('hex');
const OWNER = `wallet_ops_owner_${suffix}`;
const DESK = `wallet_ops_desk_${suffix}`;
const DATABASE = `wallet_ops_roles_${suffix}`;

function urlAs(user: string) {
  const u = new URL(TEST_PG);
  u.username = user;
  u.pathname = `/${DATABASE}`;
  return u.toString();
}

async function asSuperuser(sql: string) {
  const c = new pg.Client({ connectionString: TEST_PG });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe.skipIf(!TEST_PG)(`database roles in team mode${TEST_PG ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let desk: pg.Client;
  beforeAll(async () => {
    await asSuperuser(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DESKTOP_ROLE}') THEN CREATE ROLE ${DESKTOP_ROLE} NOLOGIN; END IF;
      END $$;
      CREATE ROLE ${OWNER} LOGIN;
      CREATE ROLE ${DESK} LOGIN IN ROLE ${DESKTOP_ROLE};`);
    await asSuperuser(`CREATE DATABASE ${DATABASE} OWNER ${OWNER}`);
    // PostgreSQL 15 no longer lets every role create in public; older servers need this said.
    const owned = new pg.Client({ connectionString: urlAs(OWNER) });
    await owned.connect();
    await owned.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`).catch(() => {});
    await owned.end();
  });
  afterAll(async () => {
    await desk?.end().catch(() => {});
    await asSuperuser(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await asSuperuser(`DROP ROLE IF EXISTS ${DESK}; DROP ROLE IF EXISTS ${OWNER}`);
  });

  it('a desktop role cannot migrate an empty database, and says who can', async () => {
    await expect(openPostgres(urlAs(DESK), { poolSize: 1 })).rejects.toThrow(/owner role.*db:migrate/);
  });

  it('the owner migrates; a desktop then runs a two-person refund and the chain verifies', async () => {
    const owner = await openPostgres(urlAs(OWNER), { poolSize: 1 });
    await owner.close();
    const host = await postgresHost(urlAs(DESK), { now: () => NOW });
    try {
      await host.signInAs('agent', 'agent', 'agent');
      await host.signInAs('sup', 'supervisor', 'sup');
      await setDemoLimits(host.db);
      const { accountId } = await makeAccount(host.db);
      const txn = await settledPayment(host.db, accountId, 500_000, NOW);
      const r = unwrap(
        await host.call('agent', 'refunds:request', {
          transactionId: txn,
          amountMinor: 300_000,
          currency: 'CNY',
          type: 'customer',
          reason: 'requested_by_customer',
          idempotencyKey: `roles-${suffix}-1`,
        }),
      );
      const approved = unwrap(
        await host.call('sup', 'refunds:approve', {
          id: r.id,
          expectedVersion: r.version,
          idempotencyKey: `roles-${suffix}-2`,
        }),
      );
      expect(approved.status).toBe('approved');
      expect((await verifyChain(host.db)).intact).toBe(true);
    } finally {
      await host.close();
    }
  });

  it('a desktop cannot rewrite the audit trail, drop or disable its triggers, or edit the migration history', async () => {
    desk = new pg.Client({ connectionString: urlAs(DESK) });
    await desk.connect();
    const trigger = (
      await desk.query(
        `SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal LIMIT 1`,
      )
    ).rows[0].tgname as string;
    const refused = async (sql: string) => {
      const err = (await desk.query(sql).then(
        () => null,
        (e: { code?: string }) => e,
      )) as { code?: string } | null;
      return err?.code;
    };
    expect(await refused(`UPDATE audit_events SET action = 'forged'`)).toBe('42501');
    expect(await refused(`DELETE FROM audit_events`)).toBe('42501');
    expect(await refused(`TRUNCATE audit_events`)).toBe('42501');
    expect(await refused(`ALTER TABLE audit_events DISABLE TRIGGER ALL`)).toBe('42501');
    expect(await refused(`DROP TRIGGER ${trigger} ON audit_events`)).toBe('42501');
    expect(await refused(`DELETE FROM schema_migrations`)).toBe('42501');
    expect(await refused(`CREATE TABLE sneaky (id int)`)).toBe('42501');
    // What the console itself needs still works for the desktop role.
    expect((await desk.query(`SELECT count(*)::int AS n FROM audit_events`)).rows[0].n).toBeGreaterThan(0);
  });
});
