import type Database from 'better-sqlite3';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { keyForFile, openSqliteFile } from '../db/encryption';
import { runInBackground } from './priority';

/** What every reading thread is given: the console's file, and the native binding where it moved. */
export interface ReaderData {
  dbPath: string;
  nativeBinding?: string;
}

/**
 * The frame of a worker thread that reads the console's file (the fee simulation, the CSV
 * export): it refuses to run on main, yields the cores to main, opens a read-only
 * connection with the database key (WAL lets it read while main writes), runs `work`,
 * reports a failure as an `error` message, and closes the connection whatever happens.
 */
export function readOnThread<D extends ReaderData>(what: string, work: (db: Database.Database, data: D) => void) {
  if (isMainThread) throw new Error(`The ${what} worker was loaded on the main thread`);
  runInBackground();
  const data = workerData as D;
  let db: Database.Database | null = null;
  try {
    db = openSqliteFile(data.dbPath, {
      key: keyForFile(data.dbPath),
      readonly: true,
      fileMustExist: true,
      nativeBinding: data.nativeBinding,
    });
    work(db, data);
  } catch (err) {
    parentPort!.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  } finally {
    db?.close();
  }
}
