import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countRows } from '../../test/harness';
import type { Result } from '../../../shared/contract';
import { SCALES } from '../../seed/generate';
import { describeEngines, makeEngineConsole, postgresHost, type EngineConsole } from '../../test/engines';

/**
 * The first-run screen's "load the demo dataset" on both engines (describeEngines). On
 * PostgreSQL the generator writes a scratch SQLite file that is copied in, audit chain included.
 */
const NOW = new Date('2026-06-10T03:00:00.000Z');

describeEngines('first run: loading the demo dataset', (kind) => {
  let t: EngineConsole;
  beforeAll(async () => {
    t = await makeEngineConsole(kind, { now: () => NOW });
  });
  afterAll(() => t?.close());

  it('fills an empty database once; its demo operators sign in and see its call volumes', async () => {
    expect(await t.call('tab-1', 'setup:status', {})).toEqual({ ok: true, data: { firstRun: true } });
    const loaded = await t.call('tab-1', 'setup:loadDemo', {});
    expect(loaded.ok ? 'ok' : loaded.error.code).toBe('ok');
    expect(await countRows(t.db, 'customers')).toBeGreaterThan(0);
    expect(await t.call('tab-1', 'setup:loadDemo', {})).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
    expect(await t.call('tab-1', 'session:signIn', { username: 'admin', password: 'admin123' })).toMatchObject({
      ok: true,
    });
    const contacts = await countRows(t.db, 'contacts');
    expect(contacts).toBeGreaterThan(0);
    // The rollups came with their contacts (the demo is anchored at the real clock, so only totals are checked).
    const rolled = await sql<{ n: number }>`SELECT sum(contacts) AS n FROM contact_rollup_day`.execute(t.db);
    expect(Number(rolled.rows[0].n)).toBe(contacts);
    const d = await t.ok('tab-1', 'calls:dashboard', {
      from: '2000-01-01',
      to: '2000-12-31',
      interval: 'week',
      stackBy: 'channel',
      channels: [],
      categories: [],
    });
    expect(d.kpis.volume).toBe(0); // the demo's contacts are recent: a range long ago is empty, on either engine
    const chain = await t.call('tab-1', 'audit:verify', {});
    expect(chain.ok ? 'ok' : chain.error.code).toBe('ok');
  }, 240_000);
});

describeEngines('first run: two loads at once', (kind) => {
  it('a double click, or a second desk on the same team database, loads the demo once and is told so', async () => {
    const t = await makeEngineConsole(kind, { now: () => NOW });
    const other = kind === 'postgres' ? await postgresHost(t.url, { now: () => NOW }) : null;
    try {
      const outcome = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
      const calls = [t.call('tab-1', 'setup:loadDemo', {}), t.call('tab-2', 'setup:loadDemo', {})];
      if (other) calls.push(other.call('desk-b', 'setup:loadDemo', {}));
      const outcomes = (await Promise.all(calls)).map(outcome);
      // The double click joins the running load (both tabs hear the same answer); whichever desk
      // comes second waits for the other's load and finds the console set up. Nothing else.
      expect(outcomes[0]).toBe(outcomes[1]);
      expect(outcomes).toContain('ok');
      expect(outcomes.filter((o) => o !== 'ok' && o !== 'ALREADY_SET_UP')).toEqual([]);
      expect(await countRows(t.db, 'customers')).toBe(SCALES.demo.customers);
    } finally {
      await other?.close();
      await t.close();
    }
  }, 240_000);
});
