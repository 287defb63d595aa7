import { z } from 'zod';
import { TEXT_ENCODINGS, type TextEncodingName } from '../domain/text-encoding';
import { channel, id, shortText } from './define';

/** The contact fields a call-detail export can be mapped onto; the first five are required. */
export const IMPORT_FIELDS = [
  'startedAt',
  'channel',
  'outcome',
  'queueSeconds',
  'talkSeconds',
  'externalId',
  'category',
  'holdSeconds',
  'acwSeconds',
  'accountNo',
  'note',
  'recordingRef',
  'recordingNotice',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = [
  'startedAt',
  'channel',
  'outcome',
  'queueSeconds',
  'talkSeconds',
];

/** Why a row was refused; the renderer translates these, the error report spells them out. */
export const IMPORT_ROW_ERRORS = [
  'missing_field',
  'bad_time',
  'bad_number',
  'negative_duration',
  'unknown_channel',
  'unknown_outcome',
  'unknown_category',
  'duplicate_in_file',
  'bad_recording_ref',
  'bad_flag',
  'bad_row',
] as const;
export type ImportRowError = (typeof IMPORT_ROW_ERRORS)[number];

export const IMPORT_STATUSES = ['running', 'completed', 'cancelled', 'failed'] as const;
export type ImportStatusName = (typeof IMPORT_STATUSES)[number];

/** Column index (0-based) per field, or null when the file has no such column. */
export type ImportMapping = Record<ImportField, number | null>;
const column = z.number().int().min(0).max(199).nullable();
export const importMappingSchema = z.strictObject(
  Object.fromEntries(IMPORT_FIELDS.map((f) => [f, column])) as Record<ImportField, typeof column>,
);

export interface ImportRowProblem {
  row: number;
  reason: ImportRowError;
  field: ImportField | null;
  value: string;
}

export interface ContactImport {
  id: number;
  sourceName: string;
  fileName: string;
  status: ImportStatusName;
  timeZone: string;
  totalBytes: number;
  processedBytes: number;
  rowsRead: number;
  imported: number;
  duplicates: number;
  errors: number;
  startedAt: string;
  finishedAt: string | null;
  /** The first refused rows, for the dialog; the full list is in the error report. */
  sampleErrors: ImportRowProblem[];
}

export interface ImportPreview {
  uploadId: string;
  fileName: string;
  bytes: number;
  headers: string[];
  rows: string[][];
  mapping: ImportMapping;
  /** The source whose remembered mapping was applied, or null when guessed from the headers. */
  rememberedFrom: string | null;
  timeZone: string | null;
  /** The encoding the file was read in (detected: BOM, strict UTF-8, else GB18030). */
  encoding: TextEncodingName;
}

const uploadId = z.string().regex(/^[a-f0-9]{32}$/);
/** Browser mode sends the file's text in chunks; bounded so one request stays under the host's body limit. */
export const MAX_UPLOAD_CHUNK = 256 * 1024;

export const contactImportChannels = {
  'contacts:importUpload': channel<{ uploadId: string; bytes: number }>()({
    input: z.strictObject({
      uploadId: uploadId.nullable(),
      fileName: shortText,
      chunk: z.string().max(MAX_UPLOAD_CHUNK),
      /** The encoding the renderer detected and decoded the file from; the text sent is always UTF-8. */
      encoding: z.enum(TEXT_ENCODINGS).optional(),
    }),
    permission: 'contacts.import',
    writes: true,
  }),
  /** Desktop only: the OS file dialog. Browser mode uses an <input type=file> and importUpload. */
  'contacts:importPick': channel<{ uploadId: string; fileName: string; bytes: number } | null>()({
    input: z.strictObject({}),
    permission: 'contacts.import',
  }),
  'contacts:importPreview': channel<ImportPreview>()({
    input: z.strictObject({ uploadId, sourceName: shortText.optional() }),
    permission: 'contacts.import',
  }),
  'contacts:importStart': channel<ContactImport>()({
    input: z.strictObject({
      uploadId,
      sourceName: shortText,
      mapping: importMappingSchema,
      /** The zone for times written without an offset. */
      timeZone: z.string().min(1).max(64),
    }),
    permission: 'contacts.import',
    writes: true,
  }),
  'contacts:importStatus': channel<ContactImport>()({
    input: z.strictObject({ id }),
    permission: 'contacts.import',
  }),
  'contacts:importCancel': channel<ContactImport>()({
    input: z.strictObject({ id }),
    permission: 'contacts.import',
    writes: true,
  }),
  'contacts:importErrors': channel<{ csv: string; rows: number; truncated: boolean }>()({
    input: z.strictObject({ id }),
    permission: 'contacts.import',
  }),
};
