import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../seed/generate';
import { makeTestConsole, type TestConsole } from '../../test/harness';

let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole({ now: () => new Date('2026-11-01T06:00:00Z') });
  await generateDataset(t.sqlite, { scale: 'demo', seed: 5, anchor: new Date('2026-11-01T06:00:00Z') });
  await t.signInAs('a', 'agent');
  await t.signInAs('s', 'supervisor');
});
afterAll(() => t.close());

const plan = (sql: string, params: readonly unknown[]) =>
  (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join('\n');

describe('global search', () => {
  const customer = () =>
    t.sqlite
      .prepare('SELECT c.*, a.account_no FROM customers c JOIN accounts a ON a.customer_id = c.id WHERE c.id = 77')
      .get() as Record<string, string>;

  it.each([
    ['phone', () => customer().phone],
    ['phone tail', () => customer().phone.slice(7)],
    ['account', () => customer().account_no],
    ['Chinese name', () => customer().name_zh],
    ['Latin name', () => customer().name_en.toUpperCase()],
  ])('finds a customer by %s through an index, never a full scan', async (_label, text) => {
    t.queries.length = 0;
    const hits = await t.ok('a', 'search:query', { text: text() });
    expect(hits.some((h) => h.kind === 'customer' && h.customerId === 77)).toBe(true);
    for (const q of t.queries) {
      const p = plan(q.sql, q.params);
      expect(p, q.sql).not.toMatch(/^SCAN (c|customers|t|transactions|r|refund_requests|f|freeze_cases)\b/m);
    }
  });

  it('finds transactions, refund requests and cases by their numbers', async () => {
    const txn = t.sqlite.prepare('SELECT txn_no FROM transactions WHERE id = 500').get() as { txn_no: string };
    const refund = t.sqlite.prepare('SELECT refund_no FROM refund_requests WHERE id = 5').get() as {
      refund_no: string;
    };
    const fc = t.sqlite.prepare('SELECT case_no FROM freeze_cases WHERE id = 3').get() as { case_no: string };
    for (const [text, kind] of [
      [txn.txn_no, 'transaction'],
      [refund.refund_no, 'refund'],
      [fc.case_no, 'case'],
    ]) {
      const hits = await t.ok('a', 'search:query', { text });
      expect(hits[0]?.kind).toBe(kind);
    }
  });

  it('names the account each hit is about, so a contact can be linked to it from a search', async () => {
    const acct = t.sqlite
      .prepare('SELECT id, account_no FROM accounts WHERE customer_id = 77 ORDER BY id LIMIT 1')
      .get() as {
      id: number;
      account_no: string;
    };
    const byAccount = await t.ok('a', 'search:query', { text: acct.account_no });
    expect(byAccount[0]).toMatchObject({ kind: 'customer', customerId: 77, accountId: acct.id });
    const fc = t.sqlite.prepare('SELECT case_no, account_id FROM freeze_cases WHERE id = 3').get() as {
      case_no: string;
      account_id: number;
    };
    const byCase = await t.ok('a', 'search:query', { text: fc.case_no });
    expect(byCase[0]).toMatchObject({ kind: 'case', accountId: fc.account_id });
  });
});

describe('the customer page', () => {
  it('masks the phone and ID tail; unmasking needs a reason and is audited', async () => {
    const profile = await t.ok('a', 'customers:get', { id: 77 });
    expect(profile.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(profile.idTailMasked).toMatch(/^\*\*/);
    expect(await t.call('a', 'customers:unmask', { id: 77, field: 'phone', reason: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    const { value } = await t.ok('a', 'customers:unmask', { id: 77, field: 'phone', reason: 'caller verification' });
    expect(value).toMatch(/^1\d{10}$/);
    const event = t.sqlite
      .prepare("SELECT * FROM audit_events WHERE action = 'customer.unmasked' ORDER BY id DESC")
      .get() as Record<string, string>;
    expect(event).toMatchObject({ entity_type: 'customer', entity_id: '77', note: 'caller verification' });
    expect(JSON.parse(event.after_json)).toEqual({ field: 'phone' });
    expect(event.after_json).not.toContain(value);
  });

  it('pages each tab by keyset on an index', async () => {
    const withCase = t.sqlite
      .prepare(
        "SELECT a.customer_id AS id FROM freeze_cases f JOIN accounts a ON a.id = f.account_id WHERE f.status = 'open' LIMIT 1",
      )
      .get() as { id: number };
    for (const channel of ['customers:refunds', 'customers:cases', 'customers:contacts'] as const) {
      t.queries.length = 0;
      await t.ok('a', channel, {
        sort: 'at',
        dir: 'desc',
        limit: 50,
        after: null,
        filter: { customerId: withCase.id },
      });
      const q = t.queries.find((x) => /order by/i.test(x.sql))!;
      expect(plan(q.sql, q.params)).toMatch(/USING (COVERING )?INDEX/);
    }
    const contacts = await t.ok('a', 'customers:contacts', {
      sort: 'at',
      dir: 'desc',
      limit: 50,
      after: null,
      filter: { customerId: withCase.id },
    });
    expect(
      contacts.rows.filter((r) => r.caseId !== null && r.category === 'frozen_account').length,
    ).toBeGreaterThanOrEqual(2);
    // A linked case is named by its number, the one its queue and page show.
    for (const r of contacts.rows.filter((x) => x.caseId !== null)) {
      const { case_no } = t.sqlite.prepare('SELECT case_no FROM freeze_cases WHERE id = ?').get(r.caseId) as {
        case_no: string;
      };
      expect(r.caseNo).toBe(case_no);
    }
  });

  it('merges a timeline newest first', async () => {
    const entries = await t.ok('a', 'customers:timeline', { customerId: 77, before: null, limit: 50 });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort().reverse());
  });
});

describe('the Overview', () => {
  it('gives agents their own figures only, and supervisors the team queues and contacts', async () => {
    const agent = await t.ok('a', 'overview:get', {});
    expect(agent.team).toBeNull();
    expect(agent.mine.map((f) => f.key)).toContain('myOpenRequests');
    const sup = await t.ok('s', 'overview:get', {});
    if (!sup.team) throw new Error('a supervisor sees the team figures');
    expect(sup.team.last14Days).toHaveLength(14);
    expect(sup.team.last14Days.slice(0, 13).every((d) => d.contacts > 0)).toBe(true);
    const high = sup.team.queues.find((q) => q.key === 'casesHigh')!;
    const expected = t.sqlite
      .prepare(
        "SELECT count(*) AS n FROM freeze_cases WHERE risk = 'high' AND status IN ('open','in_review','escalated','awaiting_second_approval')",
      )
      .get() as { n: number };
    expect(high.value).toBe(expected.n);
  });
});
