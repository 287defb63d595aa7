import fs from 'node:fs';
import path from 'node:path';
import { MAX_UPLOAD_CHUNK } from '../../shared/contract/contact-imports';
import type { ChannelName, OutputOf } from '../../shared/contract';
import type { ImportJob } from '../imports/run-import';
import { importSettled } from '../imports/jobs';

export const SAMPLES = path.resolve('resources/samples');

/** What the import helpers need of a test console, on either engine. */
interface Caller {
  ok<C extends ChannelName>(client: string, channel: C, payload: unknown): Promise<OutputOf<C>>;
}

/** Uploads a sample in chunks the way browser mode does, previews it, imports it and waits for the end. */
export async function importSample(t: Caller, client: string, file: string, sourceName = 'Genesys CDR export') {
  const text = fs.readFileSync(path.join(SAMPLES, file), 'utf8');
  let uploadId: string | null = null;
  for (let i = 0; i < text.length; i += MAX_UPLOAD_CHUNK / 8) {
    const chunk = text.slice(i, i + MAX_UPLOAD_CHUNK / 8);
    ({ uploadId } = await t.ok(client, 'contacts:importUpload', { uploadId, fileName: file, chunk }));
  }
  const preview = await t.ok(client, 'contacts:importPreview', { uploadId, sourceName });
  const started = await t.ok(client, 'contacts:importStart', {
    uploadId,
    sourceName,
    mapping: preview.mapping,
    timeZone: 'Asia/Shanghai',
  });
  await importSettled(started.id);
  return { preview, result: await t.ok(client, 'contacts:importStatus', { id: started.id }) };
}

/** A 500-row file in `dir` and the job importing it as `importId`: for the cancel tests (100-row batches). */
export function cancellableJob(dir: string, importId: number): ImportJob {
  const filePath = path.join(dir, 'big.csv');
  const lines = ['call_id,start_time,media_type,wait_time,talk_time,disposition'];
  for (let i = 0; i < 500; i++)
    lines.push(`X-${i},2026-05-01T10:${String(i % 60).padStart(2, '0')}:00Z,voice,5,100,answered`);
  fs.writeFileSync(filePath, lines.join('\n'));
  return {
    importId,
    filePath,
    sourceName: 'cancel test',
    mapping: {
      externalId: 0,
      startedAt: 1,
      channel: 2,
      queueSeconds: 3,
      talkSeconds: 4,
      outcome: 5,
      category: null,
      holdSeconds: null,
      acwSeconds: null,
      accountNo: null,
      note: null,
      recordingRef: null,
      recordingNotice: null,
    },
    timeZone: 'UTC',
    operatorId: null,
    operatorRole: null,
    host: 'browser',
  };
}
