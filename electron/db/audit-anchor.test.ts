import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendTestEvents } from '../test/audit-builders';
import { makeTestConsole, type TestConsole } from '../test/harness';
import { appendAuditSync, canonicalEvent, chainHash, eventMac, installAuditMac } from './audit';
import { anchorOf, checkCheckpoint, checkpointFileOf, installAuditAnchor, type AuditAnchor } from './audit-anchor';
import { checkAuditAtStart } from './audit-startup';
import { warningsOf } from './integrity-warnings';
import type { ChainReport } from '../../shared/contract/audit';

const KEY = Buffer.alloc(32, 3);
let t: TestConsole;
let anchor: AuditAnchor;

beforeEach(() => {
  t = makeTestConsole();
  installAuditMac(t.sqlite, KEY);
  anchor = installAuditAnchor(t.sqlite, KEY, checkpointFileOf(t.file));
  appendTestEvents(t.sqlite, 30);
  anchor.sync();
});
afterEach(() => t.close());

/** What an attacker with the file (but not the key) can do: drop the triggers and write raw SQL. */
function tamper(sql: string, ...params: unknown[]) {
  t.sqlite.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;');
  t.sqlite.prepare(sql).run(...params);
}

type Row = Parameters<typeof canonicalEvent>[0] & { id: number; hash: string; prev_hash: string; mac: string | null };
const rows = () => t.sqlite.prepare('SELECT * FROM audit_events ORDER BY id').all() as Row[];

describe('the anchored audit chain', () => {
  it('verifies clean: every MAC and the signed checkpoint', async () => {
    expect(await anchor.verify()).toMatchObject({ intact: true, checked: 30, anchored: 30, checkpoint: { count: 30 } });
    const onDisk = JSON.parse(fs.readFileSync(anchor.file, 'utf8'));
    expect(checkCheckpoint(KEY, onDisk)).toMatchObject({ count: 30, headHash: rows()[29].hash });
    expect(fs.statSync(anchor.file).mode & 0o777).toBe(0o600);
  });

  it('finds the last rows deleted (truncation), against the checkpoint', async () => {
    tamper('DELETE FROM audit_events WHERE id > 27');
    expect(await anchor.verify()).toMatchObject({ intact: false, problem: 'truncated', firstBrokenId: 28 });
  });

  it('finds an appended event with a correct chain hash but no valid MAC', async () => {
    const last = rows()[29];
    const fields = { ...last, note: 'forged' };
    const hash = chainHash(last.hash, canonicalEvent(fields));
    const insert = `INSERT INTO audit_events (at, operator_id, operator_role, action, entity_type, entity_id, before_json, after_json, note, host, prev_hash, hash, mac)
                    VALUES (@at, @operator_id, @operator_role, @action, @entity_type, @entity_id, @before_json, @after_json, @note, @host, @prev_hash, @hash, @mac)`;
    const { id: _id, ...values } = { ...fields, prev_hash: last.hash, hash };
    tamper(insert, { ...values, mac: null });
    expect(await anchor.verify()).toMatchObject({ intact: false, problem: 'forged', firstBrokenId: 31 });
    tamper('DELETE FROM audit_events WHERE id = 31');
    tamper(insert, { ...values, mac: eventMac(Buffer.alloc(32, 9), hash) }); // signed with another key
    expect(await anchor.verify()).toMatchObject({ intact: false, problem: 'forged', firstBrokenId: 31 });
  });

  it('finds an edit whose rest of the chain was re-hashed', async () => {
    const all = rows();
    let prev = all[10].hash;
    t.sqlite.exec('DROP TRIGGER audit_events_no_update');
    for (const r of all.slice(11)) {
      const edited = r.id === 12 ? { ...r, after_json: '{"status":"approved","amountMinor":999999}' } : r;
      const hash = chainHash(prev, canonicalEvent(edited));
      t.sqlite
        .prepare('UPDATE audit_events SET after_json = ?, prev_hash = ?, hash = ? WHERE id = ?')
        .run(edited.after_json, prev, hash, r.id);
      prev = hash;
    }
    expect(await anchor.verify()).toMatchObject({ intact: false, problem: 'forged', firstBrokenId: 12 });
    // Stripping the MACs as well does not help: signed events cannot turn unsigned again.
    t.sqlite.exec('UPDATE audit_events SET mac = NULL WHERE id >= 12');
    expect(await anchor.verify()).toMatchObject({ intact: false, problem: 'forged', firstBrokenId: 12 });
  });

  it('refuses a checkpoint file that was edited', async () => {
    const cp = JSON.parse(fs.readFileSync(anchor.file, 'utf8'));
    fs.writeFileSync(anchor.file, JSON.stringify({ ...cp, count: 20 }));
    expect(await anchor.verify()).toMatchObject({ intact: false, problem: 'checkpoint_invalid' });
  });

  it('accepts events from before the key existed, vouched for by the first checkpoint', async () => {
    const legacy = makeTestConsole();
    try {
      for (let i = 1; i <= 5; i++)
        appendAuditSync(legacy.sqlite, {
          at: `2026-01-0${i}T00:00:00.000Z`,
          operatorId: null,
          operatorRole: null,
          action: 'x',
          entityType: 'y',
          entityId: i,
          host: 'system',
        });
      installAuditMac(legacy.sqlite, KEY);
      const a = installAuditAnchor(legacy.sqlite, KEY, checkpointFileOf(legacy.file));
      await checkAuditAtStart(legacy.sqlite, a, { fresh: false });
      expect(warningsOf(legacy.sqlite)).toEqual([]); // nothing was signed yet: nothing can be missing
      appendAuditSync(legacy.sqlite, {
        at: '2026-02-01T00:00:00.000Z',
        operatorId: null,
        operatorRole: null,
        action: 'x',
        entityType: 'y',
        entityId: 6,
        host: 'system',
      });
      a.sync();
      expect(await a.verify()).toMatchObject({ intact: true, checked: 6, anchored: 1 });
      // After the checkpoint every event needs a MAC: an unsigned one appended is forged.
      installAuditMac(legacy.sqlite, null);
      appendAuditSync(legacy.sqlite, {
        at: '2026-02-02T00:00:00.000Z',
        operatorId: null,
        operatorRole: null,
        action: 'x',
        entityType: 'y',
        entityId: 7,
        host: 'system',
      });
      expect(await a.verify()).toMatchObject({ intact: false, problem: 'forged', firstBrokenId: 7 });
    } finally {
      legacy.close();
    }
  });
});

describe('the check at every start', () => {
  it('puts back dropped or replaced triggers, removes foreign ones, and says so in the chain and to the admins', async () => {
    t.sqlite.exec(`
      DROP TRIGGER audit_events_no_delete;
      DROP TRIGGER audit_events_no_update;
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT 1; END;
      CREATE TRIGGER swallow BEFORE INSERT ON audit_events BEGIN SELECT RAISE(IGNORE); END;
    `);
    const report = await checkAuditAtStart(t.sqlite, anchor, { fresh: false });
    expect(report).toMatchObject({
      triggersRestored: ['audit_events_no_update', 'audit_events_no_delete'],
      triggersRemoved: ['swallow'],
    });
    expect(() => t.sqlite.prepare('DELETE FROM audit_events WHERE id = 3').run()).toThrow(/append-only/);
    expect(() => t.sqlite.prepare("UPDATE audit_events SET note = 'x' WHERE id = 3").run()).toThrow(/append-only/);
    const last = rows().at(-1)!;
    expect(last).toMatchObject({ id: 31, action: 'audit.triggersRestored', host: 'system' });
    expect(warningsOf(t.sqlite).map((w) => w.code)).toEqual(['AUDIT_TRIGGERS_RESTORED']);
    expect(await anchor.verify()).toMatchObject({ intact: true, checked: 31, anchored: 31 });
  });

  it('reports a truncated chain, records it, and keeps the last good checkpoint', async () => {
    const before = fs.readFileSync(anchor.file, 'utf8');
    tamper('DELETE FROM audit_events WHERE id > 25');
    const report = await checkAuditAtStart(t.sqlite, anchor, { fresh: false });
    expect(report.chain).toMatchObject({ intact: false, problem: 'truncated', firstBrokenId: 26 });
    expect(warningsOf(t.sqlite)).toContainEqual(
      expect.objectContaining({ code: 'AUDIT_CHAIN_BROKEN', details: { problem: 'truncated', firstBrokenId: 26 } }),
    );
    expect(anchor.frozen()).toBe(true);
    anchorOf(t.sqlite)!.sync();
    expect(fs.readFileSync(anchor.file, 'utf8')).toBe(before);
  });

  it('warns when the checkpoint of a signed chain has gone, and starts a new one', async () => {
    fs.rmSync(anchor.file);
    const fresh = installAuditAnchor(t.sqlite, KEY, anchor.file);
    const report = await checkAuditAtStart(t.sqlite, fresh, { fresh: false });
    expect(await report.chainChecked).toMatchObject({ intact: true, anchored: 30 });
    expect(warningsOf(t.sqlite).map((w) => w.code)).toEqual(['AUDIT_CHECKPOINT_MISSING']);
    expect(fs.existsSync(path.join(anchor.file))).toBe(true);
  });

  describe('a long stretch after the checkpoint (a copy that came without one)', () => {
    const head = () => (t.sqlite.prepare('SELECT max(id) AS id FROM audit_events').get() as { id: number }).id;
    /** The check at start of this file with its checkpoint gone, walking more than `above` events after start. */
    const startWithout = async (above: number, verify: (copy: AuditAnchor) => Promise<ChainReport>) => {
      fs.rmSync(anchor.file);
      const copy = installAuditAnchor(t.sqlite, KEY, anchor.file);
      const report = await checkAuditAtStart(t.sqlite, copy, {
        fresh: false,
        afterStart: { above, verify: () => verify(copy) },
      });
      return { copy, report };
    };

    it('is verified after start, and nothing is signed until it holds', async () => {
      let walkDone: (r: ChainReport) => void = () => {};
      const walk = new Promise<ChainReport>((resolve) => (walkDone = resolve));
      const { copy, report } = await startWithout(10, () => walk);
      expect(report.chain).toBeNull();
      // The host serves meanwhile: its calls add events, and still nothing vouches for them.
      appendTestEvents(t.sqlite, 5);
      copy.sync();
      expect(fs.existsSync(copy.file)).toBe(false);
      walkDone(await copy.verify(true));
      expect(await report.chainChecked).toMatchObject({ intact: true });
      // The walk found signed events: their checkpoint has gone, which is said once it is known.
      expect(warningsOf(t.sqlite).map((w) => w.code)).toEqual(['AUDIT_CHECKPOINT_MISSING']);
      expect(checkCheckpoint(KEY, JSON.parse(fs.readFileSync(copy.file, 'utf8')))).toMatchObject({ count: head() });
    });

    it('that does not verify is recorded, told to the administrators, and signs nothing', async () => {
      tamper("UPDATE audit_events SET note = 'forged' WHERE id = 7");
      const { copy, report } = await startWithout(10, (c) => c.verify(true));
      expect(await report.chainChecked).toMatchObject({ intact: false, problem: 'edited', firstBrokenId: 7 });
      expect(warningsOf(t.sqlite).map((w) => w.code)).toEqual([
        'AUDIT_TRIGGERS_RESTORED',
        'AUDIT_CHECKPOINT_MISSING',
        'AUDIT_CHAIN_BROKEN',
      ]);
      expect(rows().at(-1)).toMatchObject({ action: 'audit.chainBroken', host: 'system' });
      expect(copy.frozen()).toBe(true);
      copy.sync();
      expect(fs.existsSync(copy.file)).toBe(false);
    });

    it('is walked on main after all when the checks thread fails', async () => {
      const { copy, report } = await startWithout(10, () => Promise.reject(new Error('no thread')));
      expect(await report.chainChecked).toMatchObject({ intact: true, checked: 30 });
      expect(fs.existsSync(copy.file)).toBe(true);
    });

    it('under the limit is verified before the host serves', async () => {
      const { report } = await startWithout(1_000, () => Promise.reject(new Error('not called')));
      expect(report.chain).toMatchObject({ intact: true, checked: 30 });
    });
  });
});
