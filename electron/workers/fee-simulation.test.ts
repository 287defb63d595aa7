import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeeVersionDetail, SimulationStatus } from '../../shared/contract/fees';
import { SIMULATION_WORKERS, SIMULATIONS_AT_ONCE } from '../api/fees/simulation';
import { generateDataset } from '../seed/generate';
import { makeTestConsole, type TestConsole } from '../test/harness';
import { settledSimulation } from '../test/simulations';
import { combineParts, runSimulation, simulationQueries, type SimulationParams } from './fee-simulation-core';
import { FEE_SCAN_INDEX } from '../db/fee-scan';
import { packedWindow, settledOf } from './fee-simulation-packed';
import { splitWindow } from './fee-simulation-split';
import { calculateFee, ruleKey, type FeeRule, type FreeQuota } from '../../shared/domain/fees';
import { monthStartIso, zonedMonth } from '../../shared/domain/time';

const ANCHOR = new Date('2026-11-01T00:00:00.000Z');
let t: TestConsole;

beforeAll(async () => {
  t = makeTestConsole({ now: () => ANCHOR });
  await generateDataset(t.sqlite, { scale: 'demo', seed: 7, anchor: ANCHOR });
  await t.signInAs('sup', 'supervisor');
});
afterAll(() => t.close());

async function simulate(draftId: number, days: 30 | 90): Promise<SimulationStatus> {
  return settledSimulation(t, 'sup', await t.ok('sup', 'fees:simulate', { draftId, days }));
}

async function draftWith(change: (d: FeeVersionDetail) => FeeVersionDetail['rules']) {
  const d = await t.ok('sup', 'fees:createDraft', { fromVersionId: 1 });
  return t.ok('sup', 'fees:saveDraft', {
    id: d.id,
    expectedVersion: d.version,
    effectiveFrom: d.effectiveFrom,
    effectiveTo: null,
    rules: change(d),
  });
}

/** A fee version's rules as the simulation reads them. */
function versionRules(versionId = 1): SimulationParams['baseRules'] {
  return (
    t.sqlite
      .prepare('SELECT operation, channel, segment, definition_json FROM fee_rules WHERE version_id = ?')
      .all(versionId) as {
      operation: SimulationParams['baseRules'][number]['operation'];
      channel: SimulationParams['baseRules'][number]['channel'];
      segment: SimulationParams['baseRules'][number]['segment'];
      definition_json: string;
    }[]
  ).map((r) => ({
    operation: r.operation,
    channel: r.channel,
    segment: r.segment,
    definition: JSON.parse(r.definition_json),
  }));
}

describe('impact simulation', () => {
  it('an unchanged draft changes nothing, and reprices history as the generator charged it', async () => {
    const same = await draftWith((d) => d.rules);
    const s = await simulate(same.id, 30);
    expect(s.state).toBe('done');
    const r = s.result!;
    expect(r.transactions).toBeGreaterThan(1000);
    expect(r.deltaMinor).toBe(0);
    expect(r.customersUp + r.customersDown).toBe(0);
    // The generator priced the same transactions with the same function and quotas; only the
    // payouts of closed accounts differ, whose fee it waives outside any schedule.
    const charged = t.sqlite
      .prepare(
        "SELECT sum(fee_minor) AS n FROM transactions WHERE created_at >= ? AND created_at < ? AND status IN ('settled', 'pending')",
      )
      .get(r.from, r.to) as { n: number };
    expect(r.beforeMinor).toBeGreaterThanOrEqual(charged.n);
    expect(r.beforeMinor - charged.n).toBeLessThan(charged.n * 0.02);
  });

  it('lowering withdrawal fees shows a negative delta on withdrawals only', async () => {
    const lower = await draftWith((d) =>
      d.rules.map((x) =>
        x.operation === 'withdrawal' ? { ...x, definition: { ...x.definition, ratePpm: 500, minFeeMinor: 50 } } : x,
      ),
    );
    const r = (await simulate(lower.id, 90)).result!;
    expect(r.deltaMinor).toBeLessThan(0);
    expect(r.afterMinor - r.beforeMinor).toBe(r.deltaMinor);
    expect(r.customersDown).toBeGreaterThan(0);
    expect(r.customersUp).toBe(0);
    const changed = r.byOperationChannel.filter((b) => b.deltaMinor !== 0);
    expect(changed.map((b) => `${b.operation}/${b.channel}`)).toEqual(['withdrawal/bank']);
    expect(r.distribution.reduce((n, b) => n + b.count, 0)).toBe(r.transactions);
  });

  it('split across worker threads (not main), it gives the one-scan result to the fen', async () => {
    const quota = await draftWith((d) =>
      d.rules.map((x) =>
        x.operation === 'withdrawal'
          ? { ...x, definition: { ...x.definition, ratePpm: 700, freeQuota: { kind: 'count', count: 2 } } }
          : x,
      ),
    );
    const inProcess = (await simulate(quota.id, 90)).result!;
    expect(inProcess.ranIn).toBe('main');
    expect(inProcess.workers).toBe(1);
    process.env.WALLET_OPS_TS_WORKER = '1'; // the app loads the built worker; tests load its source through tsx
    try {
      const run = await simulate(quota.id, 90);
      if (!run.result) throw new Error(run.error ?? run.state);
      const inWorkers = run.result;
      expect(inWorkers.ranIn).toBe('worker');
      expect(inWorkers.workers).toBe(SIMULATION_WORKERS);
      expect({ ...inWorkers, millis: 0, ranIn: 'main', workers: 1 }).toEqual({ ...inProcess, millis: 0 });
    } finally {
      delete process.env.WALLET_OPS_TS_WORKER;
    }
  });

  it('on workers, a run after a customer changes segment prices them in their new segment', async () => {
    // Premium withdrawals free in the draft: a customer's segment decides their delta.
    const premiumFree = await draftWith((d) =>
      d.rules.map((x) =>
        x.operation === 'withdrawal' && x.segment === 'premium'
          ? { ...x, definition: { ...x.definition, ratePpm: 0, fixedMinor: 0, minFeeMinor: null, tiers: [] } }
          : x,
      ),
    );
    const { id: customer } = t.sqlite
      .prepare(
        `SELECT c.id FROM customers c JOIN accounts a ON a.customer_id = c.id JOIN transactions x ON x.account_id = a.id
         WHERE c.segment = 'standard' AND x.operation = 'withdrawal' AND x.status = 'settled' AND x.created_at >= ?
         GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1`,
      )
      .get(new Date(ANCHOR.getTime() - 30 * 86_400_000).toISOString()) as { id: number };
    const onWorkers = async () => {
      process.env.WALLET_OPS_TS_WORKER = '1';
      try {
        return (await simulate(premiumFree.id, 90)).result!;
      } finally {
        delete process.env.WALLET_OPS_TS_WORKER;
      }
    };
    const comparable = (r: Awaited<ReturnType<typeof onWorkers>>) => ({ ...r, millis: 0, ranIn: 'main', workers: 1 });
    try {
      const first = await onWorkers();
      const again = await onWorkers(); // the lookups the first run loaded, unchanged since
      expect(comparable(again)).toEqual(comparable(first));
      t.sqlite.prepare("UPDATE customers SET segment = 'premium' WHERE id = ?").run(customer);
      const moved = await onWorkers();
      expect(moved.ranIn).toBe('worker');
      expect(moved.afterMinor).toBeLessThan(first.afterMinor);
      expect(comparable(moved)).toEqual(comparable((await simulate(premiumFree.id, 90)).result!));
    } finally {
      t.sqlite.prepare("UPDATE customers SET segment = 'standard' WHERE id = ?").run(customer);
    }
  });

  it('any split of the window into time slices sums to the one-scan result exactly, quotas included', () => {
    const rules = versionRules();
    // Quotas on every operation make month-to-date usage matter at every slice start.
    const draftRules = rules.map((r) => ({
      ...r,
      definition: {
        ...r.definition,
        ratePpm: r.definition.ratePpm + 300,
        freeQuota: { kind: 'count' as const, count: 2 },
      },
    }));
    const p: SimulationParams = {
      baseRules: rules,
      draftRules,
      from: '2026-08-03T05:17:00.000Z',
      to: ANCHOR.toISOString(),
      timeZone: 'Asia/Shanghai',
    };
    const whole = combineParts([runSimulation(t.sqlite, p)], p);
    expect(whole.transactions).toBeGreaterThan(5000);
    expect(whole.deltaMinor).not.toBe(0);
    for (const n of [2, 3, 4, 7]) {
      const slices = splitWindow(p.from, p.to, n);
      expect(slices).toHaveLength(n);
      expect(slices[0].from).toBe(p.from);
      expect(slices.at(-1)!.to).toBe(p.to);
      slices.slice(1).forEach((s, i) => expect(s.from).toBe(slices[i].to));
      const split = combineParts(
        slices.map((s) => runSimulation(t.sqlite, { ...p, ...s })),
        p,
      );
      expect(split).toEqual(whole);
    }
  });

  it('gives what pricing each transaction on its own gives, to the fen, free quotas and customers included', () => {
    // Merchants' payments under ¥50 refused by both versions, under rules the draft keeps as they are.
    const rules = versionRules().map((r) =>
      r.segment === 'merchant' && r.operation === 'payment'
        ? { ...r, definition: { ...r.definition, minAmountMinor: 5_000 } }
        : r,
    );
    // Free quotas by count on withdrawals and by amount on transfers (a month's first ¥800),
    // lower rates for premium customers, and a rise elsewhere but for merchants.
    const quotaOf = (operation: string): FreeQuota | null =>
      operation === 'withdrawal'
        ? { kind: 'count', count: 2 }
        : operation === 'transfer'
          ? { kind: 'amount', amountMinor: 80_000 }
          : null;
    const draftRules = rules.map((r) =>
      r.segment === 'merchant'
        ? r
        : {
            ...r,
            definition: {
              ...r.definition,
              ratePpm: r.segment === 'premium' ? Math.max(0, r.definition.ratePpm - 400) : r.definition.ratePpm + 250,
              freeQuota: quotaOf(r.operation),
            },
          },
    );
    const p: SimulationParams = {
      baseRules: rules,
      draftRules,
      from: '2026-08-17T09:30:00.000Z',
      to: ANCHOR.toISOString(),
      timeZone: 'Asia/Shanghai',
    };
    const got = combineParts([runSimulation(t.sqlite, p)], p);
    expect(referenceSimulation(p)).toEqual({
      transactions: got.transactions,
      beforeMinor: got.beforeMinor,
      afterMinor: got.afterMinor,
      refusedAfter: got.refusedAfter,
      customersUp: got.customersUp,
      customersDown: got.customersDown,
      customersSame: got.customersSame,
      distribution: got.distribution.map((b) => b.count),
    });
    expect(got.customersUp).toBeGreaterThan(0);
    expect(got.customersDown).toBeGreaterThan(0);
    expect(got.refusedAfter).toBeGreaterThan(0);
  });

  it('a waiver prices free exactly the transactions created inside it, however the window is split', () => {
    const rules = versionRules();
    const window = { from: '2026-08-03T05:17:00.000Z', to: ANCHOR.toISOString(), timeZone: 'Asia/Shanghai' };
    // The waiver's edges are two transactions' own instants: the first is inside it, the second not.
    const at = (n: number) =>
      (
        t.sqlite
          .prepare(
            `SELECT created_at FROM transactions WHERE created_at >= ? AND status IN ('settled', 'pending')
             ORDER BY created_at LIMIT 1 OFFSET ?`,
          )
          .get(window.from, n) as { created_at: string }
      ).created_at;
    const waiver = { from: at(1000), to: at(4000), label: 'outage' };
    const draftRules = rules.map((r) => ({
      ...r,
      definition: { ...r.definition, waivers: [...r.definition.waivers, waiver] },
    }));
    const p: SimulationParams = { ...window, baseRules: rules, draftRules };
    // What the base version charged the waived transactions: the window cut at the waiver's edges.
    const inside = combineParts([runSimulation(t.sqlite, { ...p, ...waiver, draftRules: rules })], waiver);
    expect(inside.transactions).toBeGreaterThanOrEqual(3000);
    expect(inside.beforeMinor).toBeGreaterThan(0);
    const whole = combineParts([runSimulation(t.sqlite, p)], p);
    expect(whole.deltaMinor).toBe(-inside.beforeMinor);
    for (const n of [2, 3, 7]) {
      const split = combineParts(
        splitWindow(p.from, p.to, n).map((s) => runSimulation(t.sqlite, { ...p, ...s })),
        p,
      );
      expect(split).toEqual(whole);
    }
  });

  it('queues 50 simulations started at once, runs as many as the cores hold and keeps every result', async () => {
    const same = await draftWith((d) => d.rules);
    const started = await Promise.all(
      Array.from({ length: 50 }, () => t.ok('sup', 'fees:simulate', { draftId: same.id, days: 30 })),
    );
    expect(started.filter((s) => s.state === 'running')).toHaveLength(SIMULATIONS_AT_ONCE);
    expect(started.filter((s) => s.state === 'queued')).toHaveLength(50 - SIMULATIONS_AT_ONCE);
    let peak = 0;
    for (;;) {
      const now = await Promise.all(started.map((s) => t.ok('sup', 'fees:simulationStatus', { jobId: s.jobId })));
      peak = Math.max(peak, now.filter((s) => s.state === 'running').length);
      if (now.every((s) => s.state === 'done')) {
        expect(new Set(now.map((s) => s.result!.deltaMinor))).toEqual(new Set([0]));
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(peak).toBeLessThanOrEqual(SIMULATIONS_AT_ONCE);
  }, 120_000);

  it('can be cancelled', async () => {
    const same = await draftWith((d) => d.rules);
    const s = await t.ok('sup', 'fees:simulate', { draftId: same.id, days: 90 });
    const c = await t.ok('sup', 'fees:cancelSimulation', { jobId: s.jobId });
    expect(c.state).toBe('cancelled');
    expect((await t.ok('sup', 'fees:simulationStatus', { jobId: s.jobId })).state).toBe('cancelled');
  });

  const planOf = (sql: string, ...params: unknown[]) =>
    (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
      .map((p) => p.detail)
      .join('\n');
  const q = simulationQueries(() => '?');

  it('the packed scans, the window and the month-to-date pre-count, read the fee index in its order and never the table', () => {
    const table = (
      t.sqlite.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'transactions'").get() as { rootpage: number }
    ).rootpage;
    for (const filter of [undefined, settledOf(['withdrawal', 'transfer'])]) {
      const { text } = packedWindow(t.sqlite, 2_000_000, filter);
      const plan = planOf(text, '2026-08-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');
      expect(plan).toMatch(new RegExp(`USING INDEX ${FEE_SCAN_INDEX} \\(created_at>\\? AND created_at<\\?\\)`));
      expect(plan).not.toMatch(/TEMP B-TREE/);
      // SQLite opens the table's cursor for a seek it defers until a column is read: no column
      // may be, or every row would be a lookup in the table.
      const program = t.sqlite.prepare(`EXPLAIN ${text}`).all('a', 'b') as { opcode: string; p1: number; p2: number }[];
      const cursors = program.filter((o) => o.opcode === 'OpenRead' && o.p2 === table).map((o) => o.p1);
      expect(program.filter((o) => o.opcode === 'Column' && cursors.includes(o.p1))).toEqual([]);
    }
  });

  it('the lookups are read from covering indexes, never the wide tables', () => {
    expect(planOf(q.customersOfSegment, 'standard')).toMatch(
      /USING COVERING INDEX customers_by_segment\w* \(segment=\?\)/,
    );
    for (const accounts of [q.accountsOfCustomers, q.accountsOfCustomersPacked(2 ** 20)])
      expect(planOf(accounts, 0, 100_000)).toMatch(
        /USING COVERING INDEX accounts_by_customer \(customer_id>\? AND customer_id<\?\)/,
      );
  });
});

/**
 * The simulation written the plain way, for the test above: each transaction of the window
 * joined to its customer's segment and priced by calculateFee under both versions, with each
 * account's month-to-date usage (business-zone months, settled rows, per operation × channel)
 * counted in the covering index's order, and the deltas summed by customer.
 */
function referenceSimulation(p: SimulationParams) {
  const rows = t.sqlite
    .prepare(
      `SELECT t.account_id, a.customer_id, c.segment, t.operation, t.channel, t.amount_minor, t.status, t.created_at
       FROM transactions t JOIN accounts a ON a.id = t.account_id JOIN customers c ON c.id = a.customer_id
       WHERE t.created_at >= ? AND t.created_at < ? AND t.status IN ('settled', 'pending')
       ORDER BY t.created_at, t.account_id, t.operation, t.channel, t.amount_minor, t.status`,
    )
    .raw()
    .all(monthStartIso(zonedMonth(p.from, p.timeZone), p.timeZone), p.to) as [
    number,
    number,
    string,
    string,
    string,
    number,
    string,
    string,
  ][];
  const ruleOf = (rules: FeeRule[]) => new Map(rules.map((r) => [ruleKey(r), r.definition]));
  const [base, draft] = [ruleOf(p.baseRules), ruleOf(p.draftRules)];
  const usage = new Map<string, { count: number; amountMinor: number }>();
  const byCustomer = new Map<number, number>();
  const edges = [-5000, -1000, -100, 0, 1, 101, 1001, 5001];
  const out = { transactions: 0, beforeMinor: 0, afterMinor: 0, refusedAfter: 0, distribution: edges.map(() => 0) };
  out.distribution.push(0);
  for (const [account, customer, segment, operation, channel, amount, status, at] of rows) {
    const key = `${account}|${operation}|${channel}|${zonedMonth(at, p.timeZone)}`;
    const used = usage.get(key) ?? { count: 0, amountMinor: 0 };
    if (at >= p.from) {
      const rule = { operation, channel, segment };
      const b = base.get(ruleKey(rule));
      const d = draft.get(ruleKey(rule));
      const before = b ? calculateFee(b, amount, at, used).feeMinor : 0;
      const outcome = d ? calculateFee(d, amount, at, used) : null;
      const after = outcome?.feeMinor ?? 0;
      if (outcome?.kind === 'refused') out.refusedAfter++;
      out.transactions++;
      out.beforeMinor += before;
      out.afterMinor += after;
      byCustomer.set(customer, (byCustomer.get(customer) ?? 0) + after - before);
      out.distribution[edges.filter((e) => after - before >= e).length]++;
    }
    if (status === 'settled') usage.set(key, { count: used.count + 1, amountMinor: used.amountMinor + amount });
  }
  const deltas = [...byCustomer.values()];
  return {
    ...out,
    customersUp: deltas.filter((x) => x > 0).length,
    customersDown: deltas.filter((x) => x < 0).length,
    customersSame: deltas.filter((x) => x === 0).length,
  };
}
