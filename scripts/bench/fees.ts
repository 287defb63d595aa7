import type { FeeVersionDetail, SimulationStatus } from '../../shared/contract/fees';
import { calculateFee, EMPTY_DEFINITION, type FeeRuleDefinition } from '../../shared/domain/fees';
import { FEE_SCAN_INDEX, REPRICED } from '../../electron/db/fee-scan';
import { ok, type BenchCase, type BenchContext } from './types';

const QUOTES = 1_000_000;
const withdrawal: FeeRuleDefinition = {
  ...EMPTY_DEFINITION,
  ratePpm: 1000,
  minFeeMinor: 100,
  maxFeeMinor: 2500,
  minAmountMinor: 1000,
  freeQuota: { kind: 'count', count: 3 },
};
const tiered: FeeRuleDefinition = {
  ...EMPTY_DEFINITION,
  tiers: [
    { fromMinor: 0, fixedMinor: 1500, ratePpm: 0 },
    { fromMinor: 500_000, fixedMinor: 0, ratePpm: 3000 },
  ],
  maxFeeMinor: 30_000,
};

let draftId: number | null = null;

/** A draft that lowers withdrawal fees, made once through the real handlers. */
async function lowerWithdrawalDraft(ctx: BenchContext): Promise<number> {
  if (draftId !== null) return draftId;
  const active = (await ctx.sql.get("SELECT id FROM fee_schedule_versions WHERE status = 'active'")) as {
    id: number;
  };
  const d = ok(await ctx.call('supervisor', 'fees:createDraft', { fromVersionId: active.id })) as FeeVersionDetail;
  const rules = d.rules.map((r) =>
    r.operation === 'withdrawal' ? { ...r, definition: { ...r.definition, ratePpm: 500, minFeeMinor: 50 } } : r,
  );
  ok(
    await ctx.call('supervisor', 'fees:saveDraft', {
      id: d.id,
      expectedVersion: d.version,
      effectiveFrom: d.effectiveFrom,
      effectiveTo: null,
      rules,
    }),
  );
  draftId = d.id;
  return d.id;
}

/** Runs the 90-day simulation of the bench's draft to its end, doing `between` between status polls. */
async function simulate(ctx: BenchContext, between: () => Promise<void>) {
  const id = await lowerWithdrawalDraft(ctx);
  let s = ok(await ctx.call('supervisor', 'fees:simulate', { draftId: id, days: 90 })) as SimulationStatus;
  while (s.state === 'running' || s.state === 'queued') {
    await between();
    s = ok(await ctx.call('supervisor', 'fees:simulationStatus', { jobId: s.jobId })) as SimulationStatus;
  }
  if (s.state !== 'done') throw new Error(`simulation ${s.state}: ${s.error}`);
  if (s.result!.ranIn !== 'worker') throw new Error('the simulation ran on the main thread');
  return s.result!;
}

/** The simulation with main idle but for a status poll every 50 ms, as the page polls. */
const simulateAlone = (ctx: BenchContext) => simulate(ctx, () => new Promise((resolve) => setTimeout(resolve, 50)));

/** Grid page latencies measured while a simulation runs, printed after the case. */
const pagesDuringSimulation: number[] = [];

export const feeCases: BenchCase[] = [
  {
    name: `fee calculation: ${QUOTES.toLocaleString('en-US')} quotes (calculateFee, one core)`,
    iterations: 10,
    async run() {
      let sum = 0;
      const usage = { count: 5, amountMinor: 0 };
      for (let i = 0; i < QUOTES; i++) {
        const amount = 1000 + ((i * 7919) % 2_000_000);
        sum += calculateFee(i & 1 ? withdrawal : tiered, amount, '2026-11-15T04:00:00.000Z', usage).feeMinor;
      }
      return sum;
    },
    floor: null,
  },
  {
    name: 'fees:preview withdrawal ¥1,000, active vs draft (end to end)',
    async run(ctx) {
      const id = await lowerWithdrawalDraft(ctx);
      ok(
        await ctx.call('agent', 'fees:preview', {
          scheduleId: 1,
          draftId: id,
          operation: 'withdrawal',
          channel: 'bank',
          segment: 'standard',
          amountMinor: 100_000,
          at: '2026-10-15T04:00:00.000Z',
          usage: { count: 3, amountMinor: 0 },
        }),
      );
    },
    async floor(ctx) {
      await ctx.sql.all('SELECT definition_json FROM fee_rules WHERE version_id = 1');
    },
  },
  {
    // What a supervisor waits for. The first run loads the customers and accounts; the next ones reuse them, as a supervisor's
    // second run on unchanged customers does.
    name: 'fees:simulate 90 days on workers, alone (wall time)',
    iterations: 3,
    async run(ctx) {
      await simulateAlone(ctx);
    },
    floor: null,
  },
  {
    // The same after a customer was written to (a segment set to itself): the lookups load again.
    name: 'fees:simulate 90 days on workers, alone, after a customer changed (wall time)',
    iterations: 3,
    async beforeEach(ctx) {
      await ctx.sql.run('UPDATE customers SET segment = segment WHERE id = 1');
    },
    async run(ctx) {
      await simulateAlone(ctx);
    },
    floor: null,
  },
  {
    name: 'fees:simulate 90 days on a worker, grid paging in parallel (wall time)',
    iterations: 3,
    async run(ctx) {
      // The main thread keeps serving grid pages while the worker scans.
      const result = await simulate(ctx, async () => {
        const t0 = performance.now();
        ok(await ctx.call('agent', 'transactions:list', { sort: 'createdAt', dir: 'desc', limit: 100, after: null }));
        pagesDuringSimulation.push(performance.now() - t0);
        // Let the event loop deliver the worker's messages, as between two IPC calls in the app.
        await new Promise((resolve) => setImmediate(resolve));
      });
      const sorted = [...pagesDuringSimulation].sort((a, b) => a - b);
      console.log(
        `  simulation: ${result.transactions.toLocaleString('en-US')} transactions in ${result.millis} ms on a worker; ` +
          `${sorted.length} grid pages meanwhile, p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(2)} ms, max ${sorted.at(-1)?.toFixed(2)} ms`,
      );
      pagesDuringSimulation.length = 0;
    },
    async floor(ctx) {
      // A walk of the index the scan reads. Asked for a sum, SQLite's planner walks the time
      // index and reads every row from the table instead (57 s at huge).
      const from = ctx.sql.kind === 'sqlite' ? `transactions INDEXED BY ${FEE_SCAN_INDEX}` : 'transactions';
      await ctx.sql.get(`SELECT count(*), sum(amount_minor) FROM ${from} WHERE created_at >= ? AND ${REPRICED}`, [
        new Date(Date.now() - 90 * 86_400_000).toISOString(),
      ]);
    },
  },
];
