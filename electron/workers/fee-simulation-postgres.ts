import pg from 'pg';
import { AppError } from '../../shared/contract/errors';
import { isUnavailable, poolConfig } from '../db/postgres/connect';
import type { PostgresTarget } from '../imports/run-import-postgres';
import {
  aloneThread,
  lookupShares,
  lookupsLoadedBy,
  SimulationFold,
  simulationQueries,
  type SimulationThread,
  type AccountRow,
  type CustomerRow,
  type EarlierRow,
  type SimulationParams,
  type SimulationPart,
  type WindowRow,
} from './fee-simulation-core';

const QUERIES = simulationQueries((i) => `$${i}`);
/** Shown in pg_stat_activity, so an operator (or a test) can tell the simulation's connections apart. */
export const SIMULATION_APPLICATION = 'wallet-ops fee simulation';
/** A server that stops answering (not closing the socket) fails the scan after this long instead of hanging the job. */
const QUERY_TIMEOUT_MS = 120_000;

export interface PostgresScanHooks {
  /** After each chunk; awaited, so the caller can yield or stop. */
  onProgress?: (progress: number) => void | Promise<void>;
  /** Checked between chunks (in-process runs; a worker is terminated instead). */
  isCancelled?: () => boolean;
}

/**
 * The PostgreSQL row source of the simulation: on a connection of its own (the worker's,
 * never the main process's pool), one REPEATABLE READ, READ ONLY transaction, so accounts,
 * earlier usage and the window are read from one snapshot while desks keep writing; the
 * window streams through a server-side cursor, `chunk` rows a FETCH, into the same
 * SimulationFold as SQLite's. Returns null when cancelled. A lost or silent server fails
 * with SIMULATION_CONNECTION_LOST rather than leaving the job running.
 */
export async function simulateFeesOnPostgres(
  target: PostgresTarget,
  p: SimulationParams,
  hooks: PostgresScanHooks = {},
  chunk = 50_000,
  /** A thread of a split simulation; a run whole (in-process) loads both lookups itself. */
  shared?: SimulationThread,
): Promise<SimulationPart | null> {
  const pool = new pg.Pool({
    ...poolConfig(target.url, { caFile: target.caFile, poolSize: 1 }),
    application_name: SIMULATION_APPLICATION,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
  });
  pool.on('error', () => {}); // a lost server fails the running query, reported below
  try {
    const client = await pool.connect();
    client.on('error', () => {});
    try {
      const rows = async <R>(text: string, values: unknown[] = []) =>
        (await client.query({ text, values, rowMode: 'array' })).rows as unknown as R[];
      const size = async (text: string) => Number((await client.query<{ n: number }>(text)).rows[0].n);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const thread =
        shared ??
        aloneThread({ maxAccount: await size(QUERIES.maxAccount), maxCustomer: await size(QUERIES.maxCustomer) });
      const fold = new SimulationFold(p, thread.lookups);
      const loads = lookupsLoadedBy(thread);
      /** Streams a query through a cursor, `chunk` rows a FETCH, each to `onRow`; false when cancelled. */
      const stream = async <R>(
        name: string,
        text: string,
        values: unknown[],
        onRow: (row: R) => void,
        afterChunk?: () => void | Promise<void>,
      ) => {
        await client.query({ text: `DECLARE ${name} NO SCROLL CURSOR FOR ${text}`, values });
        for (;;) {
          if (hooks.isCancelled?.()) return false;
          const batch = await rows<R>(`FETCH ${chunk} FROM ${name}`);
          for (const row of batch) onRow(row);
          if (batch.length) await afterChunk?.();
          if (batch.length < chunk) break;
        }
        await client.query(`CLOSE ${name}`);
        return true;
      };
      // Streamed too: at the larger scales the accounts alone are millions of rows.
      if (loads.customers && !(await stream<CustomerRow>('customers', QUERIES.customers, [], (r) => fold.customer(r))))
        return null;
      if (loads.accounts && !(await stream<AccountRow>('accounts', QUERIES.accounts, [], (r) => fold.account(r))))
        return null;
      fold.lookupsLoaded(Number(loads.customers) + Number(loads.accounts));
      const earlier = [fold.monthStart, p.from, ...fold.quotaOps];
      if (
        fold.quotaOps.length &&
        !(await stream<EarlierRow>('earlier', QUERIES.earlier(fold.quotaOps.length), earlier, (row) =>
          fold.earlier(row),
        ))
      )
        return null;
      fold.awaitLookups(lookupShares(thread, 2));
      for (const [from, to] of fold.ranges()) {
        fold.enter(from);
        const repriced = await stream<WindowRow>(
          'repriced',
          QUERIES.window,
          [from, to],
          (row) => fold.add(row),
          () => hooks.onProgress?.(fold.progressAt(from)),
        );
        if (!repriced) return null;
        await hooks.onProgress?.(fold.progressAt(to));
      }
      await client.query('COMMIT');
      return fold.part();
    } finally {
      client.release(true);
    }
  } catch (err) {
    if (isUnavailable(err) || /query read timeout|not queryable|Connection terminated/i.test(String(err)))
      throw new AppError(
        'SIMULATION_CONNECTION_LOST',
        `The connection to the team database was lost during the simulation (${err instanceof Error ? err.message : String(err)})`,
      );
    throw err;
  } finally {
    await pool.end().catch(() => {});
  }
}
