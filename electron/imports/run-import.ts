import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { Role } from '../../shared/domain/roles';
import type { ImportMapping, ImportStatusName } from '../../shared/contract/contact-imports';
import { ZoneClock } from '../../shared/domain/business-time';
import { decoderFor, type TextEncodingName } from '../../shared/domain/text-encoding';
import { forgetSettings } from '../db/settings';
import { appendAuditSync } from '../db/audit';
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

/**
 * Reads a CSV export from disk and writes its valid rows as contacts, in batched
 * transactions that also carry their rollups, the batch's error rows and the import's
 * progress. Synchronous: it runs on a worker thread with its own connection (or in-process
 * in tests). Idempotent: a row's external id, or a hash of its key fields, is unique.
 */
export function runContactImport(sqlite: Database.Database, job: ImportJob, hooks: ImportHooks = {}): ImportProgress {
  const now = hooks.now ?? (() => new Date());
  const batchRows = hooks.batchRows ?? IMPORT_BATCH;
  const clock = new ZoneClock(job.timeZone);
  const insert = sqlite.prepare(
    `INSERT INTO contacts (external_id, channel, category, outcome, started_at, queue_seconds, talk_seconds, hold_seconds,
       acw_seconds, account_id, note, source, import_id, recording_ref, recording_notice)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?) ON CONFLICT (external_id) DO NOTHING`,
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
  const progress: ImportProgress = { processedBytes: 0, rowsRead: 0, imported: 0, duplicates: 0, errors: 0 };
  let pending: { row: number; fields: string[] }[] = [];
  let header: string[] | null = null;

  const writeBatch = sqlite.transaction((batch: { row: number; fields: string[] }[]) => {
    // Re-read the business zone each batch: if it changed, the day and hour rollups follow it.
    forgetSettings(sqlite);
    const rollup = new RollupAccumulator();
    for (const { row, fields } of batch) {
      progress.rowsRead++;
      const parsed = parseContactRow(fields, job.mapping, clock);
      if (!parsed.ok) {
        progress.errors++;
        insertError.run(job.importId, row, parsed.reason, parsed.field, parsed.value);
        continue;
      }
      const c = parsed.contact;
      let accountId: number | null = null;
      if (c.accountNo) {
        if (!accounts.has(c.accountNo)) accounts.set(c.accountNo, (accountOf.get(c.accountNo) as number) ?? null);
        // A caller who is not (yet) a customer is still a contact: it is kept, unlinked.
        accountId = accounts.get(c.accountNo)!;
      }
      const externalId = externalIdOf(job.sourceName, c);
      const info = insert.run(
        externalId,
        c.channel,
        c.category,
        c.outcome,
        new Date(c.startedAtMs).toISOString(),
        c.queueSeconds,
        c.talkSeconds,
        c.holdSeconds,
        c.acwSeconds,
        accountId,
        c.note,
        job.importId,
        c.recordingRef,
        c.recordingNotice === null ? null : Number(c.recordingNotice),
      );
      if (info.changes === 1) {
        progress.imported++;
        rollup.add(c.startedAtMs, c.channel, c.category, c);
      } else if (importOf.get(externalId) === job.importId) {
        progress.errors++; // the same row twice in this file
        insertError.run(
          job.importId,
          row,
          'duplicate_in_file',
          c.externalKey ? 'externalId' : null,
          c.externalKey ?? '',
        );
      } else {
        progress.duplicates++; // imported before: importing the same file again adds nothing
      }
    }
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

  const reader = new CsvReader((fields, line) => {
    if (header === null) {
      header = fields;
      return;
    }
    pending.push({ row: line, fields });
  });
  const flush = () => {
    if (pending.length === 0) return;
    writeBatch.immediate(pending);
    pending = [];
    hooks.onProgress?.({ ...progress });
  };

  let status: ImportStatusName = 'completed';
  const fd = fs.openSync(job.filePath, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_BYTES);
    const decoder = decoderFor(job.encoding ?? 'utf-8');
    for (;;) {
      if (hooks.isCancelled?.()) {
        status = 'cancelled';
        break;
      }
      const n = fs.readSync(fd, buf, 0, READ_BYTES, null);
      if (n === 0) {
        reader.push(decoder.decode());
        reader.end();
        flush();
        break;
      }
      progress.processedBytes += n;
      reader.push(decoder.decode(buf.subarray(0, n), { stream: true }));
      // Commit whole batches as they fill; a partial batch waits for more of the file.
      while (pending.length >= batchRows) {
        const rest = pending.slice(batchRows);
        pending = pending.slice(0, batchRows);
        flush();
        pending = rest;
        if (hooks.isCancelled?.()) break;
      }
    }
  } finally {
    fs.closeSync(fd);
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

/** The import's final state and its audit event, in one transaction. */
export function finishImport(
  sqlite: Database.Database,
  job: Pick<ImportJob, 'importId' | 'operatorId' | 'operatorRole' | 'host' | 'sourceName'>,
  status: ImportStatusName,
  progress: ImportProgress,
  at: Date,
  note: string | null = null,
): void {
  sqlite
    .transaction(() => {
      const changed = sqlite
        .prepare(
          `UPDATE contact_imports SET status = ?, finished_at = ?, processed_bytes = ?, rows_read = ?, imported = ?,
             duplicates = ?, errors = ? WHERE id = ? AND status = 'running'`,
        )
        .run(
          status,
          at.toISOString(),
          progress.processedBytes,
          progress.rowsRead,
          progress.imported,
          progress.duplicates,
          progress.errors,
          job.importId,
        ).changes;
      if (changed === 0) return;
      appendAuditSync(sqlite, {
        at: at.toISOString(),
        operatorId: job.operatorId,
        operatorRole: job.operatorRole,
        action: `contacts.import${status[0].toUpperCase()}${status.slice(1)}`,
        entityType: 'contact_import',
        entityId: job.importId,
        after: { sourceName: job.sourceName, status, ...progress },
        note,
        host: job.host,
      });
    })
    .immediate();
}
