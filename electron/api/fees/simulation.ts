import { nativeBinding } from '../../host/native';
import { keyForFile, openSqliteFile } from '../../db/encryption';
import { Worker } from 'node:worker_threads';
import type { SimulationResult, SimulationStatus } from '../../../shared/contract/fees';
import { AppError } from '../../../shared/contract/errors';
import { workerEntry, type WorkerEntry } from '../../workers/entries';
import { simulateFees, type SimulationParams } from '../../workers/fee-simulation-core';
import type { SimulationMessage, SimulationWorkerData } from '../../workers/fee-simulation';
import { createJobQueue } from '../../workers/job-queue';

let nextJobId = 1;
// Two at once on a two-core machine leaves main a core; the rest wait their turn, and a
// result stays readable for ten minutes (it used to be pushed out by the 21st newer job).
const queue = createJobQueue<SimulationStatus>({ running: 2, queued: 100, keepMs: 10 * 60_000, kept: 500 });

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
    state: 'queued',
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
    queue.settled(jobId);
  };
  const fail = (message: string) => {
    if (status.state !== 'running') return;
    status.state = 'failed';
    status.error = message;
    queue.settled(jobId);
  };
  queue.add(status, () => {
    const entry = workerEntry('feeSimulation');
    try {
      return entry ? runInWorker(entry, req, status, finish, fail) : runInProcess(req, status, finish, fail);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
      return () => {};
    }
  });
  return { ...status };
}

function runInWorker(
  entry: WorkerEntry,
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
  const db = openSqliteFile(req.dbPath, { key: keyForFile(req.dbPath), readonly: true, fileMustExist: true });
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
  const status = queue.get(jobId);
  if (!status) throw new AppError('NOT_FOUND', `No simulation ${jobId}`);
  return { ...status };
}

export function cancelSimulation(jobId: number): SimulationStatus {
  const status = queue.cancel(jobId);
  if (!status) throw new AppError('NOT_FOUND', `No simulation ${jobId}`);
  return { ...status };
}
