import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract';
import type { SearchHit } from '../../../shared/contract/customer360';
import { count, makeTestConsole, type TestConsole } from '../../test/harness';
import { makeFreezeCase } from '../../test/freeze-builders';
import { VALID_INPUT } from '../../test/valid-inputs';
import { PHONE_LOOKUP_WINDOW_MS, PHONE_LOOKUPS_PER_WINDOW } from './phone-lookup';

let t: TestConsole;
let clock = new Date('2026-11-22T08:00:00Z');
let target: { caseId: number; customerId: number; phone: string };
beforeAll(async () => {
  t = makeTestConsole({ now: () => clock });
  const ids = makeFreezeCase(t.sqlite);
  const { phone } = t.sqlite.prepare('SELECT phone FROM customers WHERE id = ?').get(ids.customerId) as {
    phone: string;
  };
  target = { ...ids, phone };
  await t.signInAs('agent', 'agent');
  await t.signInAs('agent2', 'agent');
});
afterAll(() => t.close());

/** Moves past the lookup window; both operators were active just before, so no idle lock. */
async function nextWindow() {
  for (const client of ['agent', 'agent2']) await t.call(client, 'session:activity', {});
  clock = new Date(clock.getTime() + PHONE_LOOKUP_WINDOW_MS + 1);
}
const search = (client: string, text: string) =>
  t.call(client, 'search:query', { text }) as Promise<Result<SearchHit[]>>;
const lookups = () =>
  (
    t.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'customer.lookedUpByPhone'").get() as {
      n: number;
    }
  ).n;
/** Every number the mask 139****NNNN leaves open, in order: what a guesser would try. */
const candidates = () =>
  Array.from(
    { length: 10_000 },
    (_, i) => `${target.phone.slice(0, 3)}${String(i).padStart(4, '0')}${target.phone.slice(7)}`,
  );

describe('masking holds: a whole phone number is a lookup', () => {
  it('is audited, hit or miss, with the number masked', async () => {
    const before = lookups();
    const hit = await search('agent', target.phone);
    expect(hit).toMatchObject({ ok: true, data: [{ kind: 'customer', customerId: target.customerId }] });
    expect(await search('agent', '13900000000')).toMatchObject({ ok: true });
    expect(lookups()).toBe(before + 2);
    const last = t.sqlite
      .prepare(
        "SELECT entity_id, after_json FROM audit_events WHERE action = 'customer.lookedUpByPhone' ORDER BY id DESC",
      )
      .all() as { entity_id: string | null; after_json: string }[];
    expect(last[1]).toMatchObject({ entity_id: String(target.customerId) });
    expect(JSON.parse(last[1].after_json)).toEqual({
      phone: `${target.phone.slice(0, 3)}****${target.phone.slice(7)}`,
      matches: [target.customerId],
    });
    expect(last[0].entity_id).toBeNull();
    expect(last.map((e) => e.after_json).join()).not.toContain(target.phone);
  });

  it(`allows ${PHONE_LOOKUPS_PER_WINDOW} per operator in 10 minutes; guessing the hidden digits is refused, writing nothing`, async () => {
    await nextWindow();
    const guesses = candidates();
    let found = false;
    let refusedAt = -1;
    for (let i = 0; i < guesses.length && refusedAt < 0; i++) {
      const res = await search('agent', guesses[i]);
      if (!res.ok) refusedAt = i;
      else if (res.data.length) found = true;
    }
    expect(refusedAt).toBe(PHONE_LOOKUPS_PER_WINDOW);
    expect(found).toBe(guesses.indexOf(target.phone) < PHONE_LOOKUPS_PER_WINDOW);
    const changes = count(t.sqlite, 'audit_events');
    expect(await search('agent', target.phone)).toMatchObject({ ok: false, error: { code: 'LOOKUP_RATE_LIMITED' } });
    expect(count(t.sqlite, 'audit_events')).toBe(changes);
    // Other searches and other operators are not held up.
    expect(await search('agent', target.phone.slice(7))).toMatchObject({ ok: true });
    expect(await search('agent2', target.phone)).toMatchObject({ ok: true, data: [{ customerId: target.customerId }] });
    await nextWindow();
    expect(await search('agent', target.phone)).toMatchObject({ ok: true });
  });

  it('the frozen queue’s text filter does not match a whole phone number', async () => {
    const res = await t.call('agent', 'frozen:list', {
      ...VALID_INPUT['frozen:list'],
      filter: { q: target.phone },
    });
    expect(res).toMatchObject({ ok: true, data: { rows: [] } });
    const tail = await t.call('agent', 'frozen:list', {
      ...VALID_INPUT['frozen:list'],
      filter: { q: target.phone.slice(7) },
    });
    expect(tail).toMatchObject({ ok: true, data: { rows: [{ id: target.caseId }] } });
  });

  it('counts the window through indexes, never a scan of the audit log', async () => {
    t.queries.length = 0;
    await search('agent2', '13900000001');
    const counted = t.queries.find((q) => q.sql.includes('count(*)') && q.sql.includes('audit_events'))!;
    const plan = (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${counted.sql}`).all(...counted.params) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).not.toMatch(/SCAN audit_events/);
  });
});
