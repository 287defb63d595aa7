import type Database from 'better-sqlite3';
import { keyForFile, openSqliteFile } from '../db/encryption';
import { isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';
import { runSimulation, type SimulationParams, type SimulationPart } from './fee-simulation-core';
import { runInBackground } from './priority';

/** What the job manager (electron/api/fees/simulation.ts) sends and receives. */
export interface SimulationWorkerData {
  dbPath: string;
  nativeBinding?: string;
  /** One slice of the window: from/to are the slice's. */
  params: SimulationParams;
}

export type SimulationMessage =
  | { type: 'progress'; progress: number }
  | { type: 'done'; part: SimulationPart; threadId: number }
  | { type: 'error'; message: string };

/**
 * One thread of the impact simulation, scanning one time slice of the window: its own
 * read-only connection on the same file (WAL lets it read while main writes), so the main
 * thread and the grids stay responsive. Cancelling terminates the thread.
 */
function main() {
  if (isMainThread) throw new Error('The fee simulation worker was loaded on the main thread');
  runInBackground();
  const data = workerData as SimulationWorkerData;
  const post = (m: SimulationMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
  let db: Database.Database | null = null;
  try {
    db = openSqliteFile(data.dbPath, {
      key: keyForFile(data.dbPath),
      readonly: true,
      fileMustExist: true,
      nativeBinding: data.nativeBinding,
    });
    const part = runSimulation(db, data.params, (progress) => post({ type: 'progress', progress }));
    // The per-customer arrays move to main rather than being copied.
    post({ type: 'done', part, threadId }, [
      part.customerDelta.buffer as ArrayBuffer,
      part.customerTouched.buffer as ArrayBuffer,
    ]);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  } finally {
    db?.close();
  }
}

main();
