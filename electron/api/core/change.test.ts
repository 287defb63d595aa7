import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../test/harness';
import { describeEngines, makeEngineConsole, type EngineConsole } from '../../test/engines';
import { change } from './change';

const NOW = new Date('2026-03-10T02:00:00Z');

describeEngines('the write envelope', (kind) => {
  let t: EngineConsole;
  beforeAll(async () => {
    t = await makeEngineConsole(kind, { now: () => NOW });
  });
  afterAll(() => t.close());

  const told = () => t.events.filter((e) => e.event === 'operators:changed');

  it('commits the rows with their audit event, then tells the desks', async () => {
    const before = await countRows(t.db, 'audit_events');
    const id = await change(t.services, async ({ trx, audit, tell }) => {
      await trx.insertInto('settings').values({ key: 'envelope.test', value: '1' }).execute();
      const auditId = await audit({ action: 'settings.updated', entityType: 'settings', entityId: null });
      // Nothing is told while the transaction is open: a desk must not reload into old rows.
      tell('operators:changed', { id: 7 });
      expect(told()).toHaveLength(0);
      return auditId;
    });
    expect(await countRows(t.db, 'audit_events')).toBe(before + 1);
    expect(told()).toEqual([{ event: 'operators:changed', payload: { id: 7 } }]);
    const event = await t.db.selectFrom('audit_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // Work outside any operator's call is the system's, and due work announces its own audit events.
    expect([event.operator_id, event.host, event.at]).toEqual([null, 'system', NOW.toISOString()]);
    expect(t.events.some((e) => e.event === 'audit:appended' && 'lastId' in e.payload && e.payload.lastId === id)).toBe(
      true,
    );
  });

  it('a change that fails leaves no rows, no audit event and tells no one', async () => {
    const audits = await countRows(t.db, 'audit_events');
    const events = t.events.length;
    await expect(
      change(t.services, async ({ trx, audit, tell }) => {
        await trx.insertInto('settings').values({ key: 'envelope.rolledBack', value: '1' }).execute();
        await audit({ action: 'settings.updated', entityType: 'settings', entityId: null });
        tell('operators:changed', { id: 8 });
        throw new Error('the disk is full');
      }),
    ).rejects.toThrow('the disk is full');
    expect(await countRows(t.db, 'audit_events')).toBe(audits);
    const row = await t.db.selectFrom('settings').select('key').where('key', '=', 'envelope.rolledBack').execute();
    expect(row).toEqual([]);
    expect(t.events.length).toBe(events);
  });
});

describe('the write envelope inside a dispatched call', () => {
  it('leaves the audit announcement to the dispatch, so a desk hears it once', async () => {
    const t = await makeEngineConsole('sqlite', { now: () => NOW });
    try {
      const client = 'desk-1';
      await t.signInAs(client, 'admin');
      const res = await t.call(client, 'limits:update', {
        role: 'agent',
        kind: 'refund',
        currency: 'CNY',
        maxMinor: 150_000,
        note: 'raised for the holiday rush',
      });
      expect(res.ok).toBe(true);
      const last = await t.db.selectFrom('audit_events').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(
        t.events.filter((e) => e.event === 'audit:appended' && 'lastId' in e.payload && e.payload.lastId === last.id),
      ).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
