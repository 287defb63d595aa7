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
