import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksBy, makeFreezeCase } from '../../test/freeze-builders';
import { makeTestConsole } from '../../test/harness';

const CHILD = path.resolve('electron/test/bulk-child.ts');
const ROWS = 60;
let dir: string;
let file: string;
let ids: number[] = [];

beforeAll(async () => {
  const t = makeTestConsole();
  dir = t.dir;
  file = t.file;
  const me = await t.signInAs('k', 'agent', 'killer', 'pass1234');
  ids = Array.from({ length: ROWS }, () => makeFreezeCase(t.sqlite, { checks: checksBy(me) }).caseId);
  t.sqlite.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the child; with a pause point, SIGKILLs it the moment it reports being mid-transaction. */
function runChild(target: string, pauseAfter: number): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, target, 'killer', 'pass1234', ids.join(','), String(pauseAfter)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('MID')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', out }));
  });
}

/** Per case: is every part of its unfreeze there (case, account, note, audit), or none? */
function rowStates(target: string) {
  const db = new Database(target);
  const integrity = db.pragma('integrity_check', { simple: true });
  const states = ids.map((id) => {
    const r = db
      .prepare(
        `SELECT fc.status, a.status AS account,
           (SELECT count(*) FROM notes n WHERE n.entity_type = 'freeze_case' AND n.entity_id = fc.id) AS notes,
           (SELECT count(*) FROM audit_events e WHERE e.entity_type = 'freeze_case' AND e.entity_id = CAST(fc.id AS TEXT)) AS audits
         FROM freeze_cases fc JOIN accounts a ON a.id = fc.account_id WHERE fc.id = ?`,
      )
      .get(id) as { status: string; account: string; notes: number; audits: number };
    if (r.status === 'unfrozen' && r.account === 'active' && r.notes === 1 && r.audits === 1) return 'all';
    if (r.status !== 'unfrozen' && r.account === 'frozen' && r.notes === 0 && r.audits === 0) return 'none';
    return `half: ${JSON.stringify(r)}`;
  });
  db.close();
  return { integrity, states };
}

describe('a kill -9 in the middle of a bulk unfreeze', () => {
  it('leaves each row all-or-nothing and the file intact', async () => {
    const copy = path.join(dir, 'killed.db');
    fs.copyFileSync(file, copy);
    const run = await runChild(copy, Math.floor(ROWS / 2));
    expect(run.killed, run.out).toBe(true);
    expect(run.out).not.toContain('DONE');
    const { integrity, states } = rowStates(copy);
    expect(integrity).toBe('ok');
    expect(states.filter((s) => s !== 'all' && s !== 'none')).toEqual([]);
    // The bulk is one transaction for the rows that pass, so a kill leaves none of them.
    expect(new Set(states)).toEqual(new Set(['none']));
  }, 60_000);

  it('the same bulk run to the end changes every row completely (the check above is not vacuous)', async () => {
    const copy = path.join(dir, 'finished.db');
    fs.copyFileSync(file, copy);
    const run = await runChild(copy, 0);
    expect(run.out).toContain('DONE true');
    const { integrity, states } = rowStates(copy);
    expect(integrity).toBe('ok');
    expect(new Set(states)).toEqual(new Set(['all']));
  }, 60_000);
});
