import type Database from 'better-sqlite3';
import type { DeltaBucket, SimulationBreakdown, SimulationResult } from '../../shared/contract/fees';
import { CHANNELS, OPERATIONS, SEGMENTS } from '../../shared/domain/catalog';
import { calculateFee, type FeeRule, type FeeRuleDefinition } from '../../shared/domain/fees';
import { monthStartIso, nextMonth, zonedMonth } from '../../shared/domain/time';

export interface SimulationParams {
  baseRules: FeeRule[];
  draftRules: FeeRule[];
  /** The repriced window, [from, to). */
  from: string;
  to: string;
  timeZone: string;
}

/** Per-transaction change buckets, in fen: (−∞,−5000) … [5000,∞), with exactly 0 on its own. */
const EDGES = [-5000, -1000, -100, 0, 1, 101, 1001, 5001];

/**
 * The scan the simulation runs on a connection of its own (a worker's, in the app).
 * Transactions are read from a covering index in time order, from the start of the
 * business-time-zone month the window opens in, so month-to-date usage (free quotas)
 * is exact from the first repriced transaction. A generator, so the caller can report
 * progress, yield to other work, or stop between chunks.
 */
export function* simulateFees(
  sqlite: Database.Database,
  p: SimulationParams,
  chunk = 50_000,
): Generator<number, Omit<SimulationResult, 'ranIn' | 'millis' | 'days'>> {
  const opIndex = new Map<string, number>(OPERATIONS.map((o, i) => [o, i]));
  const chIndex = new Map<string, number>(CHANNELS.map((c, i) => [c, i]));
  const keyOf = (op: number, ch: number, seg: number) => (op * CHANNELS.length + ch) * SEGMENTS.length + seg;
  const table = (rules: FeeRule[]) => {
    const defs: (FeeRuleDefinition | null)[] = new Array(OPERATIONS.length * CHANNELS.length * SEGMENTS.length);
    defs.fill(null);
    for (const r of rules)
      defs[keyOf(opIndex.get(r.operation)!, chIndex.get(r.channel)!, SEGMENTS.indexOf(r.segment))] = r.definition;
    return defs;
  };
  const base = table(p.baseRules);
  const draft = table(p.draftRules);

  // Each account's segment and customer, in flat arrays indexed by account id.
  const maxAccount = (sqlite.prepare('SELECT coalesce(max(id), 0) AS n FROM accounts').get() as { n: number }).n;
  const segmentOf = new Uint8Array(maxAccount + 1);
  const customerOf = new Int32Array(maxAccount + 1);
  const segIndex = new Map<string, number>(SEGMENTS.map((s, i) => [s, i]));
  for (const [accountId, customerId, segment] of sqlite
    .prepare('SELECT a.id, a.customer_id, c.segment FROM accounts a JOIN customers c ON c.id = a.customer_id')
    .raw()
    .iterate() as IterableIterator<[number, number, string]>) {
    segmentOf[accountId] = segIndex.get(segment) ?? 0;
    customerOf[accountId] = customerId;
  }

  // Month boundaries as UTC instants, so the hot loop compares strings, never formats dates.
  let month = zonedMonth(p.from, p.timeZone);
  const scanFrom = monthStartIso(month, p.timeZone);
  let monthNo = 0;
  let monthEnd = monthStartIso(nextMonth(month), p.timeZone);

  // Month-to-date usage per account × operation × channel, kept only where a rule of either
  // version has a free quota (nothing else reads it): most rows skip this map entirely.
  const usage = new Map<number, { month: number; count: number; amountMinor: number }>();
  const needsUsage = new Uint8Array(OPERATIONS.length * CHANNELS.length);
  for (let i = 0; i < base.length; i++)
    if (base[i]?.freeQuota || draft[i]?.freeQuota) needsUsage[Math.floor(i / SEGMENTS.length)] = 1;
  const noUsage = { count: 0, amountMinor: 0 };
  const maxCustomer = (sqlite.prepare('SELECT coalesce(max(id), 0) AS n FROM customers').get() as { n: number }).n;
  const perCustomer = new Float64Array(maxCustomer + 1);
  const touched = new Uint8Array(maxCustomer + 1);
  const byOpCh: (SimulationBreakdown | undefined)[] = new Array(OPERATIONS.length * CHANNELS.length);
  const buckets = EDGES.length + 1;
  const counts = new Array<number>(buckets).fill(0);
  let transactions = 0;
  let before = 0;
  let after = 0;
  let refusedAfter = 0;
  const fromMs = Date.parse(p.from);
  const span = Math.max(1, Date.parse(p.to) - fromMs);

  const rows = sqlite
    .prepare(
      `SELECT created_at, account_id, operation, channel, amount_minor, status FROM transactions
       WHERE created_at >= ? AND created_at < ? AND status IN ('settled', 'pending') ORDER BY created_at`,
    )
    .raw()
    .iterate(scanFrom, p.to) as IterableIterator<[string, number, string, string, number, string]>;
  let n = 0;
  for (const [at, accountId, operation, channel, amount, status] of rows) {
    while (at >= monthEnd) {
      month = nextMonth(month);
      monthEnd = monthStartIso(nextMonth(month), p.timeZone);
      monthNo++;
    }
    const op = opIndex.get(operation)!;
    const ch = chIndex.get(channel)!;
    const oc = op * CHANNELS.length + ch;
    let used: { month: number; count: number; amountMinor: number } | undefined;
    if (needsUsage[oc]) {
      const uKey = accountId * OPERATIONS.length * CHANNELS.length + oc;
      used = usage.get(uKey);
      if (!used) usage.set(uKey, (used = { month: monthNo, count: 0, amountMinor: 0 }));
      else if (used.month !== monthNo) {
        used.month = monthNo;
        used.count = 0;
        used.amountMinor = 0;
      }
    }
    if (at >= p.from) {
      const key = keyOf(op, ch, segmentOf[accountId]);
      const b = base[key];
      const d = draft[key];
      const feeBefore = b ? calculateFee(b, amount, at, used ?? noUsage).feeMinor : 0;
      let feeAfter = 0;
      if (d) {
        const outcome = calculateFee(d, amount, at, used ?? noUsage);
        if (outcome.kind === 'refused') refusedAfter++;
        feeAfter = outcome.feeMinor;
      }
      const delta = feeAfter - feeBefore;
      transactions++;
      before += feeBefore;
      after += feeAfter;
      const customer = customerOf[accountId];
      perCustomer[customer] += delta;
      touched[customer] = 1;
      let agg = byOpCh[oc];
      if (!agg) {
        agg = byOpCh[oc] = {
          operation: OPERATIONS[op],
          channel: CHANNELS[ch],
          count: 0,
          beforeMinor: 0,
          afterMinor: 0,
          deltaMinor: 0,
        };
      }
      agg.count++;
      agg.beforeMinor += feeBefore;
      agg.afterMinor += feeAfter;
      agg.deltaMinor += delta;
      let bucket = 0;
      while (bucket < EDGES.length && delta >= EDGES[bucket]) bucket++;
      counts[bucket]++;
    }
    if (used && status === 'settled') {
      used.count++;
      used.amountMinor += amount;
    }
    if (++n % chunk === 0) yield Math.min(1, Math.max(0, (Date.parse(at) - fromMs) / span));
  }

  let customersUp = 0;
  let customersDown = 0;
  let customers = 0;
  for (let c = 0; c < touched.length; c++) {
    if (!touched[c]) continue;
    customers++;
    if (perCustomer[c] > 0) customersUp++;
    else if (perCustomer[c] < 0) customersDown++;
  }
  const distribution: DeltaBucket[] = counts.map((count, i) => ({
    fromMinor: i === 0 ? null : EDGES[i - 1],
    toMinor: i === EDGES.length ? null : EDGES[i],
    count,
  }));
  return {
    from: p.from,
    to: p.to,
    transactions,
    beforeMinor: before,
    afterMinor: after,
    deltaMinor: after - before,
    customersUp,
    customersDown,
    customersSame: customers - customersUp - customersDown,
    refusedAfter,
    byOperationChannel: byOpCh.filter((b) => b !== undefined).sort((a, b) => a.deltaMinor - b.deltaMinor),
    distribution,
  };
}

/** Runs the scan to the end in one go (worker threads, benchmarks). */
export function runSimulation(
  sqlite: Database.Database,
  p: SimulationParams,
  onProgress: (progress: number) => void = () => {},
) {
  const steps = simulateFees(sqlite, p);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    onProgress(next.value);
  }
}
