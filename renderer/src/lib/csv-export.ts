import type { CsvExportChunk, CsvExportStatus } from '../../../shared/contract/exports';
import { downloadBlob } from './download';

export interface CsvExportCalls {
  start: () => Promise<CsvExportStatus>;
  status: (jobId: number) => Promise<CsvExportStatus>;
  chunk: (jobId: number, offset: number) => Promise<CsvExportChunk>;
  /** Stops the job on main when `signal` aborts (the export's Cancel button). */
  cancel?: (jobId: number) => Promise<CsvExportStatus>;
}

/**
 * Runs an export written by main's worker into a file: reports its progress while it runs,
 * then fetches the file in parts and downloads them as one Blob (with a byte-order mark,
 * so spreadsheets read Chinese correctly). No part of this joins the file into one string.
 * A cancelled export returns its status and downloads nothing.
 */
export async function runCsvExport(
  calls: CsvExportCalls,
  fileName: string,
  onProgress: (s: CsvExportStatus) => void,
  signal?: AbortSignal,
): Promise<CsvExportStatus> {
  let s = await calls.start();
  onProgress(s);
  while (s.state === 'queued' || s.state === 'running') {
    await new Promise((r) => setTimeout(r, 250));
    s = signal?.aborted && calls.cancel ? await calls.cancel(s.jobId) : await calls.status(s.jobId);
    onProgress(s);
  }
  // Cancelled as the host finished: the finished file is discarded on the host, not downloaded.
  if (signal?.aborted && calls.cancel && s.state === 'done') s = await calls.cancel(s.jobId);
  if (s.state === 'cancelled') return s;
  if (s.state !== 'done') throw new Error(s.error ?? s.state);
  const parts: BlobPart[] = ['\ufeff'];
  for (let offset: number | null = 0; offset !== null;) {
    const chunk: CsvExportChunk = await calls.chunk(s.jobId, offset);
    parts.push(chunk.text);
    offset = chunk.next;
  }
  downloadBlob(new Blob(parts, { type: 'text/csv;charset=utf-8' }), fileName);
  return s;
}
