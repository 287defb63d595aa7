import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, PG_SKIP_REASON, TEST_PG } from '../../test/engines';
import { openPostgres, type PostgresEngine } from './engine';

/**
 * Losing the server (a restart, a network drop) is survived: a connection cut while checked out
 * fails its work without crashing the host, and the LISTEN connection comes back by itself, says
 * so, and delivers what is sent after. Needs a PostgreSQL server (WALLET_OPS_TEST_PG); skipped,
 * with the reason, without one.
 */
const until = async (what: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.skipIf(!TEST_PG)(`losing the team database${TEST_PG ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let engine: PostgresEngine;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await freshPostgresDatabase();
    engine = await openPostgres(database.url, { poolSize: 2 });
    drop = database.drop;
  });
  afterAll(async () => {
    await engine?.close();
    await drop?.();
  });

  const killOthers = (where: string) =>
    engine.pool.query(
      `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND ${where}`,
    );

  it('fails the work of a connection cut between two queries, and the host carries on', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const client = await engine.pool.connect();
      await client.query('SELECT 1');
      const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      await engine.pool.query('SELECT pg_terminate_backend($1)', [pid]); // idle in our hands: no query running
      await new Promise((r) => setTimeout(r, 300));
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
      expect((await engine.pool.query('SELECT 2 AS two')).rows[0].two).toBe(2);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('reconnects after its connection is killed and hears what is sent afterwards', async () => {
    const heard: string[] = [];
    let reconnects = 0;
    const stop = await engine.listen(
      (m) => heard.push(m),
      () => reconnects++,
    );
    try {
      await engine.notify('before');
      await until(() => heard.includes('before'));
      const killed = await killOthers(`query LIKE 'LISTEN %'`);
      expect(killed.rowCount).toBe(1);
      await until(() => reconnects === 1);
      await engine.notify('after');
      await until(() => heard.includes('after'));
      expect(heard).toEqual(['before', 'after']);
    } finally {
      await stop();
    }
  });
});
