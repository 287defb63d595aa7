import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { PostgresTarget } from '../imports/run-import-postgres';
import {
  runSimulation,
  type SimulationParams,
  type SimulationPart,
  type SimulationThread,
} from './fee-simulation-core';
import { simulateFeesOnPostgres } from './fee-simulation-postgres';
import { readOnThread, readPostgresOnThread, type ReaderData, type ReaderError } from './reader-thread';

/** What the job manager (electron/api/fees/simulation.ts) sends and receives. */
export interface SimulationWorkerData extends ReaderData {
  /** One slice of the window: from/to are the slice's. */
  params: SimulationParams;
  /** This slice's thread, and the lookups all the slices' threads share. */
  thread: SimulationThread;
  /** Team mode: the PostgreSQL server this thread opens its own connection to; null on SQLite. */
  postgres: PostgresTarget | null;
}

export type SimulationMessage =
  { type: 'progress'; progress: number } | { type: 'done'; part: SimulationPart; threadId: number } | ReaderError;

const post = (m: SimulationMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
// The per-customer array moves to main rather than being copied.
const done = (part: SimulationPart) =>
  post({ type: 'done', part, threadId }, [part.customerDelta.buffer as ArrayBuffer]);
const progressed = (progress: number) => post({ type: 'progress', progress });

/**
 * One thread of the impact simulation, scanning one time slice of the window on a connection
 * of its own: a read-only one on the same SQLite file (WAL lets it read while main writes), or
 * in team mode its own PostgreSQL connection, so the main thread and the grids stay
 * responsive. Cancelling terminates the thread (and so closes its connection).
 */
if ((workerData as SimulationWorkerData | null)?.postgres) {
  readPostgresOnThread<SimulationWorkerData>('fee simulation', async (target, data) => {
    const part = await simulateFeesOnPostgres(target, data.params, { onProgress: progressed }, undefined, data.thread);
    if (part) done(part);
  });
} else {
  readOnThread<SimulationWorkerData>('fee simulation', (db, data) =>
    done(runSimulation(db, data.params, progressed, data.thread)),
  );
}
