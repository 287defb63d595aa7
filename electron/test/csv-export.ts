import type { InputOf, OutputOf } from '../../shared/contract';
import type { CsvExportChunk, CsvExportStatus } from '../../shared/contract/exports';
import type { TestConsole } from './harness';

/**
 * An export as its page runs it: start it, wait for the worker (or the in-process writer)
 * to finish the file, then read the file back part by part.
 */
export async function exportCsv<K extends 'audit' | 'contacts'>(
  t: Pick<TestConsole, 'ok'>,
  kind: K,
  client: string,
  filter: InputOf<`${K}:exportCsv`>['filter'] = {},
  maxBytes?: number,
) {
  // Both kinds answer alike; the template-literal channel names defeat the inference.
  const started = (await t.ok(client, `${kind}:exportCsv`, { filter })) as CsvExportStatus;
  let s = { ...started };
  while (s.state === 'queued' || s.state === 'running') {
    await new Promise((r) => setTimeout(r, 10));
    s = (await t.ok(client, `${kind}:exportStatus`, { jobId: s.jobId })) as CsvExportStatus;
  }
  if (s.state !== 'done') throw new Error(`${kind} export ${s.state}: ${s.error}`);
  const parts: string[] = [];
  for (let offset: number | null = 0; offset !== null;) {
    const chunk = (await t.ok(client, `${kind}:exportChunk`, { jobId: s.jobId, offset, maxBytes })) as CsvExportChunk;
    parts.push(chunk.text);
    offset = chunk.next;
  }
  return { parts: parts.length, csv: parts.join(''), rows: s.rows, truncated: s.truncated, jobId: s.jobId, started };
}

/** The audit export, with the signed checkpoint its start returned. */
export async function exportAuditCsv(
  t: Pick<TestConsole, 'ok'>,
  client: string,
  filter: InputOf<'audit:exportCsv'>['filter'] = {},
  maxBytes?: number,
) {
  const out = await exportCsv(t, 'audit', client, filter, maxBytes);
  return { ...out, checkpoint: (out.started as OutputOf<'audit:exportCsv'>).checkpoint };
}

/** One customer (张三, id 1) with one account (620000000001, id 1): what the export tests' rows name. */
export function insertOneCustomer(t: Pick<TestConsole, 'sqlite'>) {
  t.sqlite.exec(`
    INSERT INTO customers (id, name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at)
      VALUES (1, '张三', 'Zhang San', '13800000001', '1234', 2, 'standard', '2026-01-01T00:00:00.000Z');
    INSERT INTO accounts (id, account_no, customer_id, currency, balance_minor, status)
      VALUES (1, '620000000001', 1, 'CNY', 0, 'active');
  `);
}
