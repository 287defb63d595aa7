import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContactImport, ImportMapping } from '../../shared/contract/contact-imports';
import { MAX_UPLOAD_CHUNK } from '../../shared/contract/contact-imports';
import type { FeeVersionDetail, SimulationStatus } from '../../shared/contract/fees';
import { openDatabase } from '../db/open';
import { generateDataset } from '../seed/generate';
import { cdrExport } from '../test/cdr-export';

/**
 * The built app (out/), not the sources: vitest runs TypeScript, where no worker bundle
 * exists, so only this test sees where the build put the workers. `npm test` builds first.
 */
const SERVER = path.resolve('out/main/server.js');
const ROWS = 200_000;
let dir: string;
let proc: ChildProcess;
let base: string;
let token: string;
const client = randomUUID();

async function call<T>(channel: string, input: unknown): Promise<T> {
  const res = await fetch(`${base}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-token': token, 'x-client': client },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!body.ok) throw new Error(`${channel}: ${JSON.stringify(body.error)}`);
  return body.data as T;
}

async function pingEvery20ms(during: () => Promise<unknown>): Promise<number[]> {
  const pings: number[] = [];
  const timer = setInterval(() => {
    const t0 = performance.now();
    void call('app:ping', {}).then(() => pings.push(performance.now() - t0));
  }, 20);
  await during();
  clearInterval(timer);
  await new Promise((r) => setTimeout(r, 100));
  return pings;
}

function summary(pings: number[]) {
  const sorted = [...pings].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
  return {
    p99: at(0.99),
    max: at(1),
    text: `${pings.length} pings, median ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`,
  };
}

beforeAll(async () => {
  if (!fs.existsSync(SERVER))
    throw new Error('Build first (npx electron-vite build): this test runs out/main/server.js');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-built-'));
  const dbPath = path.join(dir, 'console.db');
  const db = openDatabase(dbPath);
  // The built server prices "the last 90 days" by its own clock, so the history must end now.
  await generateDataset(db, { scale: 'demo', seed: 11, anchor: new Date() });
  db.close();
  proc = spawn(process.execPath, [SERVER, '--db', dbPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  base = new URL(url).origin;
  token = /token=([0-9a-f]+)/.exec(url)![1];
  await call('session:signIn', { username: 'supervisor', password: 'super123' });
}, 120_000);

afterAll(() => {
  proc?.kill('SIGTERM');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('a 200,000-row import and a 90-day simulation run on workers: the host keeps answering pings every 20 ms', async () => {
  const text = [...cdrExport(ROWS)].join('');
  let uploadId: string | null = null;
  for (let i = 0; i < text.length; i += MAX_UPLOAD_CHUNK) {
    ({ uploadId } = await call<{ uploadId: string }>('contacts:importUpload', {
      uploadId,
      fileName: 'built.csv',
      chunk: text.slice(i, i + MAX_UPLOAD_CHUNK),
    }));
  }
  const preview = await call<{ mapping: ImportMapping }>('contacts:importPreview', { uploadId, sourceName: 'built' });
  const draft = await call<FeeVersionDetail>('fees:createDraft', { fromVersionId: 1 });

  // The same pings with nothing running first: on a machine shared with other work the
  // client and host also wait for a core, and that is not the host's main thread blocking.
  const idle = await pingEvery20ms(() => new Promise((r) => setTimeout(r, 3000)));
  let imp!: ContactImport;
  let sim!: SimulationStatus;
  let sawProgress = false;
  const pings = await pingEvery20ms(async () => {
    imp = await call<ContactImport>('contacts:importStart', {
      uploadId,
      sourceName: 'built',
      mapping: preview.mapping,
      timeZone: 'Asia/Shanghai',
    });
    sim = await call<SimulationStatus>('fees:simulate', { draftId: draft.id, days: 90 });
    while (imp.status === 'running' || sim.state === 'running' || sim.state === 'queued') {
      await new Promise((r) => setTimeout(r, 100));
      imp = await call<ContactImport>('contacts:importStatus', { id: imp.id });
      sim = await call<SimulationStatus>('fees:simulationStatus', { jobId: sim.jobId });
      if (imp.status === 'running' && imp.processedBytes > 0 && imp.processedBytes < imp.totalBytes) sawProgress = true;
    }
  });

  expect(imp).toMatchObject({ status: 'completed', imported: ROWS, errors: 0 });
  expect(sawProgress).toBe(true); // progress is reported while it runs, so it can also be cancelled
  expect(sim.state).toBe('done');
  expect(sim.result!.ranIn).toBe('worker');
  expect(sim.result!.transactions).toBeGreaterThan(1000);
  const busy = summary(pings);
  const calm = summary(idle);
  console.log(`built app, pings during the import and simulation: ${busy.text}; with nothing running: ${calm.text}`);
  expect(pings.length).toBeGreaterThan(100);
  // Work on the main thread (the bug this guards against) holds the host for the whole import:
  // 20 s and more for these rows. On workers, the stalls that remained came from the due-work
  // timer asking for the write lock while the worker held it (fixed: it reads first). Measured
  // alone on 2 cores after that: p99 20–22 ms, longest 53–57 ms, with the machine also loaded.
  expect(busy.p99).toBeLessThan(50);
}, 600_000); // about 150 s alone on 2 cores; a loaded CI box needs several times that
