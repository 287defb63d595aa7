import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendTestEvents } from '../test/audit-builders';
import { makeTestConsole, type TestConsole } from '../test/harness';
import { canonicalEvent, chainHash, verifyChain } from './audit';

let t: TestConsole;
beforeEach(() => {
  t = makeTestConsole();
  appendTestEvents(t.sqlite, 30);
});
afterEach(() => t.close());

/** Tampering needs raw SQL with the append-only triggers dropped, as an attacker with the file would. */
function tamper(sql: string, ...params: unknown[]) {
  t.sqlite.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;');
  t.sqlite.prepare(sql).run(...params);
}

type Row = Record<string, unknown> & { id: number; hash: string; prev_hash: string };
const row = (id: number) => t.sqlite.prepare('SELECT * FROM audit_events WHERE id = ?').get(id) as Row;

describe('the audit chain', () => {
  it('verifies a clean chain', async () => {
    expect(await verifyChain(t.sqlite, { chunk: 7 })).toMatchObject({
      intact: true,
      checked: 30,
      firstBrokenId: null,
      problem: null,
    });
  });

  it('is append-only: UPDATE and DELETE are refused by triggers', () => {
    expect(() => t.sqlite.prepare("UPDATE audit_events SET note = 'x' WHERE id = 3").run()).toThrow(/append-only/);
    expect(() => t.sqlite.prepare('DELETE FROM audit_events WHERE id = 3').run()).toThrow(/append-only/);
  });

  it('finds an edited event', async () => {
    tamper(`UPDATE audit_events SET after_json = '{"status":"approved","amountMinor":999999}' WHERE id = 12`);
    expect(await verifyChain(t.sqlite, { chunk: 7 })).toMatchObject({
      intact: false,
      firstBrokenId: 12,
      problem: 'edited',
      checked: 11,
    });
  });

  it('finds a deleted event (a gap in the ids)', async () => {
    tamper('DELETE FROM audit_events WHERE id = 9');
    expect(await verifyChain(t.sqlite, { chunk: 7 })).toMatchObject({
      intact: false,
      firstBrokenId: 10,
      problem: 'missing',
    });
  });

  it('finds a deleted event even when the ids were renumbered to hide the gap', async () => {
    tamper('DELETE FROM audit_events WHERE id = 9');
    tamper('UPDATE audit_events SET id = id - 1 WHERE id > 9');
    expect(await verifyChain(t.sqlite, { chunk: 7 })).toMatchObject({
      intact: false,
      firstBrokenId: 9,
      problem: 'missing',
    });
  });

  it('finds an inserted event, even one whose own hash was forged correctly', async () => {
    // Make room after event 15 and slip in a well-formed event chained to it.
    tamper('UPDATE audit_events SET id = id + 1000 WHERE id > 15');
    tamper('UPDATE audit_events SET id = id - 999 WHERE id > 1000');
    const prev = row(15);
    const forged = { ...prev, id: 16, note: 'forged', after_json: '{"status":"approved","amountMinor":1}' };
    const hash = chainHash(prev.hash, canonicalEvent(forged as never));
    tamper(
      `INSERT INTO audit_events (id, at, operator_id, operator_role, action, entity_type, entity_id, before_json, after_json, note, host, prev_hash, hash)
       SELECT 16, at, operator_id, operator_role, action, entity_type, entity_id, before_json, ?, 'forged', host, ?, ? FROM audit_events WHERE id = 15`,
      forged.after_json,
      prev.hash,
      hash,
    );
    expect(await verifyChain(t.sqlite, { chunk: 7 })).toMatchObject({
      intact: false,
      firstBrokenId: 16,
      problem: 'inserted',
    });
  });

  it('finds two events swapped', async () => {
    const a = row(20);
    const b = row(21);
    tamper('UPDATE audit_events SET id = -1 WHERE id = 20');
    tamper('UPDATE audit_events SET id = 20 WHERE id = 21');
    tamper('UPDATE audit_events SET id = 21 WHERE id = -1');
    expect(row(20).hash).toBe(b.hash);
    expect(row(21).hash).toBe(a.hash);
    expect(await verifyChain(t.sqlite, { chunk: 7 })).toMatchObject({
      intact: false,
      firstBrokenId: 20,
      problem: 'reordered',
    });
  });
});
