import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeeVersionDetail, SimulationResult } from '../../shared/contract/fees';
import type { EngineKind } from '../db/engine';
import { copySqliteToPostgres } from '../db/postgres/copy';
import { openPostgres } from '../db/postgres/engine';
import { SIMULATION_WORKERS, simulationStatus, startSimulation } from '../api/fees/simulation';
import { postgresTargetOf } from '../imports/run-import-postgres';
import { generateDataset } from '../seed/generate';
import { describeEngines, freshPostgresDatabase, PG_SKIP_REASON, postgresHost, TEST_PG } from '../test/engines';
import { makeTestConsole, type TestConsole } from '../test/harness';
import { settledSimulation, withSourceWorkers } from '../test/simulations';
import { sizesOn, type SimulationParams } from './fee-simulation-core';
import { SIMULATION_APPLICATION, simulateFeesOnPostgres } from './fee-simulation-postgres';

/**
 * The fee impact simulation on both engines (describeEngines): the demo dataset is generated
 * once on a desk file and copied into a fresh PostgreSQL database, so both hold the same rows,
 * and the same draft (free quotas included, so month-to-date usage and row order matter) gives
 * the same figures to the fen: in-process, in worker threads, split across 2 or 3 workers. On
 * PostgreSQL each worker opens its own connection; cancel closes it, and a lost or refused
 * server fails the job with a translated code instead of leaving it running.
 */
const ANCHOR = new Date('2026-11-01T00:00:00.000Z');
const SUPERVISOR = { username: 'supervisor-sup', password: 'pass1234' };

type Console = Pick<TestConsole, 'ok' | 'call' | 'services'>;
let desk: TestConsole;
let draft: FeeVersionDetail;
const results: Partial<Record<EngineKind, Record<string, SimulationResult>>> = {};

beforeAll(async () => {
  desk = makeTestConsole({ now: () => ANCHOR });
  await generateDataset(desk.sqlite, { scale: 'demo', seed: 7, anchor: ANCHOR });
  await desk.signInAs('sup', 'supervisor');
  const d = await desk.ok('sup', 'fees:createDraft', { fromVersionId: 1 });
  draft = await desk.ok('sup', 'fees:saveDraft', {
    id: d.id,
    expectedVersion: d.version,
    effectiveFrom: d.effectiveFrom,
    effectiveTo: null,
    rules: d.rules.map((x) => ({
      ...x,
      definition: { ...x.definition, ratePpm: x.definition.ratePpm + 300, freeQuota: { kind: 'count', count: 2 } },
    })),
  });
}, 120_000);
afterAll(() => desk?.close());

const figures = (r: SimulationResult) => ({ ...r, millis: 0, ranIn: 'main', workers: 1 });

describeEngines('fee impact simulation', (kind) => {
  let t: Console;
  let close: () => Promise<void> = async () => {};
  let url = '';
  beforeAll(async () => {
    if (kind === 'sqlite') {
      t = desk;
      return;
    }
    const database = await freshPostgresDatabase();
    const team = await openPostgres(database.url, { poolSize: 1 });
    await copySqliteToPostgres(desk.sqlite, team);
    await team.close();
    const host = await postgresHost(database.url, { now: () => ANCHOR });
    const signedIn = await host.call('sup', 'session:signIn', SUPERVISOR);
    if (!signedIn.ok) throw new Error(signedIn.error.code);
    t = host;
    url = database.url;
    close = async () => {
      await host.close();
      await database.drop();
    };
  }, 120_000);
  afterAll(() => close());

  /** What fees:simulate gives the workers, over [from, to): the active version against the draft. */
  const paramsOver = async (from: string, to: string): Promise<SimulationParams> => ({
    baseRules: (await t.ok('sup', 'fees:version', { id: 1 })).rules,
    draftRules: draft.rules,
    from,
    to,
    timeZone: (await t.ok('sup', 'settings:get', {})).timeZone,
  });

  it('reprices 90 days in-process, in worker threads and split across 2 or 3 workers, the same to the fen', async () => {
    const inProcess = (
      await settledSimulation(t, 'sup', await t.ok('sup', 'fees:simulate', { draftId: draft.id, days: 90 }))
    ).result!;
    expect(inProcess.ranIn).toBe('main');
    expect(inProcess.transactions).toBeGreaterThan(5000);
    expect(inProcess.deltaMinor).not.toBe(0);
    const workers = await withSourceWorkers(async () => {
      const s = await settledSimulation(t, 'sup', await t.ok('sup', 'fees:simulate', { draftId: draft.id, days: 90 }));
      if (!s.result) throw new Error(s.error ?? s.state);
      return s.result;
    });
    expect(workers).toMatchObject({ ranIn: 'worker', workers: SIMULATION_WORKERS });
    expect(figures(workers)).toEqual(figures(inProcess));
    // Two and three workers whatever the cores: the job manager cuts the window, each thread on
    // its own connection. On PostgreSQL, with three, one thread loads neither lookup and waits
    // on the others'; on SQLite the accounts come in chunks of 250 customers' (12 here) dealt
    // round the threads.
    const params = await paramsOver(inProcess.from, inProcess.to);
    const split = async (n: number) => {
      const run = await withSourceWorkers(async () => {
        const started = startSimulation({
          dbPath: t.services.engine.sqlite?.name ?? '',
          postgres: postgresTargetOf(t.services.engine),
          days: 90,
          baseVersionId: 1,
          draftVersionId: draft.id,
          params,
          sizes: sizesOn(desk.sqlite),
          workers: n,
          lookupChunk: 250,
          lookupsMark: null,
        });
        return (await settledSimulation(t, 'sup', started)).result!;
      });
      expect(run).toMatchObject({ ranIn: 'worker', workers: n });
      expect(figures(run)).toEqual(figures(inProcess));
      return run;
    };
    const two = await split(2);
    const three = await split(3);
    results[kind] = { inProcess, workers, two, three };
  }, 120_000);

  it('can be cancelled, in-process and in workers', async () => {
    const cancel = async () => {
      const s = await t.ok('sup', 'fees:simulate', { draftId: draft.id, days: 90 });
      expect((await t.ok('sup', 'fees:cancelSimulation', { jobId: s.jobId })).state).toBe('cancelled');
      await new Promise((r) => setTimeout(r, 300));
      expect((await t.ok('sup', 'fees:simulationStatus', { jobId: s.jobId })).state).toBe('cancelled');
    };
    await cancel();
    await withSourceWorkers(cancel);
    if (kind === 'postgres') {
      // The cancelled scans' connections are closed, not left reading on the server.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        for (let i = 0; ; i++) {
          const open = await admin.query(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
            [SIMULATION_APPLICATION],
          );
          if (open.rows[0].n === 0) break;
          if (i > 100) throw new Error(`${open.rows[0].n} simulation connections left open`);
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await admin.end();
      }
    }
  }, 60_000);

  if (kind === 'postgres') {
    it('a connection lost mid-scan fails with SIMULATION_CONNECTION_LOST', async () => {
      const params = await paramsOver(new Date(ANCHOR.getTime() - 90 * 86_400_000).toISOString(), ANCHOR.toISOString());
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        // After the first chunk the server drops the scan's connection, as a restart would.
        const onProgress = async () => {
          await admin.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
            [SIMULATION_APPLICATION],
          );
        };
        await expect(simulateFeesOnPostgres({ url }, params, { onProgress }, 1_000)).rejects.toMatchObject({
          code: 'SIMULATION_CONNECTION_LOST',
        });
      } finally {
        await admin.end();
      }
    });

    it('a server that cannot be reached fails the job in its workers with the translated code', async () => {
      const dead = new URL(url);
      dead.port = '1';
      const params = await paramsOver('2026-10-01T00:00:00.000Z', ANCHOR.toISOString());
      const s = await withSourceWorkers(async () =>
        settledSimulation(
          t,
          'sup',
          startSimulation({
            dbPath: '',
            postgres: { url: dead.toString() },
            days: 30,
            baseVersionId: 1,
            draftVersionId: draft.id,
            params,
            sizes: sizesOn(desk.sqlite),
            workers: 2,
            lookupsMark: null,
          }),
        ),
      );
      expect(s).toMatchObject({ state: 'failed', errorCode: 'SIMULATION_CONNECTION_LOST' });
      expect(simulationStatus(s.jobId).error).toMatch(/ECONNREFUSED|connect/);
    });
  }
});

describe.skipIf(!TEST_PG)(`the simulation on both engines${TEST_PG ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  it('gives identical figures on SQLite and PostgreSQL, to the fen', () => {
    const { sqlite, postgres } = results;
    expect(sqlite && postgres).toBeTruthy();
    for (const run of ['inProcess', 'workers', 'two', 'three'])
      expect(figures(postgres![run])).toEqual(figures(sqlite![run]));
  });
});
