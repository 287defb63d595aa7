import { parentPort, threadId } from 'node:worker_threads';
import { runSimulation, type SimulationParams, type SimulationPart } from './fee-simulation-core';
import { readOnThread, type ReaderData } from './reader-thread';

/** What the job manager (electron/api/fees/simulation.ts) sends and receives. */
export interface SimulationWorkerData extends ReaderData {
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
readOnThread<SimulationWorkerData>('fee simulation', (db, data) => {
  const post = (m: SimulationMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
  const part = runSimulation(db, data.params, (progress) => post({ type: 'progress', progress }));
  // The per-customer arrays move to main rather than being copied.
  post({ type: 'done', part, threadId }, [
    part.customerDelta.buffer as ArrayBuffer,
    part.customerTouched.buffer as ArrayBuffer,
  ]);
});
