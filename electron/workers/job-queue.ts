import { AppError, type ErrorCode } from '../../shared/contract/errors';

export type JobState = 'queued' | 'running' | 'done' | 'cancelled' | 'failed';

export interface QueueLimits {
  /** Jobs running at once (each a worker thread and a connection). */
  running: number;
  /** Jobs waiting for a place; one more is refused. */
  queued: number;
  /** How long a settled job's result stays readable. */
  keepMs: number;
  /** Settled jobs kept at most; the oldest are forgotten first. */
  kept: number;
  /** The refusal when the queue is full (the simulation's unless given). */
  full?: { code: ErrorCode; what: string };
}

interface Entry<S> {
  status: S;
  start: () => () => void;
  started?: boolean;
  stop?: () => void;
  settledAt?: number;
}

/**
 * Long jobs (the fee impact simulation, CSV exports) behind a bounded queue: a few run, the rest
 * wait their turn instead of all starting at once, and each result stays readable
 * for a while after it settles instead of being pushed out by newer jobs.
 */
export function createJobQueue<S extends { jobId: number; state: JobState }>(
  limits: QueueLimits,
  now: () => number = Date.now,
) {
  const entries = new Map<number, Entry<S>>();
  const waiting: number[] = [];
  let running = 0;

  const forgetOld = () => {
    const settled = [...entries.entries()].filter(([, e]) => e.settledAt !== undefined);
    const cutoff = now() - limits.keepMs;
    settled.sort((a, b) => a[1].settledAt! - b[1].settledAt!);
    settled.forEach(([id, e], i) => {
      if (e.settledAt! < cutoff || settled.length - i > limits.kept) entries.delete(id);
    });
  };

  const pump = () => {
    while (running < limits.running && waiting.length) {
      const entry = entries.get(waiting.shift()!);
      if (!entry || entry.status.state !== 'queued') continue;
      running++;
      entry.started = true;
      entry.status.state = 'running';
      entry.stop = entry.start();
    }
  };

  return {
    /** Queues a job; `start` begins it and returns how to stop it. */
    add(status: S, start: () => () => void): void {
      forgetOld();
      if (waiting.length >= limits.queued) {
        const full = limits.full ?? { code: 'SIMULATION_QUEUE_FULL', what: 'simulations' };
        throw new AppError(full.code, `${limits.queued} ${full.what} are already waiting`);
      }
      entries.set(status.jobId, { status, start });
      waiting.push(status.jobId);
      pump();
    },
    /** The job reached a final state (done, failed or cancelled): free its place. */
    settled(jobId: number): void {
      const entry = entries.get(jobId);
      if (!entry || entry.settledAt !== undefined) return;
      entry.settledAt = now();
      if (entry.started) running--;
      forgetOld();
      pump();
    },
    get(jobId: number): S | undefined {
      return entries.get(jobId)?.status;
    },
    cancel(jobId: number): S | undefined {
      const entry = entries.get(jobId);
      if (!entry) return undefined;
      if (entry.status.state === 'queued' || entry.status.state === 'running') {
        entry.status.state = 'cancelled';
        entry.stop?.();
        this.settled(jobId);
      }
      return entry.status;
    },
  };
}
