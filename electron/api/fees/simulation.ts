import { nativeBinding } from '../../host/native';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SimulationResult, SimulationStatus } from '../../../shared/contract/fees';
import { AppError } from '../../../shared/contract/errors';
import { simulateFees, type SimulationParams } from '../../workers/fee-simulation-core';
import type { SimulationMessage, SimulationWorkerData } from '../../workers/fee-simulation';

interface Job {
  status: SimulationStatus;
  stop: () => void;
}

const jobs = new Map<number, Job>();
let nextJobId = 1;

/**
 * The worker's entry: the built file beside the main bundle (electron-vite input
 * `feeSimulation`), or the TypeScript source through tsx when asked (benchmarks).
 * Without either (vitest runs sources), the scan runs in-process, chunked.
 */
function workerEntry(): { file: string; eval?: boolean } | null {
  const built = path.join(__dirname, 'feeSimulation.js');
  if (fs.existsSync(built)) return { file: built };
  if (process.env.WALLET_OPS_TS_WORKER === '1') {
    // tsx's require hook, registered inside the new thread, compiles the source on load.
    const source = path.resolve(__dirname, '../../workers/fee-simulation.ts');
    return { file: `require('tsx/cjs'); require(${JSON.stringify(source)});`, eval: true };
  }
  return null;
}

export interface SimulationRequest {
  dbPath: string;
  days: number;
  baseVersionId: number;
  draftVersionId: number;
  params: SimulationParams;
}

export function startSimulation(req: SimulationRequest): SimulationStatus {
  const jobId = nextJobId++;
  const status: SimulationStatus = {
    jobId,
    state: 'running',
    progress: 0,
    baseVersionId: req.baseVersionId,
    draftVersionId: req.draftVersionId,
    result: null,
    error: null,
  };
  const finish = (
    result: Omit<SimulationResult, 'days' | 'millis' | 'ranIn'>,
    millis: number,
    ranIn: 'worker' | 'main',
  ) => {
    if (status.state !== 'running') return;
    status.state = 'done';
    status.progress = 1;
    status.result = { ...result, days: req.days, millis, ranIn };
  };
  const fail = (message: string) => {
    if (status.state !== 'running') return;
    status.state = 'failed';
    status.error = message;
  };
  const entry = workerEntry();
  const stop = entry ? runInWorker(entry, req, status, finish, fail) : runInProcess(req, status, finish, fail);
  jobs.set(jobId, { status, stop });
  // Keep the last few jobs' results for polling; forget older ones.
  for (const id of jobs.keys()) if (jobs.size > 20 && jobs.get(id)!.status.state !== 'running') jobs.delete(id);
  return { ...status };
}

function runInWorker(
  entry: { file: string; eval?: boolean },
  req: SimulationRequest,
  status: SimulationStatus,
  finish: (r: Omit<SimulationResult, 'days' | 'millis' | 'ranIn'>, millis: number, ranIn: 'worker') => void,
  fail: (message: string) => void,
) {
  const data: SimulationWorkerData = { dbPath: req.dbPath, nativeBinding: nativeBinding(), params: req.params };
  const worker = new Worker(entry.file, { workerData: data, eval: entry.eval });
  worker.on('message', (m: SimulationMessage) => {
    if (m.type === 'progress' && status.state === 'running') status.progress = m.progress;
    else if (m.type === 'done') finish(m.result, m.millis, 'worker');
    else if (m.type === 'error') fail(m.message);
  });
  worker.on('error', (err) => fail(err.message));
  worker.on('exit', () => fail('The simulation stopped unexpectedly.'));
  return () => void worker.terminate();
}

function runInProcess(
  req: SimulationRequest,
  status: SimulationStatus,
  finish: (r: Omit<SimulationResult, 'days' | 'millis' | 'ranIn'>, millis: number, ranIn: 'main') => void,
  fail: (message: string) => void,
) {
  const started = performance.now();
  // Its own connection: the scan holds a statement open across chunks.
  const db = new Database(req.dbPath, { readonly: true, fileMustExist: true });
  const steps = simulateFees(db, req.params, 5_000);
  let stopped = false;
  const step = () => {
    if (stopped) {
      steps.return(undefined as never);
      return db.close();
    }
    try {
      const next = steps.next();
      if (next.done) {
        db.close();
        return finish(next.value, Math.round(performance.now() - started), 'main');
      }
      status.progress = next.value;
      setImmediate(step);
    } catch (err) {
      steps.return(undefined as never);
      db.close();
      fail(err instanceof Error ? err.message : String(err));
    }
  };
  setImmediate(step);
  return () => {
    stopped = true;
  };
}

export function simulationStatus(jobId: number): SimulationStatus {
  const job = jobs.get(jobId);
  if (!job) throw new AppError('NOT_FOUND', `No simulation ${jobId}`);
  return { ...job.status };
}

export function cancelSimulation(jobId: number): SimulationStatus {
  const job = jobs.get(jobId);
  if (!job) throw new AppError('NOT_FOUND', `No simulation ${jobId}`);
  if (job.status.state === 'running') {
    job.status.state = 'cancelled';
    job.stop();
  }
  return { ...job.status };
}
