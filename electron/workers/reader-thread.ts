import type Database from 'better-sqlite3';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../shared/contract/errors';
import { keyForFile, openSqliteFile } from '../db/encryption';
import type { PostgresTarget } from '../imports/run-import-postgres';
import { runInBackground } from './priority';

/** What every reading thread is given: the console's file, and the native binding where it moved. */
export interface ReaderData {
  dbPath: string;
  nativeBinding?: string;
}

/** A reading thread's failure, as it reaches main: the message, and its code where it has a translation. */
export type ReaderError = { type: 'error'; message: string; code?: AppError['code'] };

function reportFailure(err: unknown) {
  const failure: ReaderError = {
    type: 'error',
    message: err instanceof Error ? err.message : String(err),
    ...(err instanceof AppError ? { code: err.code } : {}),
  };
  parentPort!.postMessage(failure);
}

/** Refuses main (a worker's work there would block every window), then yields the cores to main. */
export function enterReaderThread<D>(what: string): D {
  if (isMainThread) throw new Error(`The ${what} worker was loaded on the main thread`);
  runInBackground();
  return workerData as D;
}

/**
 * The frame of a worker thread that reads the console's file (the fee simulation, the CSV
 * export): it refuses to run on main, yields the cores to main, opens a read-only
 * connection with the database key (WAL lets it read while main writes), runs `work`,
 * reports a failure as an `error` message, and closes the connection whatever happens.
 */
export function readOnThread<D extends ReaderData>(what: string, work: (db: Database.Database, data: D) => void) {
  const data = enterReaderThread<D>(what);
  let db: Database.Database | null = null;
  try {
    db = openReader(data);
    work(db, data);
  } catch (err) {
    reportFailure(err);
  } finally {
    db?.close();
  }
}

/** A read-only connection to the console's file, with its key (WAL lets it read while main writes). */
export function openReader(data: ReaderData): Database.Database {
  return openSqliteFile(data.dbPath, {
    key: keyForFile(data.dbPath),
    readonly: true,
    fileMustExist: true,
    nativeBinding: data.nativeBinding,
  });
}

/**
 * The same frame in team mode: `work` opens its own connection to the server named by
 * `target` (never the main process's pool) and closes it; a failure is reported as on SQLite.
 */
export function readPostgresOnThread<D extends { postgres: PostgresTarget | null }>(
  what: string,
  work: (target: PostgresTarget, data: D) => Promise<void>,
) {
  const data = enterReaderThread<D>(what);
  work(data.postgres!, data).catch(reportFailure);
}
