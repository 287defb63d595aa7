import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract, type ChannelName, type InputOf } from '../../../shared/contract';
import { MAX_UPLOAD_CHUNK } from '../../../shared/contract/contact-imports';
import { can, ROLES, type Role } from '../../../shared/domain/roles';
import { importSettled } from '../../imports/jobs';
import { generateDataset } from '../../seed/generate';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { VALID_INPUT } from '../../test/valid-inputs';

/**
 * Reads never write (issue 11 §4): every channel declared `writes: false`, called with
 * valid input by every role that may call it, leaves `total_changes()` where it was, on a
 * database where due work is waiting (kept-frozen reviews and a fee version past their time),
 * which is what the old reads swept up.
 */
const ANCHOR = new Date('2026-11-01T00:00:00Z');
let clock = ANCHOR;
let t: TestConsole;

interface Refs {
  customerId: number;
  accountId: number;
  caseId: number;
  refundId: number;
  txnNo: string;
  scheduleId: number;
  activeId: number;
  draftId: number;
  jobId: number;
  importId: number;
  uploadId: string;
}
let refs: Refs;

/** Every read channel gets its valid input (VALID_INPUT), pointed at rows that exist and hold due work. */
const REFERENCED: Partial<{ [C in ChannelName]: (r: Refs) => Partial<InputOf<C>> }> = {
  'transactions:list': (r) => ({ filter: { accountId: r.accountId } }),
  'customers:get': (r) => ({ id: r.customerId }),
  'customers:refunds': (r) => ({ filter: { customerId: r.customerId } }),
  'customers:cases': (r) => ({ filter: { customerId: r.customerId } }),
  'customers:contacts': (r) => ({ filter: { customerId: r.customerId } }),
  'customers:timeline': (r) => ({ customerId: r.customerId }),
  'frozen:list': () => ({ filter: { status: 'active' }, withTotal: true }),
  'frozen:get': (r) => ({ id: r.caseId }),
  'notes:list': (r) => ({ entityType: 'freeze_case', entityId: r.caseId }),
  'refunds:get': (r) => ({ id: r.refundId }),
  'refunds:lookupTransaction': (r) => ({ txnNo: r.txnNo }),
  'calls:dashboard': () => ({ from: '2026-10-01', to: '2026-10-31' }),
  'contacts:importPreview': (r) => ({ uploadId: r.uploadId, sourceName: 'Genesys CDR export' }),
  'contacts:importStatus': (r) => ({ id: r.importId }),
  'contacts:importErrors': (r) => ({ id: r.importId }),
  'fees:versions': (r) => ({ scheduleId: r.scheduleId }),
  'fees:version': (r) => ({ id: r.activeId }),
  'fees:diff': (r) => ({ fromId: r.activeId, toId: r.draftId }),
  'fees:preview': (r) => ({ scheduleId: r.scheduleId, at: clock.toISOString() }),
  'fees:simulate': (r) => ({ draftId: r.draftId }),
  'fees:simulationStatus': (r) => ({ jobId: r.jobId }),
  'fees:cancelSimulation': (r) => ({ jobId: r.jobId }),
};
const readInput = (c: ChannelName) => ({ ...VALID_INPUT[c], ...REFERENCED[c]?.(refs) });

const READ_CHANNELS = CHANNEL_NAMES.filter((c) => !contract[c].writes);
const totalChanges = () => (t.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

function setClock(at: Date) {
  clock = at;
  for (const s of t.services.sessions.values()) s.lastActiveAt = at.getTime();
}

async function ok<T>(client: string, channel: string, input: unknown): Promise<T> {
  const res = await t.call(client, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.data as T;
}

const one = <T>(sql: string) => t.sqlite.prepare(sql).get() as T;

beforeAll(async () => {
  t = makeTestConsole({ now: () => clock });
  await generateDataset(t.sqlite, { scale: 'demo', seed: 5, anchor: ANCHOR });
  for (const role of ROLES) await t.signInAs(role, role);

  // A fee version scheduled a day ahead, and a draft to diff and simulate.
  const active = one<{ id: number; schedule_id: number }>(
    "SELECT id, schedule_id FROM fee_schedule_versions WHERE status = 'active' ORDER BY id LIMIT 1",
  );
  const next = await ok<{ id: number; version: number }>('supervisor', 'fees:createDraft', {
    fromVersionId: active.id,
  });
  const submitted = await ok<{ id: number; version: number }>('supervisor', 'fees:submit', {
    id: next.id,
    expectedVersion: next.version,
  });
  await ok('admin', 'fees:approve', {
    id: submitted.id,
    expectedVersion: submitted.version,
    effectiveFrom: new Date(ANCHOR.getTime() + 86_400_000).toISOString(),
  });
  const draft = await ok<{ id: number }>('supervisor', 'fees:createDraft', { fromVersionId: active.id });

  // An import that has finished, and an upload waiting for its preview.
  const text = fs.readFileSync(path.resolve('resources/samples/contacts-gbk.csv'), 'latin1');
  const upload = async () => {
    let uploadId: string | null = null;
    for (let i = 0; i < text.length; i += MAX_UPLOAD_CHUNK / 8) {
      const chunk = text.slice(i, i + MAX_UPLOAD_CHUNK / 8);
      ({ uploadId } = await ok<{ uploadId: string }>('supervisor', 'contacts:importUpload', {
        uploadId,
        fileName: 'contacts.csv',
        chunk,
      }));
    }
    return uploadId!;
  };
  const first = await upload();
  const preview = await ok<{ mapping: unknown }>('supervisor', 'contacts:importPreview', { uploadId: first });
  const started = await ok<{ id: number }>('supervisor', 'contacts:importStart', {
    uploadId: first,
    sourceName: 'Genesys CDR export',
    mapping: preview.mapping,
    timeZone: 'Asia/Shanghai',
  });
  await importSettled(started.id);

  // Forty days on: the fee version and the kept-frozen reviews (3–30 days after the anchor) are due.
  setClock(new Date(ANCHOR.getTime() + 40 * 86_400_000));
  const job = await ok<{ jobId: number }>('supervisor', 'fees:simulate', { draftId: draft.id, days: 30 });

  const kase = one<{ id: number; account_id: number; customer_id: number }>(
    `SELECT fc.id, fc.account_id, a.customer_id FROM freeze_cases fc JOIN accounts a ON a.id = fc.account_id
      WHERE fc.status = 'kept_frozen' ORDER BY fc.id LIMIT 1`,
  );
  refs = {
    customerId: kase.customer_id,
    accountId: kase.account_id,
    caseId: kase.id,
    refundId: one<{ id: number }>("SELECT id FROM refund_requests WHERE status = 'pending' LIMIT 1").id,
    txnNo: one<{ txn_no: string }>("SELECT txn_no FROM transactions WHERE operation = 'payment' LIMIT 1").txn_no,
    scheduleId: active.schedule_id,
    activeId: active.id,
    draftId: draft.id,
    jobId: job.jobId,
    importId: started.id,
    uploadId: await upload(),
  };
}, 240_000);
afterAll(() => t.close());

describe('read-only channels', () => {
  it('every referenced input is for a read channel', () => {
    for (const c of Object.keys(REFERENCED)) expect(READ_CHANNELS).toContain(c);
  });

  it('the database holds due work the old reads would have swept up', () => {
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM freeze_cases WHERE status = 'kept_frozen' AND review_at <= '2026-12-11'",
      ).n,
    ).toBeGreaterThan(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM fee_schedule_versions WHERE status = 'scheduled'").n).toBe(1);
  });

  for (const role of ROLES as readonly Role[]) {
    it(`never change the database, for the ${role}`, async () => {
      for (const channel of READ_CHANNELS) {
        const permission = contract[channel].permission;
        // A forbidden call writes its own audit event on purpose (the refusal is a security record).
        if (permission !== null && !can(role, permission)) continue;
        if (channel === 'session:lock') continue; // run last: it locks the session
        const before = totalChanges();
        const res = await t.call(role, channel, readInput(channel));
        if (!res.ok) expect(res.error.code, `${role} → ${channel}`).not.toBe('VALIDATION');
        expect(totalChanges(), `${role} → ${channel} wrote`).toBe(before);
      }
      const before = totalChanges();
      expect(await t.call(role, 'session:lock', {})).toMatchObject({ ok: true });
      expect(totalChanges()).toBe(before);
      t.services.sessions.get(role)!.locked = false;
    });
  }

  it('the due work is done by the host timer instead', async () => {
    const { activateDueWork } = await import('../../host/due-work');
    await activateDueWork(t.services);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM fee_schedule_versions WHERE status = 'scheduled'").n).toBe(0);
    expect(
      one<{ n: number }>(
        `SELECT count(*) AS n FROM freeze_cases WHERE status = 'kept_frozen' AND review_at <= '${clock.toISOString()}'`,
      ).n,
    ).toBe(0);
  });
});
