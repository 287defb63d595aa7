import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomerAccount } from '../../test/case-builders';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { forgetSettings } from '../../db/settings';

// Wednesday 2026-06-03 10:00 in Shanghai; the business week began Monday 2026-06-01 00:00 there (May 31 16:00 UTC).
const now = new Date('2026-06-03T02:00:00.000Z');
let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole({ now: () => now });
  t.sqlite
    .prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('console.timeZone', '\"Asia/Shanghai\"')")
    .run();
  forgetSettings(t.sqlite);
  await t.signInAs('supervisor', 'supervisor');
  await t.signInAs('agent', 'agent');
});
afterAll(() => t.close());

let n = 0;
/** A case opened in its kind's first status, then moved along `moves` (the triggers judge each). */
function serviceCase(kind: string, moves: string[], openedAt: string, dueAt: string) {
  const a = makeCustomerAccount(t.sqlite);
  const [prefix, first] = { complaint: ['CP', 'open'], fraud_report: ['FR', 'open'], closure: ['CL', 'cooling_off'] }[
    kind
  ]!;
  const id = t.sqlite
    .prepare(
      `INSERT INTO service_cases (case_no, kind, status, customer_id, account_id, summary, opened_by, opened_at, sla_due_at)
       VALUES (?, ?, ?, ?, ?, 'Seeded for the figures', 1, ?, ?)`,
    )
    .run(
      `${prefix}${String(++n).padStart(7, '0')}`,
      kind,
      first,
      a.customerId,
      a.accountId,
      openedAt,
      dueAt,
    ).lastInsertRowid;
  for (const status of moves) t.sqlite.prepare('UPDATE service_cases SET status = ? WHERE id = ?').run(status, id);
}

describe('the service-case figures', () => {
  it('count by the queue’s own handler: overdue complaints, this business week’s fraud reports, closures awaiting approval', async () => {
    // Fraud reports: one just before the week began in Shanghai (Sunday 23:59 there), two after.
    serviceCase('fraud_report', [], '2026-05-31T15:59:00.000Z', '2026-06-10T00:00:00.000Z');
    serviceCase('fraud_report', [], '2026-05-31T16:00:00.000Z', '2026-06-10T00:00:00.000Z');
    serviceCase('fraud_report', ['resolved'], '2026-06-02T08:00:00.000Z', '2026-06-10T00:00:00.000Z');
    // Complaints: one past its deadline, one not yet; an answered one past it does not count.
    serviceCase('complaint', [], '2026-05-01T00:00:00.000Z', '2026-06-03T01:59:00.000Z');
    serviceCase('complaint', ['in_progress'], '2026-05-20T00:00:00.000Z', '2026-06-04T00:00:00.000Z');
    serviceCase('closure', [], '2026-05-20T00:00:00.000Z', '2026-05-27T00:00:00.000Z');
    serviceCase('closure', ['awaiting_approval'], '2026-05-20T00:00:00.000Z', '2026-05-27T00:00:00.000Z');
    const figures = await t.ok('supervisor', 'cases:figures', {});
    expect(figures.map((f) => [f.key, f.value])).toEqual([
      ['complaintsOverdue', 1],
      ['fraudReportsThisWeek', 2],
      ['closuresAwaitingApproval', 1],
    ]);
    // Each links to the queue with the filter that shows the same rows.
    for (const f of figures) {
      const filter = {
        ...(f.params.kind ? { kind: f.params.kind } : {}),
        ...(f.params.status === 'any' ? {} : { status: f.params.status ?? 'active' }),
        ...(f.params.overdue === '1' ? { overdue: true } : {}),
        ...(f.params.opened ? { opened: f.params.opened } : {}),
      };
      const page = await t.ok('supervisor', 'cases:list', {
        sort: 'slaDue',
        dir: 'asc',
        limit: 50,
        after: null,
        withTotal: true,
        filter,
      } as never);
      expect([f.key, page.total, page.rows.length]).toEqual([f.key, f.value, f.value]);
      expect(f.route).toBe('/cases');
    }
    // The Overview shows the same figures, for agents too (they work the cases).
    expect((await t.ok('agent', 'overview:get', {})).cases).toEqual(figures);
  });
});
