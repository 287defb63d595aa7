import type { InputOf } from '../../shared/contract';
import type { CsvExportChunk } from '../../shared/contract/exports';
import type { TestConsole } from './harness';

/**
 * The audit export as the Audit page runs it: start it, wait for the worker (or the
 * in-process writer) to finish the file, then read the file back part by part.
 */
export async function exportAuditCsv(
  t: Pick<TestConsole, 'ok'>,
  client: string,
  filter: InputOf<'audit:exportCsv'>['filter'] = {},
  maxBytes?: number,
) {
  const started = await t.ok(client, 'audit:exportCsv', { filter });
  let s = started;
  while (s.state === 'queued' || s.state === 'running') {
    await new Promise((r) => setTimeout(r, 10));
    s = { ...s, ...(await t.ok(client, 'audit:exportStatus', { jobId: s.jobId })) };
  }
  if (s.state !== 'done') throw new Error(`audit export ${s.state}: ${s.error}`);
  const parts: string[] = [];
  for (let offset: number | null = 0; offset !== null;) {
    const chunk: CsvExportChunk = await t.ok(client, 'audit:exportChunk', { jobId: s.jobId, offset, maxBytes });
    parts.push(chunk.text);
    offset = chunk.next;
  }
  return {
    parts: parts.length,
    csv: parts.join(''),
    rows: s.rows,
    truncated: s.truncated,
    checkpoint: started.checkpoint,
    jobId: s.jobId,
  };
}
