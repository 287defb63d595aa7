import { z } from 'zod';
import { id } from './define';

/** A CSV export running on a worker into a file, read back in chunks when done. */
export interface CsvExportStatus {
  jobId: number;
  state: 'queued' | 'running' | 'done' | 'cancelled' | 'failed';
  /** Rows written so far, of `total` (the rows the filter matches, up to the export's limit). */
  rows: number;
  total: number;
  truncated: boolean;
  /** The file's size once done. */
  bytes: number;
  error: string | null;
}

/** Part of a finished export's file, cut at a character boundary; `next` is null at the end. */
export interface CsvExportChunk {
  text: string;
  next: number | null;
}

/** The inputs of every export's status, chunk and cancel calls (the audit log's, the contacts'). */
export const csvExportJobInput = z.strictObject({ jobId: id });
export const csvExportChunkInput = z.strictObject({
  jobId: id,
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Smaller parts than the 1 MB default. */
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .optional(),
});
