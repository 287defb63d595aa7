import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { verifyChain } from '../../db/audit';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { makeTxn, seedRefundWorld } from '../../test/refund-builders';

const CHILD = path.resolve(__dirname, '../../test/bulk-approve-child.ts');
const ROWS = 1000;

let t: TestConsole;
let idsFile: string;
let refundIds: number[];
beforeAll(async () => {
  t = makeTestConsole();
  seedRefundWorld(t.sqlite);
  const requester = await t.signInAs('maker', 'supervisor');
  await t.signInAs('checker', 'agent', 'bulk-agent', 'pass1234');
  const insert = t.sqlite.prepare(
    `INSERT INTO refund_requests (refund_no, transaction_id, type, amount_minor, currency, reason, status, requested_by, requested_at)
     VALUES (?, ?, 'customer', 20000, 'CNY', 'duplicate', 'pending', ?, ?)`,
  );
  t.sqlite.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(`KILL${i}`, makeTxn(t.sqlite), requester, new Date().toISOString());
  })();
  refundIds = (
    t.sqlite.prepare("SELECT id FROM refund_requests WHERE refund_no LIKE 'KILL%'").all() as { id: number }[]
  ).map((r) => r.id);
  idsFile = path.join(t.dir, 'items.json');
  fs.writeFileSync(idsFile, JSON.stringify(refundIds.map((id) => ({ id, expectedVersion: 0 }))));
  t.sqlite.pragma('wal_checkpoint(TRUNCATE)');
});
afterAll(() => t.close());

/** Runs the child; with pauseAt, SIGKILLs it once it says it is inside the bulk transaction. */
function runChild(pauseAt: string | null): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, t.file, 'bulk-agent', 'pass1234', idsFile], {
      env: { ...process.env, ...(pauseAt ? { PAUSE_AT: pauseAt } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (pauseAt && out.includes('MID')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

function state() {
  const db = openDatabase(t.file);
  try {
    const list = refundIds.join(',');
    const approved = (
      db.prepare(`SELECT count(*) AS n FROM refund_requests WHERE id IN (${list}) AND status = 'approved'`).get() as {
        n: number;
      }
    ).n;
    const audited = (
      db
        .prepare(
          `SELECT count(DISTINCT entity_id) AS n FROM audit_events WHERE action = 'refund.approved' AND entity_type = 'refund_request' AND CAST(entity_id AS INTEGER) IN (${list})`,
        )
        .get() as { n: number }
    ).n;
    const integrity = db.pragma('integrity_check', { simple: true });
    return { approved, audited, integrity, db };
  } catch (err) {
    db.close();
    throw err;
  }
}

describe('kill -9 in the middle of a bulk approval', () => {
  for (const pauseAt of ['update "refund_requests"', 'insert into "audit_events"', 'insert into "idempotency_keys"']) {
    it(`leaves every row untouched when killed at: ${pauseAt}`, async () => {
      const run = await runChild(pauseAt);
      expect(run.signal, run.out).toBe('SIGKILL');
      const s = state();
      expect({ approved: s.approved, audited: s.audited, integrity: s.integrity }).toEqual({
        approved: 0,
        audited: 0,
        integrity: 'ok',
      });
      expect((await verifyChain(s.db)).intact).toBe(true);
      s.db.close();
    });
  }

  it('and when not killed, approves every row with its audit event', async () => {
    const run = await runChild(null);
    expect(run.out).toContain(`DONE {"succeeded":${ROWS}}`);
    const s = state();
    expect({ approved: s.approved, audited: s.audited, integrity: s.integrity }).toEqual({
      approved: ROWS,
      audited: ROWS,
      integrity: 'ok',
    });
    expect((await verifyChain(s.db)).intact).toBe(true);
    s.db.close();
  });
});
