import { nativeBinding } from '../../host/native';
import type Database from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { AuthedContext } from '../core/context';
import { keyForFile, openSqliteFile } from '../../db/encryption';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/contract/errors';
import type { CsvExportChunk, CsvExportStatus } from '../../../shared/contract/exports';
import { writeCsv, type CsvExportOutcome, type CsvExportSpec } from '../../workers/csv-export-core';
import type { CsvExportMessage, CsvExportWorkerData } from '../../workers/csv-export';
import { workerEntry } from '../../workers/entries';
import { createJobQueue } from '../../workers/job-queue';

/** How much of a finished file one chunk call returns. */
const CHUNK_BYTES = 1024 * 1024;
const KEEP_MS = 10 * 60_000;

/** Which export a job is: each kind's calls reach only its own jobs. */
export type CsvExportKind = 'audit' | 'contacts';

interface Job {
  kind: CsvExportKind;
  status: CsvExportStatus;
  operatorId: number;
  file: string;
  ranIn: 'worker' | 'main' | null;
  /** Its last part has been read: the file is gone. */
  read?: boolean;
}

let nextJobId = 1;
let folder: string | null = null;
const jobs = new Map<number, Job>();
// One export at a time: it is disk and one core; the rest wait their turn.
const queue = createJobQueue<CsvExportStatus>({
  running: 1,
  queued: 20,
  keepMs: KEEP_MS,
  kept: 100,
  full: { code: 'EXPORT_QUEUE_FULL', what: 'exports' },
});

/** A private folder of this process for the files, readable by this user only. */
function exportFolder(): string {
  folder ??= fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-export-'));
  return folder;
}

/** Files of jobs the queue has forgotten are removed, so exports do not pile up on disk. */
function sweep() {
  for (const [id, job] of jobs) {
    if (queue.get(id)) continue;
    fs.rmSync(job.file, { force: true });
    jobs.delete(id);
  }
}

/** What an export's file holds besides its rows: see CsvExportSpec. */
export type CsvFileLayout = Omit<CsvExportSpec, 'sql' | 'parameters' | 'countSql' | 'countParameters'>;

/** Who asks and where the rows are, as every export's handler gives them. */
export function exportBy(ctx: AuthedContext): Pick<CsvExportRequest, 'operatorId' | 'dbPath' | 'db'> {
  return { operatorId: ctx.session.operatorId, dbPath: ctx.engine.sqlite?.name ?? null, db: ctx.db };
}

export interface CsvExportRequest {
  kind: CsvExportKind;
  operatorId: number;
  /** The SQLite file a worker reads; null (PostgreSQL) runs the query here, streaming the rows to the file. */
  dbPath: string | null;
  /** Main's connection, for team mode (no file for a worker to open). */
  db: Kysely<DB>;
  /** The rows, their columns in file order (at most limit + 1 of them), and their count without the limit. */
  query: CompiledQuery;
  count: CompiledQuery;
  layout: CsvFileLayout;
}

interface Prepared {
  dbPath: string | null;
  spec: CsvExportSpec;
  /** Runs the spec's queries on main's connection when there is no file to open (team mode). */
  query: () => Promise<{ rows: unknown[][]; total: number }>;
}

function prepare(req: CsvExportRequest): Prepared {
  return {
    dbPath: req.dbPath,
    spec: {
      ...req.layout,
      sql: req.query.sql,
      parameters: [...req.query.parameters],
      countSql: req.count.sql,
      countParameters: [...req.count.parameters],
    },
    query: async () => ({
      rows: (await req.db.executeQuery(req.query)).rows.map((r) => Object.values(r as Record<string, unknown>)),
      total: Number(((await req.db.executeQuery(req.count)).rows[0] as { n: number | string }).n),
    }),
  };
}

/** Starts an export: its status comes back at once; progress and the file follow. */
export function startCsvExport(request: CsvExportRequest): CsvExportStatus {
  sweep();
  const req = prepare(request);
  const jobId = nextJobId++;
  const status: CsvExportStatus = {
    jobId,
    state: 'queued',
    rows: 0,
    total: 0,
    truncated: false,
    bytes: 0,
    error: null,
  };
  const job: Job = {
    kind: request.kind,
    status,
    operatorId: request.operatorId,
    file: path.join(exportFolder(), `${jobId}.csv`),
    ranIn: null,
  };
  const finish = (outcome: CsvExportOutcome, ranIn: 'worker' | 'main') => {
    if (status.state !== 'running') return;
    Object.assign(status, { state: 'done', rows: outcome.rows, truncated: outcome.truncated, bytes: outcome.bytes });
    job.ranIn = ranIn;
    queue.settled(jobId);
  };
  const fail = (message: string) => {
    if (status.state !== 'running') return;
    status.state = 'failed';
    status.error = message;
    fs.rmSync(job.file, { force: true });
    queue.settled(jobId);
  };
  queue.add(status, () => {
    const entry = req.dbPath ? workerEntry('csvExport') : null;
    if (entry && req.dbPath) {
      const data: CsvExportWorkerData = {
        dbPath: req.dbPath,
        nativeBinding: nativeBinding(),
        spec: req.spec,
        file: job.file,
      };
      const worker = new Worker(entry.file, { workerData: data, eval: entry.eval });
      worker.on('message', (m: CsvExportMessage) => {
        if (m.type === 'progress') Object.assign(status, { rows: m.rows, total: m.total });
        else if (m.type === 'done') {
          if (m.threadId === 0) fail('The export ran on the main thread');
          else finish(m.outcome, 'worker');
        } else fail(m.message);
      });
      worker.on('error', (err) => fail(err.message));
      worker.on('exit', () => fail('The export stopped unexpectedly.'));
      // Cancelled: the thread stops where it is, and its part-written file goes.
      return () => void worker.terminate().then(() => fs.rmSync(job.file, { force: true }));
    }
    return runHere(req, job, finish, fail);
  });
  jobs.set(jobId, job);
  return { ...status };
}

/**
 * No worker to load (unit tests) or no file to open (PostgreSQL): the same writer runs here,
 * in slices of 2,000 rows between which other calls are served.
 */
function runHere(
  req: Prepared,
  job: Job,
  finish: (o: CsvExportOutcome, ranIn: 'main') => void,
  fail: (message: string) => void,
) {
  let stopped = false;
  let fd: number | null = null;
  const close = () => {
    if (fd !== null) fs.closeSync(fd);
    fd = null;
  };
  void (async () => {
    let db: Database.Database | null = null;
    let scan: IterableIterator<unknown[]> | null = null;
    try {
      let rows: Iterable<unknown[]>;
      let total: number;
      if (req.dbPath) {
        db = openSqliteFile(req.dbPath, { key: keyForFile(req.dbPath), readonly: true, fileMustExist: true });
        total = Number(
          db
            .prepare(req.spec.countSql)
            .pluck()
            .get(...req.spec.countParameters),
        );
        rows = scan = db
          .prepare(req.spec.sql)
          .raw()
          .iterate(...req.spec.parameters) as IterableIterator<unknown[]>;
      } else {
        ({ rows, total } = await req.query());
      }
      fd = fs.openSync(job.file, 'w', 0o600);
      const steps = writeCsv(rows, total, req.spec, fd);
      for (;;) {
        if (stopped) {
          close();
          return fs.rmSync(job.file, { force: true });
        }
        const next = steps.next();
        if (next.done) {
          close();
          return finish(next.value, 'main');
        }
        Object.assign(job.status, next.value);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      close();
      fail(err instanceof Error ? err.message : String(err));
    } finally {
      close();
      // A cancelled or failed export leaves its statement open: end it, or close() refuses.
      scan?.return?.();
      db?.close();
    }
  })();
  return () => {
    stopped = true;
  };
}

function ownJob(kind: CsvExportKind, jobId: number, operatorId: number): Job {
  const job = jobs.get(jobId);
  // Another operator's export (or another kind's) is as absent as one that never was.
  if (!job || job.kind !== kind || job.operatorId !== operatorId || !queue.get(jobId)) {
    throw new AppError('NOT_FOUND', `No export ${jobId}`);
  }
  return job;
}

export function csvExportStatus(kind: CsvExportKind, jobId: number, operatorId: number): CsvExportStatus {
  return { ...ownJob(kind, jobId, operatorId).status };
}

/**
 * Stops a queued or running export. One that finished before the Cancel arrived (the page
 * polls every 250 ms) is discarded the same way: its file goes unread and it reads as cancelled.
 */
export function cancelCsvExport(kind: CsvExportKind, jobId: number, operatorId: number): CsvExportStatus {
  const job = ownJob(kind, jobId, operatorId);
  if (job.status.state === 'done' && !job.read) {
    fs.rmSync(job.file, { force: true });
    job.read = true;
    job.status.state = 'cancelled';
  }
  return { ...queue.cancel(jobId)! };
}

/** Where the finished export ran: for tests that it stayed off the main thread. */
export function csvExportRanIn(jobId: number): 'worker' | 'main' | null {
  return jobs.get(jobId)?.ranIn ?? null;
}

/**
 * Reads a finished export in parts of about 1 MB, so neither side holds the file as one
 * string; the cut backs off to a UTF-8 character boundary. The file goes after its last part.
 */
export function csvExportChunk(
  kind: CsvExportKind,
  jobId: number,
  operatorId: number,
  offset: number,
  maxBytes = CHUNK_BYTES,
): CsvExportChunk {
  const job = ownJob(kind, jobId, operatorId);
  if (job.status.state !== 'done') throw new AppError('NOT_FOUND', `Export ${jobId} is not ready`);
  // Its last part was read (and the file removed), or the temporary folder was cleaned.
  if (job.read || !fs.existsSync(job.file)) throw new AppError('NOT_FOUND', `Export ${jobId} was already downloaded`);
  const fd = fs.openSync(job.file, 'r');
  try {
    // One byte past the part, to see whether the cut would split a character.
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(0, job.status.bytes - offset)));
    const read = fs.readSync(fd, buf, 0, buf.length, offset);
    let end = read;
    if (read > maxBytes) {
      end = maxBytes;
      while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
    }
    const next = offset + end < job.status.bytes ? offset + end : null;
    if (next === null) {
      job.read = true;
      fs.rmSync(job.file, { force: true });
    }
    return { text: buf.toString('utf8', 0, end), next };
  } finally {
    fs.closeSync(fd);
  }
}

type Caller = { session: { operatorId: number } };

/** One kind's status, chunk and cancel handlers: each reaches only the caller's own jobs of that kind. */
export function csvExportCalls(kind: CsvExportKind) {
  return {
    status: async (ctx: Caller, { jobId }: { jobId: number }) => csvExportStatus(kind, jobId, ctx.session.operatorId),
    chunk: async (ctx: Caller, { jobId, offset, maxBytes }: { jobId: number; offset: number; maxBytes?: number }) =>
      csvExportChunk(kind, jobId, ctx.session.operatorId, offset, maxBytes),
    cancel: async (ctx: Caller, { jobId }: { jobId: number }) => cancelCsvExport(kind, jobId, ctx.session.operatorId),
  };
}
