import { nativeBinding } from '../../host/native';
import { keyForFile, openSqliteFile } from '../../db/encryption';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SimulationResult, SimulationStatus } from '../../../shared/contract/fees';
import { AppError, type ErrorCode } from '../../../shared/contract/errors';
import type { PostgresTarget } from '../../imports/run-import-postgres';
import { workerEntry, type WorkerEntry } from '../../workers/entries';
import {
  aloneThread,
  combineParts,
  createLookups,
  quotaOperations,
  simulateFees,
  type SimulationLookups,
  type SimulationParams,
  type SimulationPart,
  type SimulationSizes,
} from '../../workers/fee-simulation-core';
import type { SimulationMessage, SimulationWorkerData } from '../../workers/fee-simulation';
import { splitByWork, splitWindow, type RowDensity } from '../../workers/fee-simulation-split';
import { simulateFeesOnPostgres } from '../../workers/fee-simulation-postgres';
import { createJobQueue } from '../../workers/job-queue';

let nextJobId = 1;
/** Threads one simulation splits its window across: a core each, up to four. */
export const SIMULATION_WORKERS = Math.max(1, Math.min(os.availableParallelism(), 4));
/**
 * Simulations running at once: as many as the cores hold at SIMULATION_WORKERS threads each
 * (one on two cores; the workers run below main's priority, so main keeps answering). The
 * rest wait their turn, and a result stays readable for ten minutes.
 */
export const SIMULATIONS_AT_ONCE = Math.max(1, Math.floor(os.availableParallelism() / SIMULATION_WORKERS));
const queue = createJobQueue<SimulationStatus>({
  running: SIMULATIONS_AT_ONCE,
  queued: 100,
  keepMs: 10 * 60_000,
  kept: 500,
});

/** A failure, with its code where the renderer has a translation for it. */
type Fail = (message: string, code?: ErrorCode) => void;
const failWith = (fail: Fail, err: unknown) =>
  fail(err instanceof Error ? err.message : String(err), err instanceof AppError ? err.code : undefined);

type Finish = (
  result: ReturnType<typeof combineParts>,
  millis: number,
  ranIn: 'worker' | 'main',
  workers: number,
) => void;

export interface SimulationRequest {
  /** The SQLite file; '' in team mode. */
  dbPath: string;
  /** Team mode: the server each worker opens its own connection to; null on SQLite. */
  postgres: PostgresTarget | null;
  days: number;
  baseVersionId: number;
  draftVersionId: number;
  params: SimulationParams;
  /** The largest customer and account ids, read when the simulation was asked for: they size its lookups. */
  sizes: SimulationSizes;
  /** Where the transactions are, to cut slices of equal work; null cuts equal durations. */
  density?: RowDensity | null;
  /** Threads to split the window across; SIMULATION_WORKERS unless a test asks otherwise. */
  workers?: number;
  /** Customer ids per fetch of their accounts (SimulationThread); its default unless a test asks otherwise. */
  lookupChunk?: number;
  /**
   * The change mark of what the lookups hold (customers' segments, accounts' customers), read
   * when the simulation was asked for; null keeps none.
   */
  lookupsMark: string | null;
}

/**
 * The lookups of the last simulation that finished on workers, kept while what they hold is
 * unchanged: a supervisor tuning a draft runs one simulation after another on the same
 * customers, and at the huge scale loading 1M customers and accounts was 0.4-0.5 s of each
 * thread's 3.3-3.6 s. They take 5 bytes an account and a customer (5 MB at huge).
 */
let keptLookups: { key: string; lookups: SimulationLookups } | null = null;
const lookupsKey = (req: SimulationRequest) =>
  req.lookupsMark === null ? null : `${req.lookupsMark}|${req.sizes.maxAccount}|${req.sizes.maxCustomer}`;

/** Forgets the kept lookups (tests). */
export function forgetKeptLookups(): void {
  keptLookups = null;
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
    errorCode: null,
  };
  const finish: Finish = (result, millis, ranIn, workers) => {
    if (status.state !== 'running') return;
    status.state = 'done';
    status.progress = 1;
    status.result = { ...result, days: req.days, millis, ranIn, workers } satisfies SimulationResult;
    queue.settled(jobId);
  };
  const fail: Fail = (message, code) => {
    if (status.state !== 'running') return;
    status.state = 'failed';
    status.error = message;
    status.errorCode = code ?? null;
    queue.settled(jobId);
  };
  queue.add(status, () => {
    const entry = workerEntry('feeSimulation');
    try {
      if (entry) return runInWorker(entry, req, status, finish, fail);
      return req.postgres ? runInProcessOnPostgres(req, status, finish, fail) : runInProcess(req, status, finish, fail);
    } catch (err) {
      failWith(fail, err);
      return () => {};
    }
  });
  return { ...status };
}

/**
 * The window cut into consecutive time slices, one worker thread each; each slice's integer
 * sums come back and are added up here, so the result is the one-thread result to the fen.
 */
function runInWorker(entry: WorkerEntry, req: SimulationRequest, status: SimulationStatus, finish: Finish, fail: Fail) {
  const started = performance.now();
  const threads = req.workers ?? SIMULATION_WORKERS;
  const slices = req.density
    ? splitByWork(req.params, threads, req.density, quotaOperations(req.params).length > 0)
    : splitWindow(req.params.from, req.params.to, threads);
  const parts: (SimulationPart | undefined)[] = slices.map(() => undefined);
  const progress = slices.map(() => 0);
  let left = slices.length;
  const key = lookupsKey(req);
  const ready = key !== null && keptLookups?.key === key;
  const lookups = ready ? keptLookups!.lookups : createLookups(req.sizes);
  const workers = slices.map((slice, i) => {
    const data: SimulationWorkerData = {
      dbPath: req.dbPath,
      postgres: req.postgres,
      nativeBinding: nativeBinding(),
      params: { ...req.params, ...slice },
      thread: { lookups, index: i, threads: slices.length, lookupChunk: req.lookupChunk, ready },
    };
    const worker = new Worker(entry.file, { workerData: data, eval: entry.eval });
    worker.on('message', (m: SimulationMessage) => {
      if (m.type === 'progress' && status.state === 'running') {
        progress[i] = m.progress;
        status.progress = progress.reduce((a, b) => a + b, 0) / slices.length;
      } else if (m.type === 'done') {
        if (m.threadId === 0) return stopAll(`slice ${i + 1} ran on the main thread`);
        parts[i] = m.part;
        if (--left === 0) {
          // Every share was loaded: the next simulation on the same customers reads them here.
          if (key !== null) keptLookups = { key, lookups };
          const result = combineParts(parts as SimulationPart[], req.params);
          finish(result, Math.round(performance.now() - started), 'worker', slices.length);
        }
      } else if (m.type === 'error') stopAll(m.message, m.code);
    });
    worker.on('error', (err) => stopAll(err.message));
    worker.on('exit', () => {
      if (!parts[i]) stopAll('The simulation stopped unexpectedly.');
    });
    return worker;
  });
  const terminate = () => workers.forEach((w) => void w.terminate());
  function stopAll(message: string, code?: ErrorCode) {
    fail(message, code);
    terminate();
  }
  return terminate;
}

/** No worker build to load (unit tests): the whole window in slices of the event loop. */
function runInProcess(req: SimulationRequest, status: SimulationStatus, finish: Finish, fail: Fail) {
  const started = performance.now();
  // Its own connection: the scan holds a statement open across chunks.
  const db = openSqliteFile(req.dbPath, { key: keyForFile(req.dbPath), readonly: true, fileMustExist: true });
  const steps = simulateFees(db, req.params, aloneThread(req.sizes), 5_000);
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
        return finish(combineParts([next.value], req.params), Math.round(performance.now() - started), 'main', 1);
      }
      status.progress = next.value;
      setImmediate(step);
    } catch (err) {
      steps.return(undefined as never);
      db.close();
      failWith(fail, err);
    }
  };
  setImmediate(step);
  return () => {
    stopped = true;
  };
}

/** No worker build, team mode (unit tests): the whole window on a connection of its own, a FETCH at a time. */
function runInProcessOnPostgres(req: SimulationRequest, status: SimulationStatus, finish: Finish, fail: Fail) {
  const started = performance.now();
  let stopped = false;
  void simulateFeesOnPostgres(
    req.postgres!,
    req.params,
    {
      onProgress: (progress) => {
        status.progress = progress;
        return new Promise<void>((resolve) => setImmediate(resolve));
      },
      isCancelled: () => stopped,
    },
    5_000,
    aloneThread(req.sizes),
  ).then(
    (part) => part && finish(combineParts([part], req.params), Math.round(performance.now() - started), 'main', 1),
    (err: unknown) => failWith(fail, err),
  );
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
