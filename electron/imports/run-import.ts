import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { Role } from '../../shared/domain/roles';
import type {
  ImportField,
  ImportMapping,
  ImportRowError,
  ImportStatusName,
} from '../../shared/contract/contact-imports';
import { ZoneClock } from '../../shared/domain/business-time';
import { decoderFor, type TextEncodingName } from '../../shared/domain/text-encoding';
import { forgetSettings } from '../db/settings';
import { appendAuditSync, type AuditEntry } from '../db/audit';
import { RollupAccumulator } from '../db/rollups/accumulator';
import { CsvReader } from './csv';
import { parseContactRow, type ParsedContact } from './contact-rows';

export interface ImportJob {
  importId: number;
  filePath: string;
  sourceName: string;
  mapping: ImportMapping;
  timeZone: string;
  operatorId: number | null;
  operatorRole: Role | null;
  host: 'electron' | 'browser';
  /** The encoding of the bytes in filePath (the upload's; UTF-8 unless a picked file says otherwise). */
  encoding?: TextEncodingName;
}

export interface ImportProgress {
  processedBytes: number;
  rowsRead: number;
  imported: number;
  duplicates: number;
  errors: number;
}

export interface ImportHooks {
  onProgress?: (p: ImportProgress) => void;
  /** Checked between batches; a cancelled import keeps the batches already committed. */
  isCancelled?: () => boolean;
  batchRows?: number;
  now?: () => Date;
}

const READ_BYTES = 1 << 20;
/** Rows per write transaction: small enough that the main connection never waits long for the lock. */
export const IMPORT_BATCH = 5_000;

/** A CSV row waiting for its batch: its line number in the file and its fields. */
export interface PendingRow {
  row: number;
  fields: string[];
}

/** A batch parsed: the rows that are contacts (with their identity) and the rows refused. */
export interface PlannedBatch {
  contacts: { row: number; externalId: string; contact: ParsedContact }[];
  errors: ImportErrorRow[];
}

export interface ImportErrorRow {
  row: number;
  reason: ImportRowError;
  field: ImportField | null;
  value: string;
}

/** Parses a batch's rows (counting them and their errors into `progress`); writing is the engine's part. */
export function planBatch(
  job: ImportJob,
  clock: ZoneClock,
  batch: PendingRow[],
  progress: ImportProgress,
): PlannedBatch {
  const planned: PlannedBatch = { contacts: [], errors: [] };
  for (const { row, fields } of batch) {
    progress.rowsRead++;
    const parsed = parseContactRow(fields, job.mapping, clock);
    if (!parsed.ok) {
      progress.errors++;
      planned.errors.push({ row, reason: parsed.reason, field: parsed.field, value: parsed.value });
      continue;
    }
    planned.contacts.push({ row, externalId: externalIdOf(job.sourceName, parsed.contact), contact: parsed.contact });
  }
  return planned;
}

/** The same row twice in this file: the later one is an error row. */
export function duplicateInFile(row: number, c: ParsedContact, progress: ImportProgress): ImportErrorRow {
  progress.errors++;
  return { row, reason: 'duplicate_in_file', field: c.externalKey ? 'externalId' : null, value: c.externalKey ?? '' };
}

/** A contact's row as the import writes it (named like the columns, for either engine). */
export function importedContact(job: ImportJob, externalId: string, c: ParsedContact, accountId: number | null) {
  return {
    external_id: externalId,
    channel: c.channel,
    category: c.category,
    outcome: c.outcome,
    started_at: new Date(c.startedAtMs).toISOString(),
    queue_seconds: c.queueSeconds,
    talk_seconds: c.talkSeconds,
    hold_seconds: c.holdSeconds,
    acw_seconds: c.acwSeconds,
    account_id: accountId,
    note: c.note,
    source: 'import',
    import_id: job.importId,
    recording_ref: c.recordingRef,
    recording_notice: c.recordingNotice === null ? null : Number(c.recordingNotice),
  };
}

/**
 * Reads the file and yields its rows in batches as they fill (the last one partial); returns
 * 'cancelled' when asked to stop between batches, else 'completed'. The caller writes each
 * batch before asking for the next, so a cancelled import keeps what it committed.
 */
export function* csvBatches(job: ImportJob, hooks: ImportHooks, progress: ImportProgress) {
  const batchRows = hooks.batchRows ?? IMPORT_BATCH;
  let pending: PendingRow[] = [];
  let header: string[] | null = null;
  const reader = new CsvReader((fields, line) => {
    if (header === null) {
      header = fields;
      return;
    }
    pending.push({ row: line, fields });
  });
  const fd = fs.openSync(job.filePath, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_BYTES);
    const decoder = decoderFor(job.encoding ?? 'utf-8');
    for (;;) {
      if (hooks.isCancelled?.()) return 'cancelled' as ImportStatusName;
      const n = fs.readSync(fd, buf, 0, READ_BYTES, null);
      if (n === 0) {
        reader.push(decoder.decode());
        reader.end();
        if (pending.length) yield pending;
        return 'completed' as ImportStatusName;
      }
      progress.processedBytes += n;
      reader.push(decoder.decode(buf.subarray(0, n), { stream: true }));
      // Commit whole batches as they fill; a partial batch waits for more of the file.
      while (pending.length >= batchRows) {
        const batch = pending.slice(0, batchRows);
        pending = pending.slice(batchRows);
        yield batch;
        if (hooks.isCancelled?.()) break;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

export const emptyProgress = (): ImportProgress => ({
  processedBytes: 0,
  rowsRead: 0,
  imported: 0,
  duplicates: 0,
  errors: 0,
});

/**
 * Reads a CSV export from disk and writes its valid rows as contacts, in batched
 * transactions that also carry their rollups, the batch's error rows and the import's
 * progress. Synchronous: it runs on a worker thread with its own SQLite connection (or
 * in-process in tests). Idempotent: a row's external id, or a hash of its key fields, is
 * unique. PostgreSQL: runContactImportIn (run-import-postgres.ts), the same batches.
 */
export function runContactImport(sqlite: Database.Database, job: ImportJob, hooks: ImportHooks = {}): ImportProgress {
  const now = hooks.now ?? (() => new Date());
  const clock = new ZoneClock(job.timeZone);
  const insert = sqlite.prepare(
    `INSERT INTO contacts (external_id, channel, category, outcome, started_at, queue_seconds, talk_seconds, hold_seconds,
       acw_seconds, account_id, note, source, import_id, recording_ref, recording_notice)
     VALUES (@external_id, @channel, @category, @outcome, @started_at, @queue_seconds, @talk_seconds, @hold_seconds,
       @acw_seconds, @account_id, @note, @source, @import_id, @recording_ref, @recording_notice)
     ON CONFLICT (external_id) DO NOTHING`,
  );
  const importOf = sqlite.prepare('SELECT import_id FROM contacts WHERE external_id = ?').pluck();
  const accountOf = sqlite.prepare('SELECT id FROM accounts WHERE account_no = ?').pluck();
  const insertError = sqlite.prepare(
    'INSERT OR IGNORE INTO contact_import_errors (import_id, row_no, reason, field, value) VALUES (?, ?, ?, ?, ?)',
  );
  const saveProgress = sqlite.prepare(
    `UPDATE contact_imports SET processed_bytes = ?, rows_read = ?, imported = ?, duplicates = ?, errors = ?
     WHERE id = ? AND status = 'running'`,
  );
  const accounts = new Map<string, number | null>();
  const progress = emptyProgress();

  const writeBatch = sqlite.transaction((batch: PendingRow[]) => {
    // Re-read the business zone each batch: if it changed, the day and hour rollups follow it.
    forgetSettings(sqlite);
    const rollup = new RollupAccumulator();
    const planned = planBatch(job, clock, batch, progress);
    for (const { row, externalId, contact: c } of planned.contacts) {
      let accountId: number | null = null;
      if (c.accountNo) {
        if (!accounts.has(c.accountNo)) accounts.set(c.accountNo, (accountOf.get(c.accountNo) as number) ?? null);
        // A caller who is not (yet) a customer is still a contact: it is kept, unlinked.
        accountId = accounts.get(c.accountNo)!;
      }
      if (insert.run(importedContact(job, externalId, c, accountId)).changes === 1) {
        progress.imported++;
        rollup.add(c.startedAtMs, c.channel, c.category, c);
      } else if (importOf.get(externalId) === job.importId) {
        planned.errors.push(duplicateInFile(row, c, progress));
      } else {
        progress.duplicates++; // imported before: importing the same file again adds nothing
      }
    }
    for (const e of planned.errors) insertError.run(job.importId, e.row, e.reason, e.field, e.value);
    rollup.flush(sqlite);
    saveProgress.run(
      progress.processedBytes,
      progress.rowsRead,
      progress.imported,
      progress.duplicates,
      progress.errors,
      job.importId,
    );
  });

  const batches = csvBatches(job, hooks, progress);
  let status: ImportStatusName;
  try {
    for (let next = batches.next(); ; next = batches.next()) {
      if (next.done) {
        status = next.value;
        break;
      }
      writeBatch.immediate(next.value);
      hooks.onProgress?.({ ...progress });
    }
  } finally {
    batches.return('failed');
  }
  finishImport(sqlite, job, status, progress, now());
  return progress;
}

/** The row's identity: the export's own id within its source, else a hash of its key fields. */
export function externalIdOf(sourceName: string, c: ParsedContact): string {
  if (c.externalKey) return `IMP:${sourceName}:${c.externalKey}`.slice(0, 300);
  const key = [sourceName, c.startedAtMs, c.channel, c.accountNo ?? '', c.queueSeconds, c.talkSeconds, c.outcome];
  return `IMPH:${createHash('sha256').update(key.join('|')).digest('hex').slice(0, 40)}`;
}

type FinishingJob = Pick<ImportJob, 'importId' | 'operatorId' | 'operatorRole' | 'host' | 'sourceName'>;

/** The final state's columns, set only while the import is still running. */
export function finalColumns(status: ImportStatusName, progress: ImportProgress, at: Date) {
  return {
    status,
    finished_at: at.toISOString(),
    processed_bytes: progress.processedBytes,
    rows_read: progress.rowsRead,
    imported: progress.imported,
    duplicates: progress.duplicates,
    errors: progress.errors,
  };
}

/** The audit event closing an import. */
export function finishEvent(
  job: FinishingJob,
  status: ImportStatusName,
  progress: ImportProgress,
  at: Date,
  note: string | null,
): AuditEntry {
  return {
    at: at.toISOString(),
    operatorId: job.operatorId,
    operatorRole: job.operatorRole,
    action: `contacts.import${status[0].toUpperCase()}${status.slice(1)}`,
    entityType: 'contact_import',
    entityId: job.importId,
    after: { sourceName: job.sourceName, status, ...progress },
    note,
    host: job.host,
  };
}

/** The import's final state and its audit event, in one transaction (raw SQLite connection). */
export function finishImport(
  sqlite: Database.Database,
  job: FinishingJob,
  status: ImportStatusName,
  progress: ImportProgress,
  at: Date,
  note: string | null = null,
): void {
  sqlite
    .transaction(() => {
      const cols = finalColumns(status, progress, at);
      const changed = sqlite
        .prepare(
          `UPDATE contact_imports SET status = @status, finished_at = @finished_at, processed_bytes = @processed_bytes,
             rows_read = @rows_read, imported = @imported, duplicates = @duplicates, errors = @errors
           WHERE id = @id AND status = 'running'`,
        )
        .run({ ...cols, id: job.importId }).changes;
      if (changed === 0) return;
      appendAuditSync(sqlite, finishEvent(job, status, progress, at, note));
    })
    .immediate();
}
