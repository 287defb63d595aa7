import {
  IMPORT_FIELDS,
  REQUIRED_IMPORT_FIELDS,
  type ContactImport,
  type ImportMapping,
} from '../../../shared/contract/contact-imports';
import { AppError } from '../../../shared/contract/errors';
import { csvText } from '../../../shared/domain/csv';
import { appendAudit } from '../../db/audit';
import type { ContactImportErrorsTable, ContactImportsTable } from '../../db/schema';
import { parseCsv } from '../../imports/csv';
import { guessMapping } from '../../imports/contact-rows';
import { failInterruptedImportsOn } from '../../imports/interrupted';
import { cancelImportJob, importSettled, startImportJob } from '../../imports/jobs';
import { appendUpload, getUpload, readHead, releaseUpload } from '../../imports/uploads';
import type { Selectable } from 'kysely';
import type { AuthedContext } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { actor } from '../core/permissions';
import { isValidTimeZone } from '../../db/settings';

const ERROR_REPORT_LIMIT = 100_000;

async function loadImport(ctx: AuthedContext, id: number): Promise<ContactImport> {
  const row = await ctx.db.selectFrom('contact_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No import ${id}`);
  const sample = await ctx.db
    .selectFrom('contact_import_errors')
    .select(['row_no', 'reason', 'field', 'value'])
    .where('import_id', '=', id)
    .orderBy('row_no')
    .limit(20)
    .execute();
  return toImport(row, sample);
}

function toImport(
  r: Selectable<ContactImportsTable>,
  sample: Omit<Selectable<ContactImportErrorsTable>, 'import_id'>[],
): ContactImport {
  return {
    id: r.id,
    sourceName: r.source_name,
    fileName: r.file_name,
    status: r.status,
    timeZone: r.time_zone,
    totalBytes: r.total_bytes,
    processedBytes: r.processed_bytes,
    rowsRead: r.rows_read,
    imported: r.imported,
    duplicates: r.duplicates,
    errors: r.errors,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    sampleErrors: sample.map((e) => ({
      row: e.row_no,
      reason: e.reason,
      field: e.field,
      value: e.value,
    })),
  };
}

export const contactImportHandlers: Pick<
  Handlers,
  | 'contacts:importUpload'
  | 'contacts:importPick'
  | 'contacts:importPreview'
  | 'contacts:importStart'
  | 'contacts:importStatus'
  | 'contacts:importCancel'
  | 'contacts:importErrors'
> = {
  async 'contacts:importUpload'(ctx, { uploadId, fileName, chunk, encoding }) {
    return appendUpload(uploadId, fileName, chunk, ctx.session.operatorId, encoding);
  },

  async 'contacts:importPick'() {
    // The desktop host replaces this handler with one that opens the OS dialog (electron/main/import-dialog.ts).
    throw new AppError('IMPORT_PICK_UNSUPPORTED', 'Browser mode has no file dialog; upload the file instead');
  },

  async 'contacts:importPreview'(ctx, { uploadId, sourceName }) {
    const up = getUpload(uploadId, ctx.session.operatorId);
    const head = readHead(up);
    if (head.includes('\u0000')) throw new AppError('IMPORT_FILE_UNREADABLE', 'The file is not text');
    const records = parseCsv(head).slice(0, 11);
    if (records.length === 0) throw new AppError('IMPORT_FILE_UNREADABLE', 'The file is empty');
    const headers = records[0].map((h) => h.trim().slice(0, 100));
    const remembered = sourceName
      ? await ctx.db
          .selectFrom('contact_import_mappings')
          .selectAll()
          .where('source_name', '=', sourceName)
          .executeTakeFirst()
      : undefined;
    const mapping = remembered ? (JSON.parse(remembered.mapping_json) as ImportMapping) : guessMapping(headers);
    // A remembered mapping pointing past this file's columns is stale: guess instead.
    const fits = Object.values(mapping).every((c) => c === null || c < headers.length);
    return {
      uploadId,
      fileName: up.fileName,
      bytes: up.bytes,
      headers,
      rows: records.slice(1).map((r) => r.map((v) => v.slice(0, 200))),
      mapping: fits ? mapping : guessMapping(headers),
      rememberedFrom: remembered && fits ? remembered.source_name : null,
      timeZone: remembered?.time_zone ?? null,
      encoding: up.sourceEncoding,
    };
  },

  async 'contacts:importStart'(ctx, { uploadId, sourceName, mapping, timeZone }) {
    const up = getUpload(uploadId, ctx.session.operatorId);
    const missing = REQUIRED_IMPORT_FIELDS.filter((f) => mapping[f] === null);
    if (missing.length) {
      throw new AppError('IMPORT_MAPPING_INCOMPLETE', `Map a column to: ${missing.join(', ')}`, {
        ...Object.fromEntries(missing.map((f) => [`mapping.${f}`, 'required'])),
      });
    }
    if (!isValidTimeZone(timeZone)) {
      throw new AppError('VALIDATION', `Unknown time zone ${timeZone}`, { timeZone: 'invalid_time_zone' });
    }
    // One that was running when another host stopped (the start marks those too).
    await failInterruptedImportsOn(
      ctx.engine,
      { operatorId: ctx.session.operatorId, operatorRole: ctx.session.role, host: ctx.host },
      ctx.now(),
    );
    const at = ctx.now().toISOString();
    const mappingJson = JSON.stringify(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, mapping[f]])));
    const id = await ctx.db.transaction().execute(async (trx) => {
      const busy = await trx
        .selectFrom('contact_imports')
        .select('id')
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (busy) throw new AppError('IMPORT_ALREADY_RUNNING', `Import ${busy.id} is still running`);
      const created = await trx
        .insertInto('contact_imports')
        .values({
          source_name: sourceName,
          file_name: up.fileName,
          status: 'running',
          time_zone: timeZone,
          mapping_json: mappingJson,
          total_bytes: up.bytes,
          started_by: ctx.session.operatorId,
          started_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The mapping is remembered per source, for the next file from the same system.
      await trx
        .insertInto('contact_import_mappings')
        .values({ source_name: sourceName, mapping_json: mappingJson, time_zone: timeZone, updated_at: at })
        .onConflict((oc) =>
          oc.column('source_name').doUpdateSet({ mapping_json: mappingJson, time_zone: timeZone, updated_at: at }),
        )
        .execute();
      await appendAudit(trx, {
        ...actor(ctx),
        action: 'contacts.importStarted',
        entityType: 'contact_import',
        entityId: created.id,
        after: { sourceName, fileName: up.fileName, bytes: up.bytes, timeZone, mapping: JSON.parse(mappingJson) },
      });
      return created.id;
    });
    startImportJob(
      ctx,
      {
        importId: id,
        filePath: up.path,
        encoding: up.encoding,
        sourceName,
        mapping,
        timeZone,
        operatorId: ctx.session.operatorId,
        operatorRole: ctx.session.role,
        host: ctx.host,
      },
      () => releaseUpload(uploadId),
    );
    return loadImport(ctx, id);
  },

  async 'contacts:importStatus'(ctx, { id }) {
    return loadImport(ctx, id);
  },

  async 'contacts:importCancel'(ctx, { id }) {
    const current = await loadImport(ctx, id);
    if (current.status !== 'running' || !cancelImportJob(id)) {
      throw new AppError('IMPORT_NOT_RUNNING', `Import ${id} is ${current.status}`);
    }
    await importSettled(id);
    return loadImport(ctx, id);
  },

  async 'contacts:importErrors'(ctx, { id }) {
    const imp = await loadImport(ctx, id);
    const rows = await ctx.db
      .selectFrom('contact_import_errors')
      .select(['row_no', 'reason', 'field', 'value'])
      .where('import_id', '=', id)
      .orderBy('row_no')
      .limit(ERROR_REPORT_LIMIT + 1)
      .execute();
    const lines: unknown[][] = [['row', 'reason', 'field', 'value']];
    for (const r of rows.slice(0, ERROR_REPORT_LIMIT))
      lines.push([r.row_no, REASON_TEXT[r.reason] ?? r.reason, r.field, r.value]);
    return {
      csv: csvText(lines),
      rows: Math.min(rows.length, ERROR_REPORT_LIMIT, imp.errors),
      truncated: rows.length > ERROR_REPORT_LIMIT,
    };
  },
};

/** The error report is read in spreadsheets, so reasons are spelled out (in English, like the audit export). */
const REASON_TEXT: Record<string, string> = {
  missing_field: 'missing required field',
  bad_time: 'start time not readable',
  bad_number: 'not a number of seconds',
  negative_duration: 'negative duration',
  unknown_channel: 'unknown channel',
  unknown_outcome: 'unknown outcome',
  unknown_category: 'unknown category',
  duplicate_in_file: 'duplicate row in this file',
  bad_row: 'unreadable row',
};
