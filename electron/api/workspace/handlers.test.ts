import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_VIEWS_PER_PAGE } from '../../../shared/contract/views';
import { makeFreezeCase } from '../../test/freeze-builders';
import { count, makeTestConsole, type TestConsole } from '../../test/harness';

let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole();
  await t.signInAs('a', 'agent');
  await t.signInAs('b', 'agent');
});
afterAll(() => t.close());

const state = { filters: { risk: 'high', overdue: '1' }, columns: [{ colId: 'caseNo', width: 120, sort: 'asc' }] };

describe('saved views', () => {
  it('are per operator and page, replace by name, and delete only your own', async () => {
    const saved = await t.call('a', 'views:save', { page: 'frozen', name: 'Mine', state });
    expect(saved).toMatchObject({ ok: true, data: { name: 'Mine', state } });
    const again = await t.call('a', 'views:save', { page: 'frozen', name: 'Mine', state: { ...state, filters: {} } });
    expect(again).toMatchObject({ ok: true, data: { id: (saved as { data: { id: number } }).data.id } });
    expect(await t.call('a', 'views:list', { page: 'frozen' })).toMatchObject({ ok: true, data: [{ name: 'Mine' }] });
    expect(await t.call('b', 'views:list', { page: 'frozen' })).toMatchObject({ ok: true, data: [] });
    expect(await t.call('a', 'views:list', { page: 'refunds' })).toMatchObject({ ok: true, data: [] });
    const id = (saved as { data: { id: number } }).data.id;
    expect(await t.call('b', 'views:delete', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.call('a', 'views:delete', { id })).toMatchObject({ ok: true });
  });

  it('are bounded: state size, unknown keys, and views per page', async () => {
    // Each part is within its own bound; together they exceed the 16,000-character state limit.
    const huge = {
      filters: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, 'x'.repeat(200)])),
      columns: [],
    };
    expect(await t.call('a', 'views:save', { page: 'frozen', name: 'Huge', state: huge })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(
      await t.call('a', 'views:save', { page: 'frozen', name: 'Odd', state: { ...state, extra: 1 } }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    for (let i = 0; i < MAX_VIEWS_PER_PAGE; i++)
      await t.call('a', 'views:save', { page: 'many', name: `v${i}`, state });
    expect(await t.call('a', 'views:save', { page: 'many', name: 'one more', state })).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_VIEWS' },
    });
  });
});

describe('notes threads', () => {
  it('add an audited note to an existing entity and list newest first', async () => {
    const { caseId } = makeFreezeCase(t.sqlite);
    const audits = count(t.sqlite, 'audit_events');
    await t.call('a', 'notes:add', { entityType: 'freeze_case', entityId: caseId, body: 'first' });
    const second = await t.call('b', 'notes:add', { entityType: 'freeze_case', entityId: caseId, body: 'second' });
    expect(second).toMatchObject({ ok: true, data: { body: 'second', operatorName: 'agent-b' } });
    expect(count(t.sqlite, 'audit_events')).toBe(audits + 2);
    const list = await t.call('a', 'notes:list', { entityType: 'freeze_case', entityId: caseId });
    expect(list).toMatchObject({ ok: true, data: [{ body: 'second' }, { body: 'first' }] });
  });

  it('refuse an empty body or a missing entity and write nothing', async () => {
    const before = count(t.sqlite, 'notes');
    expect(await t.call('a', 'notes:add', { entityType: 'freeze_case', entityId: 1, body: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await t.call('a', 'notes:add', { entityType: 'refund_request', entityId: 987654, body: 'x' })).toMatchObject(
      { ok: false, error: { code: 'NOT_FOUND' } },
    );
    expect(count(t.sqlite, 'notes')).toBe(before);
  });
});
