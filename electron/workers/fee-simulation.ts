import type Database from 'better-sqlite3';
import { keyForFile, openSqliteFile } from '../db/encryption';
import { parentPort, workerData } from 'node:worker_threads';
import { runSimulation, type SimulationParams } from './fee-simulation-core';
import { runInBackground } from './priority';

/** What the job manager (electron/api/fees/simulation.ts) sends and receives. */
export interface SimulationWorkerData {
  dbPath: string;
  nativeBinding?: string;
  params: SimulationParams;
}

export type SimulationMessage =
  | { type: 'progress'; progress: number }
  | { type: 'done'; result: ReturnType<typeof runSimulation>; millis: number }
  | { type: 'error'; message: string };

/**
 * The impact simulation's thread: its own read-only connection on the same file (WAL
 * lets it read while main writes), so the main thread and the grids stay responsive.
 * Cancelling terminates the thread.
 */
function main() {
  runInBackground();
  const data = workerData as SimulationWorkerData;
  const post = (m: SimulationMessage) => parentPort!.postMessage(m);
  const started = performance.now();
  let db: Database.Database | null = null;
  try {
    db = openSqliteFile(data.dbPath, {
      key: keyForFile(data.dbPath),
      readonly: true,
      fileMustExist: true,
      nativeBinding: data.nativeBinding,
    });
    const result = runSimulation(db, data.params, (progress) => post({ type: 'progress', progress }));
    post({ type: 'done', result, millis: Math.round(performance.now() - started) });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  } finally {
    db?.close();
  }
}

main();
