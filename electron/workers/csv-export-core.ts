import fs from 'node:fs';
import { clockFor } from '../../shared/domain/business-time';
import { csvLine } from '../../shared/domain/csv';

/**
 * One CSV export, as plain data a worker thread can receive: the query already compiled
 * (its columns in file order, at most `limit + 1` rows, the extra one telling that the
 * export was cut), the header, which columns are instants to show as business-zone wall
 * clock, and lines to append after the rows (the audit log's signed checkpoint).
 */
export interface CsvExportSpec {
  sql: string;
  parameters: unknown[];
  /** Counts the rows the query would give without its limit, for progress. */
  countSql: string;
  countParameters: unknown[];
  header: string[];
  timeColumns: number[];
  timeZone: string;
  limit: number;
  trailer: unknown[][];
}

export interface CsvExportProgress {
  rows: number;
  total: number;
}

export interface CsvExportOutcome {
  rows: number;
  truncated: boolean;
  bytes: number;
}

/** Rows between two progress reports, and bytes gathered before each write. */
const REPORT_EVERY = 2_000;
const WRITE_AT = 256 * 1024;

/**
 * Writes the export to `fd` as it reads it: lines go through the one CSV writer (formula
 * cells neutralised) into a small buffer flushed every 256 KB, so no thread ever holds the
 * whole file. Lines end in CRLF, the last one too, as spreadsheets expect. A generator: the
 * caller reports progress or yields to other work between reports.
 */
export function* writeCsv(
  rows: Iterable<unknown[]>,
  total: number,
  spec: CsvExportSpec,
  fd: number,
): Generator<CsvExportProgress, CsvExportOutcome> {
  const clock = clockFor(spec.timeZone);
  const expected = Math.min(total, spec.limit);
  let pending = '';
  let bytes = 0;
  const flush = () => {
    if (!pending) return;
    bytes += fs.writeSync(fd, pending);
    pending = '';
  };
  const put = (values: unknown[]) => {
    pending += csvLine(values) + '\r\n';
    if (pending.length >= WRITE_AT) flush();
  };
  put(spec.header);
  let count = 0;
  let truncated = false;
  for (const row of rows) {
    if (count === spec.limit) {
      truncated = true;
      break;
    }
    for (const c of spec.timeColumns) {
      const at = row[c];
      // SQLite stores ISO text; a PostgreSQL driver may hand over a Date.
      row[c] = clock.wallText(at instanceof Date ? at.getTime() : Date.parse(at as string));
    }
    put(row);
    if (++count % REPORT_EVERY === 0) yield { rows: count, total: expected };
  }
  for (const line of spec.trailer) put(line);
  flush();
  return { rows: count, truncated, bytes };
}
